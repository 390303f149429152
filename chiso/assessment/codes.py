"""Criterion codes: the code is part of the addresses of a criterion's pages."""

FORBIDDEN = "/\\"  # "/" separates the parts of an address


def code_problem(code: str) -> str:
    """Why `code` cannot be a criterion code ("" when it can)."""
    if any(c in code for c in FORBIDDEN):
        return (
            f"Mã tiêu chí “{code}” không được chứa dấu “/” hay “\\” "
            "(ví dụ dùng 1.2a thay cho 1.2/a)."
        )
    return ""
