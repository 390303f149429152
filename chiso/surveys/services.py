"""Writes: questionnaires (versioned), rounds and their sample, invitations, answers, corrections,
and recording a round's result as an internal index result. Everything is checked first, then
written in one transaction: bad input leaves the data exactly as it was."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from chiso.core.errors import ConflictError, DomainError
from chiso.frameworks import services as framework_services
from chiso.frameworks.models import Framework, Source
from chiso.orgs.models import OrgUnit
from chiso.surveys import rules, stats
from chiso.surveys.models import (
    SLOTS,
    Criterion,
    Invitation,
    Item,
    Mode,
    Part,
    Questionnaire,
    RoundStatus,
    Rule,
    SampleCell,
    SurveyRound,
)

INVITATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper slips
MAX_INVITATIONS = 5000


# --- questionnaires ---------------------------------------------------------------------------


def _check_item(raw: dict, earlier: set[str]) -> list[str]:
    code = str(raw.get("code", "")).strip()
    problems = []
    if not code:
        problems.append("Có câu hỏi chưa có mã.")
    if code in earlier:
        problems.append(f"Mã câu hỏi {code} bị trùng.")
    if raw.get("kind") not in rules.KIND_LABELS:
        problems.append(f"Câu {code}: loại câu trả lời “{raw.get('kind')}” không hợp lệ.")
    if not str(raw.get("text", "")).strip():
        problems.append(f"Câu {code}: chưa có nội dung câu hỏi.")
    if raw.get("kind") == rules.CHOICE and not raw.get("options"):
        problems.append(f"Câu {code}: câu chọn phương án cần ít nhất một phương án.")
    low, high = raw.get("scale_min"), raw.get("scale_max")
    if low is not None and high is not None and int(low) >= int(high):
        problems.append(f"Câu {code}: giá trị nhỏ nhất phải nhỏ hơn giá trị lớn nhất.")
    if raw.get("counts") and raw.get("kind") not in rules.RATED_KINDS:
        problems.append(f"Câu {code}: chỉ câu hỏi theo thang mức mới tính vào mức độ hài lòng.")
    rule_problem = rules.check_rule(raw.get("show_if") or {}, earlier)
    if rule_problem:
        problems.append(f"Câu {code}: {rule_problem}")
    return problems


def check_questionnaire(data: dict) -> list[str]:
    """Every problem of a questionnaire definition (empty when it can be saved)."""
    problems = []
    if not str(data.get("code", "")).strip():
        problems.append("Chưa có mã bộ câu hỏi.")
    if not str(data.get("title", "")).strip():
        problems.append("Chưa có tên phiếu.")
    if data.get("rule", Rule.TOP_BOX) not in Rule.values:
        problems.append("Cách tính mức độ hài lòng không hợp lệ.")
    seen_items: set[str] = set()
    criteria: set[str] = set()
    numeric = 0
    for part in data.get("parts") or []:
        for criterion in part.get("criteria") or []:
            if criterion.get("code") in criteria:
                problems.append(f"Mã tiêu chí {criterion.get('code')} bị trùng.")
            criteria.add(criterion.get("code"))
            for item in criterion.get("items") or []:
                problems += _check_item(item, seen_items)
                seen_items.add(str(item.get("code", "")).strip())
                numeric += item.get("kind") in rules.NUMERIC_KINDS
    if not seen_items:
        problems.append("Bộ câu hỏi chưa có câu hỏi nào.")
    if numeric > SLOTS:
        problems.append(f"Bộ câu hỏi có {numeric} câu trả lời bằng số, tối đa {SLOTS}.")
    return problems


def _framework(code: str | None) -> Framework | None:
    return Framework.objects.filter(code=code).current().first() if code else None


def _item_fields(raw: dict, order: int, slot: int | None) -> dict:
    def number(key):
        return None if raw.get(key) in (None, "") else int(raw[key])

    return {
        "code": str(raw["code"]).strip(),
        "text": str(raw["text"]).strip()[:500],
        "kind": raw["kind"],
        "scale_min": number("scale_min"),
        "scale_max": number("scale_max"),
        "options": [str(o) for o in raw.get("options") or []],
        "multiple": bool(raw.get("multiple")),
        "required": bool(raw.get("required")),
        "show_if": raw.get("show_if") or {},
        "counts": bool(raw.get("counts")),
        "slot": slot,
        "order": order,
    }


def _questionnaire_conflict(code: str) -> ConflictError:
    """Who saved the newer version of `code`, and when (someone else, just now, when the
    winner of a simultaneous save is not committed yet)."""
    latest = (
        Questionnaire.objects.filter(code=code)
        .select_related("created_by")
        .order_by("-version")
        .first()
    )
    who, when = "người khác", "vừa rồi"
    if latest is not None:
        if latest.created_by:
            who = latest.created_by.get_full_name() or latest.created_by.username
        when = timezone.localtime(latest.created_at).strftime("%H:%M ngày %d/%m/%Y")
    return ConflictError(
        f"Bộ câu hỏi {code} đã được {who} lưu phiên bản mới lúc {when}, sau khi bạn mở trang. "
        "Nội dung của bạn chưa được lưu; tải lại trang và thử lại."
    )


@transaction.atomic
def questionnaire_import(
    *, data: dict, by=None, owner_unit: OrgUnit | None = None, based_on: int | None = None
) -> Questionnaire:
    """A new version of the questionnaire `data["code"]` (version 1 when the code is new).

    `based_on` is the latest version the editor started from (0: a new code); when someone saved
    another version since, or saves one at the same moment, ConflictError and nothing is written.
    """
    problems = check_questionnaire(data)
    if problems:
        raise DomainError("Bộ câu hỏi chưa lưu được: " + "; ".join(problems[:8]))
    code = str(data["code"]).strip()
    last = Questionnaire.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
    if based_on is not None and last != based_on:
        raise _questionnaire_conflict(code)
    framework = _framework(data.get("framework"))
    q = Questionnaire(
        code=code,
        version=last + 1,
        title=str(data["title"]).strip(),
        intro=data.get("intro", ""),
        rule=data.get("rule") or Rule.TOP_BOX,
        framework=framework,
        owner_unit=owner_unit,
        note=data.get("note", ""),
        created_by=by,
    )
    q.full_clean(validate_constraints=False)  # the unique version is decided by the insert
    try:
        with transaction.atomic():
            q.save()
    except IntegrityError as exc:  # a simultaneous save took this version number
        raise _questionnaire_conflict(code) from exc
    components = {c.code: c for c in framework.components.all()} if framework else {}
    order = slot = 0
    for p_order, raw_part in enumerate(data["parts"]):
        part = Part.objects.create(
            questionnaire=q,
            code=str(raw_part["code"]),
            name=raw_part["name"],
            order=p_order,
            component=components.get(raw_part.get("component") or ""),
        )
        for raw_c in raw_part.get("criteria") or []:
            order += 1
            criterion = Criterion.objects.create(
                questionnaire=q,
                part=part,
                code=str(raw_c["code"]),
                name=raw_c["name"],
                order=order,
                component=components.get(raw_c.get("component") or ""),
            )
            for raw in raw_c.get("items") or []:
                order += 1
                numeric = raw["kind"] in rules.NUMERIC_KINDS
                slot += numeric
                Item.objects.create(
                    questionnaire=q,
                    criterion=criterion,
                    **_item_fields(raw, order, slot if numeric else None),
                )
    return q


def questionnaire_as_data(q: Questionnaire) -> dict:
    """The definition of a questionnaire version, in the shape `questionnaire_import` reads."""
    items_by_criterion: dict[int, list[Item]] = {}
    for item in q.items.order_by("order"):
        items_by_criterion.setdefault(item.criterion_id, []).append(item)
    parts = []
    for part in q.parts.order_by("order").select_related("component"):
        criteria = []
        for c in part.criteria.order_by("order"):
            items = [
                {
                    "code": i.code,
                    "text": i.text,
                    "kind": i.kind,
                    "scale_min": i.scale_min,
                    "scale_max": i.scale_max,
                    "options": i.options,
                    "multiple": i.multiple,
                    "required": i.required,
                    "show_if": i.show_if,
                    "counts": i.counts,
                }
                for i in items_by_criterion.get(c.pk, [])
            ]
            criteria.append(
                {
                    "code": c.code,
                    "name": c.name,
                    "component": c.component.code if c.component_id else "",
                    "items": items,
                }
            )
        parts.append(
            {
                "code": part.code,
                "name": part.name,
                "component": part.component.code if part.component_id else "",
                "criteria": criteria,
            }
        )
    return {
        "code": q.code,
        "title": q.title,
        "intro": q.intro,
        "rule": q.rule,
        "framework": q.framework.code if q.framework_id else "",
        "note": q.note,
        "parts": parts,
    }


# --- rounds and sample design -----------------------------------------------------------------


def _new_code() -> str:
    return secrets.token_urlsafe(6).lower().replace("_", "x").replace("-", "y")


@transaction.atomic
def round_create(
    *,
    questionnaire: Questionnaire,
    unit: OrgUnit,
    name: str,
    starts_on: date,
    ends_on: date,
    modes: list[str] | None = None,
    margin: Decimal = Decimal("0.05"),
    code: str | None = None,
    invitation_only: bool = False,
    by=None,
) -> SurveyRound:
    if code and SurveyRound.objects.filter(code=code).exists():
        raise DomainError(f"Mã công khai “{code}” đã được dùng cho đợt khác.", field="code")
    if not Decimal("0.005") <= Decimal(margin) <= Decimal("0.5"):
        raise DomainError("Sai số cho phép phải từ 0,5% đến 50%.", field="margin")
    if ends_on < starts_on:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.", field="ends_on")
    bad = [m for m in modes or [] if m not in Mode.values]
    if bad:
        raise DomainError("Hình thức thu phiếu không hợp lệ.", field="modes")
    survey = SurveyRound(
        questionnaire=questionnaire,
        unit=unit,
        name=name.strip(),
        code=code or _new_code(),
        starts_on=starts_on,
        ends_on=ends_on,
        modes=modes or [Mode.ONLINE, Mode.PAPER],
        margin=margin,
        invitation_only=invitation_only,
        created_by=by,
    )
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def round_set_status(*, survey: SurveyRound, status: str, by=None) -> SurveyRound:
    if status not in RoundStatus.values:
        raise DomainError("Trạng thái không hợp lệ.")
    survey.status = status
    survey._history_user = by
    survey.save(update_fields=["status", "updated_at"])
    return survey


def allocation(cells: list[tuple[int, str, int]], margin: float) -> tuple[int, list[int]]:
    """Total sample and each cell's quota: n over the whole population, then proportional
    allocation to communes (units) and, within a commune, to its villages."""
    total = stats.sample_size(sum(p for _, _, p in cells), margin)
    units: list[int] = []
    for unit_id, _, _ in cells:
        if unit_id not in units:
            units.append(unit_id)
    per_unit = stats.allocate(total, [sum(p for u, _, p in cells if u == uid) for uid in units])
    quotas = [0] * len(cells)
    for uid, share in zip(units, per_unit, strict=True):
        idx = [i for i, c in enumerate(cells) if c[0] == uid]
        for i, q in zip(idx, stats.allocate(share, [cells[i][2] for i in idx]), strict=True):
            quotas[i] = q
    return total, quotas


@transaction.atomic
def sample_set(*, survey: SurveyRound, rows: list[tuple[OrgUnit, str, int]], by=None) -> int:
    """Replace the round's sample frame; returns the total sample size n = N / (1 + N·e²)."""
    seen = set()
    for unit, village, population in rows:
        key = (unit.pk, village.strip().lower())
        if key in seen:
            raise DomainError(f"{unit.name} {village} được nhập hai lần.".replace("  ", " "))
        seen.add(key)
        if population is None or population < 0:
            raise DomainError(f"Dân số của {unit.name} {village} không hợp lệ.")
    cells = [(u.pk, v.strip(), int(p)) for u, v, p in rows]
    total, quotas = allocation(cells, float(survey.margin))
    survey.cells.all().delete()
    SampleCell.objects.bulk_create(
        SampleCell(round=survey, unit_id=u, village=v, population=p, needed=q)
        for (u, v, p), q in zip(cells, quotas, strict=True)
    )
    return total


