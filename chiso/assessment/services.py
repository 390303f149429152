"""Writes of the PAR assessment: criteria sets, rounds, self-scores, appraisal, survey scores.

Every batch of scores is all or nothing: one invalid score (above the maximum, not allowed by
the leaf's method, a leaf the writer may not score) raises a DomainError naming the leaf and
nothing is saved. A submitted self-assessment is locked (ConflictError).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from chiso.assessment import methods, selectors, timeline
from chiso.assessment.codes import code_problem
from chiso.assessment.models import (
    AppraiserAssignment,
    AssessmentFile,
    AssessmentRound,
    CriteriaSet,
    Criterion,
    CriterionKind,
    LeafScore,
    RoundStatus,
    ScoredBy,
    UnitAssessment,
    UnitStatus,
)
from chiso.core import figures
from chiso.core.errors import ConflictError, DomainError
from chiso.core.lib.text import fold
from chiso.core.uploads import check_upload
from chiso.frameworks.tabular import read_rows
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.orgs.services import group_resolved_members
from chiso.tracking.models import Evidence, ReportState


@dataclass(frozen=True)
class ScoreInput:
    code: str
    score: object
    note: str = ""


# --- criteria sets --------------------------------------------------------------------------------


def _add_nodes(cset: CriteriaSet, nodes: list[dict], parent, depth: int, counter: list[int]):
    kinds = [CriterionKind.FIELD, CriterionKind.CRITERION, CriterionKind.SUB]
    for node in nodes:
        counter[0] += 1
        children = node.get("children") or []
        leaf = not children
        method = node.get("method", methods.FREE) if leaf else ""
        max_points = methods.to_decimal(node["max"])
        if message := code_problem(str(node["code"])):
            raise DomainError(message)
        if leaf:
            methods.validate(method, node.get("params") or {}, max_points, 0)
        criterion = Criterion.objects.create(
            criteria_set=cset,
            parent=parent,
            code=str(node["code"]),
            name=node["name"],
            kind=kinds[min(depth, 2)],
            order=counter[0],
            max_points=max_points,
            is_leaf=leaf,
            method=method,
            method_params=node.get("params") or {},
            method_text=node.get("method_text", ""),
            scored_by=node.get("scored_by", ScoredBy.UNIT),
            evidence_required=node.get("evidence", ""),
            data_source=node.get("source", ""),
        )
        if children:
            total = sum(methods.to_decimal(c["max"]) for c in children)
            if total != max_points:
                raise DomainError(
                    f"Tiêu chí {criterion.code}: tổng điểm tối đa của các tiêu chí con ({total}) "
                    f"khác điểm tối đa của tiêu chí ({max_points})."
                )
            _add_nodes(cset, children, criterion, depth + 1, counter)


@transaction.atomic
def criteria_set_create(*, spec: dict, by=None) -> CriteriaSet:
    """A criteria set from its specification (name, level, year, decision, thresholds, tree)."""
    cset = CriteriaSet.objects.create(
        name=spec["name"],
        level=spec["level"],
        year=spec["year"],
        decision=spec.get("decision", ""),
        decision_date=spec.get("decision_date"),
        is_example=spec.get("is_example", False),
        thresholds=spec.get("thresholds", []),
        created_by=by,
    )
    try:
        _add_nodes(cset, spec["tree"], None, 0, [0])
    except methods.ScoreError as exc:
        raise DomainError(exc.message) from exc
    return cset


# --- rounds ---------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    name: str,
    year: int,
    criteria_set: CriteriaSet,
    group: UnitGroup,
    coordinator_unit: OrgUnit,
    self_opens: date | None = None,
    self_closes: date | None = None,
    appraisal_closes: date | None = None,
    explanation_closes: date | None = None,
    status: str = RoundStatus.SELF,
    by=None,
) -> AssessmentRound:
    """The round with one assessment per unit of the group and one score row per leaf."""
    round_ = AssessmentRound.objects.create(
        name=name,
        year=year,
        criteria_set=criteria_set,
        group=group,
        coordinator_unit=coordinator_unit,
        self_opens=self_opens,
        self_closes=self_closes,
        appraisal_closes=appraisal_closes,
        explanation_closes=explanation_closes,
        status=status,
        created_by=by,
    )
    # Units active when the round opens: a dissolved department is not assessed.
    units = list(group_resolved_members(group, on=self_opens or timezone.localdate()))
    if not units:
        raise DomainError(f"Nhóm “{group.name}” chưa có đơn vị nào.", field="group")
    UnitAssessment.objects.bulk_create(
        [UnitAssessment(round=round_, unit=u, created_by=by) for u in units]
    )
    leaves = list(criteria_set.criteria.filter(is_leaf=True))
    assessments = list(round_.units.all())
    LeafScore.objects.bulk_create(
        [LeafScore(assessment=a, criterion=leaf) for a in assessments for leaf in leaves],
        batch_size=2000,
    )
    return round_


@transaction.atomic
def appraiser_assign(*, round_: AssessmentRound, user, units: Iterable[OrgUnit] = ()):
    assignment, _ = AppraiserAssignment.objects.get_or_create(round=round_, user=user)
    assignment.units.set(list(units))
    return assignment


# --- scoring --------------------------------------------------------------------------------------

SUM_FIELDS = ["self_total", "appraised_total", "appraised_count", "survey_total"]
TOTAL_FIELDS = [*SUM_FIELDS, "index_pct", "index_provisional"]


def totals_refresh(assessment_ids) -> None:
    """Store each assessment's totals and index recomputed from its leaves (in the same
    transaction as the write that changed them)."""
    recomputed = selectors.stored_totals(assessment_ids)
    rows = list(UnitAssessment.objects.filter(pk__in=assessment_ids).select_related("round"))
    maxima = {}
    for row in rows:
        values = recomputed.get(row.pk, {})
        for name in SUM_FIELDS:
            setattr(row, name, values.get(name, 0 if name == "appraised_count" else None))
        if row.round_id not in maxima:
            maxima[row.round_id] = selectors.round_maxima(row.round)
        *_sums, row.index_pct, row.index_provisional = selectors.index_of(row, maxima[row.round_id])
    UnitAssessment.objects.bulk_update(rows, TOTAL_FIELDS)
    # a bulk update sends no signal: figures read from the index must move
    figures.bump(labels=["assessment"])


def _scores_by_code(assessment: UnitAssessment) -> dict[str, LeafScore]:
    rows = assessment.scores.select_related("criterion").select_for_update(of=("self",))
    return {row.criterion.code: row for row in rows}


def _locked(assessment: UnitAssessment) -> UnitAssessment:
    return UnitAssessment.objects.select_for_update().select_related("round").get(pk=assessment.pk)


def _check_version(assessment: UnitAssessment, version: int | None) -> None:
    if version is not None and int(version) != assessment.version:
        raise ConflictError(
            "Kết quả chấm điểm vừa được người khác thay đổi. Hãy tải lại trang rồi nhập lại."
        )


def _validated(row: LeafScore, value) -> Decimal:
    leaf = row.criterion
    try:
        return methods.validate(leaf.method, leaf.method_params, leaf.max_points, value)
    except methods.ScoreError as exc:
        raise DomainError(f"Tiêu chí {leaf.code}: {exc.message}", field=leaf.code) from exc


@transaction.atomic
def self_scores_save(
    *,
    assessment: UnitAssessment,
    scores: list[ScoreInput],
    by,
    version: int | None = None,
) -> UnitAssessment:
    assessment = _locked(assessment)
    if assessment.status != UnitStatus.DRAFT:
        raise ConflictError("Đơn vị đã nộp kết quả tự đánh giá; không sửa được nữa.")
    if assessment.round.status != RoundStatus.SELF:
        raise ConflictError("Đợt đánh giá không còn trong thời gian tự đánh giá.")
    timeline.check_self_open(assessment)
    _check_version(assessment, version)
    rows = _scores_by_code(assessment)
    changed = []
    for item in scores:
        row = rows.get(str(item.code))
        if row is None:
            raise DomainError(
                f"Không có tiêu chí mã “{item.code}” trong bộ tiêu chí.", field="code"
            )
        if row.criterion.scored_by != ScoredBy.UNIT:
            who = row.criterion.get_scored_by_display().lower()
            raise DomainError(
                f"Tiêu chí {row.criterion.code} do {who}, đơn vị không tự chấm.",
                field=row.criterion.code,
            )
        row.self_score = None if item.score in (None, "") else _validated(row, item.score)
        row.self_note = (item.note or "").strip()
        changed.append(row)
    LeafScore.objects.bulk_update(changed, ["self_score", "self_note"])
    totals_refresh([assessment.pk])
    assessment.refresh_from_db(fields=TOTAL_FIELDS)
    assessment.version += 1
    assessment.save(update_fields=["version", "updated_at"])
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: UnitAssessment, by) -> UnitAssessment:
    assessment = _locked(assessment)
    if assessment.status != UnitStatus.DRAFT:
        raise ConflictError("Đơn vị đã nộp kết quả tự đánh giá.")
    timeline.check_self_open(assessment)
    missing = list(
        assessment.scores.filter(criterion__scored_by=ScoredBy.UNIT, self_score__isnull=True)
        .order_by("criterion__order")
        .values_list("criterion__code", flat=True)
    )
    if missing:
        shown = ", ".join(missing[:10]) + ("…" if len(missing) > 10 else "")
        raise DomainError(f"Còn {len(missing)} tiêu chí chưa tự chấm: {shown}.")
    assessment.status = UnitStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.version += 1
    assessment.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    return assessment


@dataclass(frozen=True)
class AppraisalInput:
    code: str
    score: object
    reason: str = ""


@transaction.atomic
def appraisal_save(
    *, assessment: UnitAssessment, scores: list[AppraisalInput], by, version: int | None = None
) -> UnitAssessment:
    """The council accepts or adjusts each score; an adjustment needs a reason."""
    assessment = _locked(assessment)
    if assessment.status not in (UnitStatus.SUBMITTED, UnitStatus.APPRAISED):
        raise ConflictError("Chỉ thẩm định kết quả đơn vị đã nộp và chưa chốt.")
    _check_version(assessment, version)
    rows = _scores_by_code(assessment)
    changed = []
    for item in scores:
        row = rows.get(str(item.code))
        if row is None:
            raise DomainError(
                f"Không có tiêu chí mã “{item.code}” trong bộ tiêu chí.", field="code"
            )
        if row.criterion.scored_by == ScoredBy.SURVEY:
            raise DomainError(
                f"Tiêu chí {row.criterion.code} lấy điểm từ điều tra xã hội học, không thẩm định.",
                field=row.criterion.code,
            )
        value = _validated(row, item.score)
        reason = (item.reason or "").strip()
        differs = row.criterion.scored_by == ScoredBy.UNIT and value != row.self_score
        if differs and not reason:
            raise DomainError(
                f"Tiêu chí {row.criterion.code}: điểm thẩm định khác điểm tự chấm, hãy ghi lý do.",
                field=row.criterion.code,
            )
        row.appraised_score, row.appraisal_reason = value, reason
        changed.append(row)
    LeafScore.objects.bulk_update(changed, ["appraised_score", "appraisal_reason"])
    totals_refresh([assessment.pk])
    assessment.refresh_from_db(fields=TOTAL_FIELDS)
    remaining = assessment.scores.exclude(criterion__scored_by=ScoredBy.SURVEY).filter(
        appraised_score__isnull=True
    )
    if not remaining.exists():
        assessment.status = UnitStatus.APPRAISED
        assessment.appraised_at = timezone.now()
    assessment.version += 1
    assessment.save(update_fields=["status", "appraised_at", "version", "updated_at"])
    return assessment


@transaction.atomic
def survey_scores_save(*, round_: AssessmentRound, rows: list[tuple[int, str, object]], by) -> int:
    """(unit id, leaf code, score) triples from the survey; all or nothing."""
    assessments = {a.unit_id: a for a in round_.units.all()}
    leaves = {c.code: c for c in round_.criteria_set.criteria.filter(scored_by=ScoredBy.SURVEY)}
    updates = []
    for unit_id, code, value in rows:
        assessment = assessments.get(unit_id)
        leaf = leaves.get(str(code))
        if assessment is None or leaf is None:
            raise DomainError(f"Dòng đơn vị {unit_id}, tiêu chí {code}: không thuộc đợt đánh giá.")
        try:
            score = methods.validate(leaf.method, leaf.method_params, leaf.max_points, value)
        except methods.ScoreError as exc:
            raise DomainError(f"Tiêu chí {code}: {exc.message}") from exc
        updates.append((assessment.pk, leaf.pk, score))
    for assessment_id, leaf_id, score in updates:
        LeafScore.objects.filter(assessment_id=assessment_id, criterion_id=leaf_id).update(
            survey_score=score
        )
    totals_refresh({assessment_id for assessment_id, _leaf, _score in updates})
    return len(updates)


# --- evidence ---------------------------------------------------------------------------------


def reusable_evidence(assessment: UnitAssessment):
    """Evidence already accepted on the unit's task reports in the round's year: the same file
    serves the task report and the self-assessment, nobody uploads it twice."""
    year = assessment.round.year
    return (
        Evidence.objects.filter(
            report__unit_id=assessment.unit_id,
            report__state=ReportState.ACCEPTED,
            report__occurrence__due_date__year=year,
        )
        .select_related("report__occurrence__task")
        .order_by("-report__reviewed_at", "pk")
    )


def editable_by_unit(score: LeafScore) -> UnitAssessment:
    assessment = _locked(score.assessment)
    if assessment.status != UnitStatus.DRAFT:
        raise ConflictError("Đơn vị đã nộp kết quả tự đánh giá; không thay đổi tài liệu được nữa.")
    timeline.check_self_open(assessment)
    if score.criterion.scored_by == ScoredBy.SURVEY:
        raise DomainError(
            "Tiêu chí lấy điểm từ điều tra xã hội học, không cần tài liệu kiểm chứng."
        )
    return assessment


@transaction.atomic
def score_evidence_attach(*, score: LeafScore, evidence_ids: list[int], by) -> int:
    assessment = editable_by_unit(score)
    allowed = reusable_evidence(assessment).filter(pk__in=evidence_ids)
    found = list(allowed)
    if len(found) != len(set(evidence_ids)):
        raise DomainError("Chỉ chọn được tài liệu đã được chấp nhận trong báo cáo của đơn vị.")
    score.evidence.add(*found)
    return len(found)


@transaction.atomic
def score_file_upload(*, score: LeafScore, upload, by, max_mb: int) -> AssessmentFile:
    editable_by_unit(score)
    kind = check_upload(upload, upload.name, upload.size, max_mb)
    original = upload.name
    upload.name = f"{uuid.uuid4().hex}{kind.extension}"
    return AssessmentFile.objects.create(
        score=score,
        file=upload,
        original_name=original[:255],
        content_type=kind.content_type,
        size=upload.size,
        created_by=by,
    )


@transaction.atomic
def score_evidence_remove(*, score: LeafScore, evidence_id=None, file_id=None, by) -> None:
    editable_by_unit(score)
    if evidence_id is not None:
        score.evidence.remove(evidence_id)
    if file_id is not None:
        file = score.files.filter(pk=file_id).first()
        if file is not None and file.carried_to.exists():
            raise DomainError("Tệp này đang được dùng lại ở tiêu chí của năm sau; không xóa được.")
        if file is not None:
            stored = file.file
            file.delete()
            transaction.on_commit(lambda: stored.delete(save=False))


# --- explanation, decision, final -------------------------------------------------------------


@transaction.atomic
def objection_save(*, score: LeafScore, text: str, by) -> LeafScore:
    """The unit explains or asks the council to review one appraised leaf."""
    assessment = _locked(score.assessment)
    if assessment.status != UnitStatus.APPRAISED:
        raise ConflictError("Chỉ giải trình sau khi có kết quả thẩm định và trước khi chốt.")
    timeline.check_explanation_open(assessment)
    text = (text or "").strip()
    if not text:
        raise DomainError("Hãy ghi nội dung giải trình hoặc đề nghị xem xét lại.", field="text")
    score.objection = text
    score.save(update_fields=["objection"])
    return score


@transaction.atomic
def objection_decide(*, score: LeafScore, final_score, decision: str, by) -> LeafScore:
    assessment = _locked(score.assessment)
    if assessment.status != UnitStatus.APPRAISED:
        raise ConflictError("Kết quả của đơn vị đã chốt hoặc chưa thẩm định.")
    decision = (decision or "").strip()
    if not decision:
        raise DomainError("Hãy ghi kết luận của hội đồng.", field="decision")
    score.appraised_score = _validated(score, final_score)
    score.objection_decision = decision
    score.save(update_fields=["appraised_score", "objection_decision"])
    totals_refresh([assessment.pk])
    return score


@transaction.atomic
def assessment_finalize(*, assessment: UnitAssessment, by) -> UnitAssessment:
    """Lock the appraised result: final score = appraised (or survey) score of every leaf."""
    assessment = _locked(assessment)
    if assessment.status != UnitStatus.APPRAISED:
        raise ConflictError("Chỉ chốt kết quả của đơn vị đã thẩm định.")
    pending = assessment.scores.exclude(objection="").filter(objection_decision="")
    if pending.exists():
        raise DomainError("Còn giải trình của đơn vị chưa có kết luận của hội đồng.")
    for row in assessment.scores.select_related("criterion"):
        survey = row.criterion.scored_by == ScoredBy.SURVEY
        row.final_score = row.survey_score if survey else row.appraised_score
        row.save(update_fields=["final_score"])
    assessment.status = UnitStatus.FINAL
    assessment.version += 1
    assessment.save(update_fields=["status", "version", "updated_at"])
    return assessment


SURVEY_COLUMNS = {
    "unit": ("don vi", "ten don vi", "co quan"),
    "code": ("ma", "ma tieu chi"),
    "score": ("diem", "diem dieu tra", "diem dieu tra xhh"),
}


@transaction.atomic
def survey_scores_import(*, round_: AssessmentRound, data: bytes, filename: str, by) -> int:
    """Rows "Đơn vị | Mã tiêu chí | Điểm" of a spreadsheet; all or nothing, errors by row."""
    rows, found = read_rows(data, filename, SURVEY_COLUMNS)
    if found != set(SURVEY_COLUMNS):
        raise DomainError("Tệp cần các cột: Đơn vị, Mã tiêu chí, Điểm.")
    units = {fold(a.unit.name): a.unit_id for a in round_.units.select_related("unit")}
    triples, errors = [], []
    for row in rows:
        unit_id = units.get(fold(row.values["unit"]))
        if unit_id is None:
            errors.append(f"Dòng {row.number}: đơn vị “{row.values['unit']}” không thuộc đợt.")
            continue
        triples.append((unit_id, row.values["code"].strip(), row.values["score"]))
    if errors:
        raise DomainError(" ".join(errors[:10]))
    return survey_scores_save(round_=round_, rows=triples, by=by)
