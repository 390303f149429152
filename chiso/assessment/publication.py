"""Closing and publishing a round, and its decision annex (.docx in the state format, .xlsx).

- Closing ("Chốt kết quả đợt"): once every unit's result is final, the round becomes FINAL.
- Publishing ("Công bố kết quả"): a FINAL round becomes PUBLISHED on a date, once.
Both are done by the coordinator who runs the round (`AssessmentRound.objects.managed_by`) and
recorded in the round's history with who and why.
- The annex: "Phụ lục: Kết quả xác định Chỉ số CCHC năm YYYY của …", one table for the round's
  group (STT, đơn vị, điểm tự chấm, thẩm định, điều tra XHH, tổng, chỉ số %, xếp hạng, xếp loại),
  through the shared builders (`chiso.core.builders`, Nghị định 30/2020/NĐ-CP layout); in the
  .xlsx the scores are numbers with two decimals. Who may download: the coordinator of a FINAL
  or PUBLISHED round, and everyone who sees the round once it is published (a published result
  is public).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from chiso.assessment import selectors
from chiso.assessment.models import AssessmentRound, RoundStatus, UnitStatus
from chiso.core.builders import BUILDERS
from chiso.core.builders.base import Header, Heading, Paragraph, ReportDocument, Signature, Table
from chiso.core.errors import ConflictError, DomainError

CLOSED = (RoundStatus.FINAL, RoundStatus.PUBLISHED)
COLUMNS = [
    "STT",
    "Đơn vị",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Điểm điều tra XHH",
    "Tổng điểm",
    "Chỉ số CCHC (%)",
    "Xếp hạng",
    "Xếp loại",
]
WIDTHS = [10, 52, 18, 18, 18, 18, 18, 14, 22]


def can_manage(user, round_: AssessmentRound) -> bool:
    return AssessmentRound.objects.managed_by(user).filter(pk=round_.pk).exists()


def can_download(user, round_: AssessmentRound, *, managed: bool | None = None) -> bool:
    """`round_` must be one the user sees (fetched through `visible_to`)."""
    if round_.status == RoundStatus.PUBLISHED:
        return True
    managed = can_manage(user, round_) if managed is None else managed
    return round_.status == RoundStatus.FINAL and managed


def _locked(round_: AssessmentRound) -> AssessmentRound:
    return AssessmentRound.objects.select_for_update().get(pk=round_.pk)


@transaction.atomic
def round_close(*, round_: AssessmentRound, by) -> AssessmentRound:
    round_ = _locked(round_)
    if round_.status in CLOSED:
        raise ConflictError("Đợt đánh giá đã được chốt kết quả.")
    pending = list(
        round_.units.exclude(status=UnitStatus.FINAL)
        .order_by("unit__name")
        .values_list("unit__name", flat=True)
    )
    if pending:
        shown = ", ".join(pending[:5]) + ("…" if len(pending) > 5 else "")
        raise DomainError(f"Còn {len(pending)} đơn vị chưa chốt kết quả: {shown}.")
    round_.status = RoundStatus.FINAL
    round_._history_user = by
    round_._change_reason = "Chốt kết quả đợt đánh giá"
    round_.save(update_fields=["status", "updated_at"])
    return round_


@transaction.atomic
def round_publish(*, round_: AssessmentRound, by, on: date | None = None) -> AssessmentRound:
    round_ = _locked(round_)
    if round_.status == RoundStatus.PUBLISHED:
        raise ConflictError(
            f"Kết quả đã được công bố ngày {round_.published_on:%d/%m/%Y}."
            if round_.published_on
            else "Kết quả đã được công bố."
        )
    if round_.status != RoundStatus.FINAL:
        raise DomainError("Chỉ công bố kết quả của đợt đã chốt kết quả.")
    round_.status = RoundStatus.PUBLISHED
    round_.published_on = on or timezone.localdate()
    round_._history_user = by
    round_._change_reason = "Công bố kết quả"
    round_.save(update_fields=["status", "published_on", "updated_at"])
    return round_


# --- the annex ------------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def annex_title(round_: AssessmentRound) -> str:
    return f"Kết quả xác định Chỉ số CCHC năm {round_.year} của {_lower_first(round_.group.name)}"


def annex_rows(round_: AssessmentRound) -> list[list]:
    """One row per unit in rank order; scores as Decimals (numbers in the .xlsx)."""
    rows = []
    for number, result in enumerate(selectors.round_results(round_), start=1):
        total = None
        if result.appraised_total is not None:
            total = result.appraised_total + (result.survey_total or 0)
        classification = result.classification
        if result.provisional:
            classification = f"{classification} (tạm tính)"
        rows.append(
            [
                number,
                result.assessment.unit.name,
                result.self_total,
                result.appraised_total,
                result.survey_total,
                total,
                result.index_pct,
                result.rank or "",
                classification,
            ]
        )
    return rows


def _province(round_: AssessmentRound) -> str:
    parent = round_.coordinator_unit.parent
    return (parent or round_.coordinator_unit).name


def _place(province: str) -> str:
    for prefix in ("Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố ", "UBND tỉnh "):
        if province.startswith(prefix):
            return province[len(prefix) :]
    return "…"


def annex_document(round_: AssessmentRound, today: date | None = None) -> ReportDocument:
    day = round_.published_on or today or timezone.localdate()
    province = _province(round_)
    thresholds = ", ".join(
        f"{label} từ {minimum}%"
        for minimum, label in sorted(round_.criteria_set.thresholds or [], key=lambda t: -t[0])
    )
    rule = (
        "Chỉ số CCHC = (điểm thẩm định + điểm điều tra xã hội học) ÷ tổng điểm tối đa × 100, "
        "làm tròn hai chữ số thập phân; các đơn vị bằng điểm nhau cùng hạng."
    )
    if thresholds:
        rule += f" Xếp loại: {thresholds}."
    return ReportDocument(
        header=Header(
            superior="",
            issuer=province.replace("Ủy ban nhân dân", "ỦY BAN NHÂN DÂN").upper(),
            number="(Kèm theo Quyết định số …/QĐ-UBND)",
            place_date=f"{_place(province)}, ngày {day.day:02d} tháng {day.month:02d} "
            f"năm {day.year}",
        ),
        title="PHỤ LỤC",
        summary=annex_title(round_),
        annex_title=f"Phụ lục: {annex_title(round_)}",
        blocks=[
            Paragraph(
                f"Bộ tiêu chí: {round_.criteria_set.name}"
                + (f" ({round_.criteria_set.decision})" if round_.criteria_set.decision else "")
                + "."
            ),
            Paragraph(rule, italic=True),
            Heading(round_.group.name.upper()),
            Table(COLUMNS, annex_rows(round_), widths_mm=WIDTHS, sheet="Kết quả"),
        ],
        recipients=[],
        signature=Signature([]),
    )


def annex_file(round_: AssessmentRound, kind: str) -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of the annex as "docx" or "xlsx"."""
    builder = BUILDERS[kind]
    level = "so-ban-nganh" if round_.level == "department" else "xa-phuong"
    name = f"phu-luc-ket-qua-chi-so-cchc-{round_.year}-{level}.{builder.extension}"
    return builder.build(annex_document(round_)), builder.content_type, name
