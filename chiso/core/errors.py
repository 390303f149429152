"""Errors the domain raises; each carries a message a civil servant can read (Vietnamese)."""


class DomainError(Exception):
    """A rule of the domain was broken; `message` is shown to the user as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(DomainError):
    """Someone else changed the object since it was loaded (optimistic locking)."""
