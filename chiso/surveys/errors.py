"""The errors a survey raises; each message is shown to the respondent or officer as is."""

from chiso.core.errors import DomainError


class AnswersRejected(DomainError):
    """Answers that cannot be stored (unknown item, out of scale, missing, used invitation)."""

    def __init__(self, messages: list[str]):
        super().__init__("Phiếu chưa được ghi nhận: " + "; ".join(messages[:8]))
        self.messages = messages


class SurveyClosed(DomainError):
    """The round is not taking answers (not opened yet, finished, or outside its dates)."""

    def __init__(self):
        super().__init__("Đợt khảo sát này hiện không nhận phiếu trả lời. Xin cảm ơn quý vị.")


class RateLimited(DomainError):
    def __init__(self):
        super().__init__(
            "Đã nhận quá nhiều phiếu từ cùng một địa chỉ mạng trong một giờ. "
            "Xin vui lòng thử lại sau."
        )


class Duplicate(DomainError):
    """The same answers from the same address a moment ago: a repeated submission."""

    def __init__(self):
        super().__init__("Phiếu trả lời giống hệt vừa được gửi từ thiết bị này, không ghi thêm.")


def messages_of(exc: DomainError) -> list[str]:
    """Every message of an error, for listing above a form."""
    return getattr(exc, "messages", None) or [exc.message]
