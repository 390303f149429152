"""The round's timeline where it decides what may be written.

- Self-assessment (scores, evidence, submission) is open until the round's `self_closes`
  (inclusive), or until the date the coordinator extended it to for one unit
  (`UnitAssessment.self_extended_until`). No closing date: no limit.
- Explanation (giải trình, đề nghị xem xét lại) opens for a unit once its appraisal is complete
  and closes after the round's `explanation_closes` (inclusive); no closing date: no limit.

Every refusal is a ConflictError with a Vietnamese message naming the date.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from chiso.assessment.models import UnitAssessment, UnitStatus
from chiso.core.errors import ConflictError, DomainError


def self_deadline(assessment: UnitAssessment) -> date | None:
    closes = assessment.round.self_closes
    extended = assessment.self_extended_until
    if extended and (closes is None or extended > closes):
        return extended
    return closes


def self_open(assessment: UnitAssessment, today: date | None = None) -> bool:
    deadline = self_deadline(assessment)
    return deadline is None or (today or timezone.localdate()) <= deadline


def check_self_open(assessment: UnitAssessment, today: date | None = None) -> None:
    if not self_open(assessment, today):
        raise ConflictError(
            f"Đã hết hạn tự đánh giá ({self_deadline(assessment):%d/%m/%Y}); đơn vị không sửa, "
            "không nộp được nữa. Liên hệ cơ quan tổ chức đợt đánh giá nếu cần gia hạn."
        )


def explanation_open(assessment: UnitAssessment, today: date | None = None) -> bool:
    closes = assessment.round.explanation_closes
    if assessment.status != UnitStatus.APPRAISED:
        return False
    return closes is None or (today or timezone.localdate()) <= closes


def check_explanation_open(assessment: UnitAssessment, today: date | None = None) -> None:
    closes = assessment.round.explanation_closes
    if closes is not None and (today or timezone.localdate()) > closes:
        raise ConflictError(f"Đã hết thời hạn giải trình, đề nghị xem xét lại ({closes:%d/%m/%Y}).")


@transaction.atomic
def self_extend(*, assessment: UnitAssessment, until: date | None, by) -> UnitAssessment:
    """The coordinator lets one unit self-assess until `until` (None withdraws the extension)."""
    assessment = (
        UnitAssessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)
    )
    if assessment.status != UnitStatus.DRAFT:
        raise ConflictError("Đơn vị đã nộp kết quả tự đánh giá; không cần gia hạn.")
    today = timezone.localdate()
    if until is not None and until < today:
        raise DomainError("Ngày gia hạn phải từ hôm nay trở đi.", field="until")
    closes = assessment.round.self_closes
    if until is not None and closes is not None and until <= closes:
        raise DomainError(
            f"Ngày gia hạn phải sau hạn nộp chung của đợt ({closes:%d/%m/%Y}).", field="until"
        )
    assessment.self_extended_until = until
    assessment.save(update_fields=["self_extended_until", "updated_at"])
    return assessment