def invitations_create(*, survey: SurveyRound, count: int, by=None) -> list[str]:
    if not 1 <= count <= MAX_INVITATIONS:
        raise DomainError(f"Số mã mời phải từ 1 đến {MAX_INVITATIONS}.", field="count")
    codes = {"".join(secrets.choice(INVITATION_ALPHABET) for _ in range(8)) for _ in range(count)}
    with transaction.atomic():
        Invitation.objects.bulk_create(
            [Invitation(round=survey, code=c) for c in codes], ignore_conflicts=True
        )
    return sorted(codes)


# --- feeds ------------------------------------------------------------------------------------


@transaction.atomic
def result_record(*, survey: SurveyRound, unit: OrgUnit, year: int, figures: dict, by=None) -> int:
    """Write a round's figures as internal survey results (source "Khảo sát nội bộ") of the
    questionnaire's framework: one per criterion linked to a component, and the total."""
    framework = survey.questionnaire.framework
    if framework is None:
        raise DomainError("Bộ câu hỏi chưa gắn với bộ chỉ số nào nên chưa ghi được kết quả.")
    note = f"Khảo sát nội bộ: {survey.name} ({figures['responses']} phiếu)"[:300]
    written = 0
    rows = [(c["component"], c["pct"]) for c in figures["criteria"] if c["component"]]
    rows += [(p["component"], p["pct"]) for p in figures["parts"] if p.get("component")]
    rows.append((None, figures["overall"]["pct"]))
    for component, pct in rows:
        if pct is None:
            continue
        spec = framework_services.ResultSpec(
            unit,
            framework,
            component,
            year,
            Decimal(str(round(pct, 2))),
            source=Source.INTERNAL_SURVEY,
            note=note,
        )
        framework_services.result_save(spec=spec, by=by)
        written += 1
    return written
