"""Reads of the PAR assessment: a unit's result, the round's progress and ranking.

Index rule (written on the results page): index % = (appraised points of the unit- and
council-scored leaves + survey points) ÷ the set's maximum × 100, two decimals. While survey
scores are missing for every survey leaf, the index is provisional and computed on the maximum
without the survey leaves; before appraisal there is no index (the self total is shown apart).
Ranks are competition ranks within the round (equal indices share a rank: 1, 2, 2, 4).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from chiso.assessment import methods, previous
from chiso.assessment.models import (
    AssessmentFile,
    AssessmentRound,
    Criterion,
    LeafScore,
    ScoredBy,
    UnitAssessment,
    UnitStatus,
)
from chiso.orgs.models import OrgUnit
from chiso.plans.models import IndexCode
from chiso.tracking.models import Occurrence
from chiso.tracking.selectors import unit_completion_rates

ZERO = Decimal("0.00")


@dataclass
class UnitResult:
    assessment: UnitAssessment
    max_total: Decimal
    self_total: Decimal | None
    appraised_total: Decimal | None
    survey_total: Decimal | None
    index_pct: Decimal | None
    provisional: bool
    fields: list[dict] = field(default_factory=list)
    rank: int | None = None
    classification: str = ""
    # Change from last year (set by chiso.assessment.previous.annotate).
    previous_year: int | None = None
    previous_pct: Decimal | None = None
    previous_text: str = "—"
    change: Decimal | None = None
    change_text: str = ""


def _totals(a: UnitAssessment, non_survey_n: int, max_total: Decimal, survey_max: Decimal):
    """(self, appraised, survey, index %, provisional) by the rule in the module docstring."""
    if a.appraised_total is None or a.appraised_count < non_survey_n:
        return a.self_total, None, a.survey_total, None, False
    if a.survey_total is None and survey_max:
        index = methods.percent(a.appraised_total, max_total - survey_max)
        return a.self_total, a.appraised_total, None, index, True
    points = a.appraised_total + (a.survey_total or ZERO)
    return (
        a.self_total,
        a.appraised_total,
        a.survey_total,
        methods.percent(points, max_total),
        False,
    )


def stored_totals(assessment_ids) -> dict[int, dict]:
    """Totals recomputed from the leaf scores (what the services store on each assessment)."""
    non_survey = ~Q(criterion__scored_by=ScoredBy.SURVEY)
    rows = (
        LeafScore.objects.filter(assessment_id__in=assessment_ids)
        .values("assessment_id")
        .annotate(
            self_total=Sum("self_score", filter=Q(criterion__scored_by=ScoredBy.UNIT)),
            appraised_total=Sum("appraised_score", filter=non_survey),
            appraised_count=Count("appraised_score", filter=non_survey),
            survey_total=Sum("survey_score", filter=Q(criterion__scored_by=ScoredBy.SURVEY)),
        )
        .order_by()
    )
    return {r.pop("assessment_id"): r for r in rows}


def round_maxima(round_: AssessmentRound) -> tuple[Decimal, Decimal, int]:
    leaves = Criterion.objects.filter(criteria_set=round_.criteria_set_id, is_leaf=True)
    totals = leaves.aggregate(
        all=Sum("max_points"),
        survey=Sum("max_points", filter=Q(scored_by=ScoredBy.SURVEY)),
        non_survey_n=Count("pk", filter=~Q(scored_by=ScoredBy.SURVEY)),
    )
    return totals["all"] or ZERO, totals["survey"] or ZERO, totals["non_survey_n"]


def index_of(assessment: UnitAssessment, maxima) -> tuple:
    """(self, appraised, survey, index %, provisional) of one assessment's stored totals."""
    max_total, survey_max, non_survey_n = maxima
    return _totals(assessment, non_survey_n, max_total, survey_max)


def round_results(round_: AssessmentRound) -> list[UnitResult]:
    """Every unit of the round with totals, index, rank and classification (two queries,
    whatever the number of leaves: the totals are kept on each unit's assessment)."""
    max_total = round_maxima(round_)[0]
    results = [
        UnitResult(
            a,
            max_total,
            a.self_total,
            a.appraised_total,
            a.survey_total,
            a.index_pct,
            a.index_provisional,
        )
        for a in round_.units.select_related("unit")
    ]
    _rank(results, round_.criteria_set.thresholds)
    previous.annotate(results, round_)
    return results


def _rank(results: list[UnitResult], thresholds: list) -> None:
    ranked = sorted((r for r in results if r.index_pct is not None), key=lambda r: -r.index_pct)
    previous, rank = None, 0
    for position, result in enumerate(ranked, start=1):
        if result.index_pct != previous:
            rank, previous = position, result.index_pct
        result.rank = rank
    for result in results:
        result.classification = methods.classify(result.index_pct, thresholds)
    results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.assessment.unit.name))


def unit_result(assessment: UnitAssessment, rows: list[LeafScore] | None = None) -> UnitResult:
    """One unit's result; its rank is the number of units with a higher index, plus one."""
    round_ = assessment.round
    result = UnitResult(
        assessment,
        round_maxima(round_)[0],
        assessment.self_total,
        assessment.appraised_total,
        assessment.survey_total,
        assessment.index_pct,
        assessment.index_provisional,
    )
    if result.index_pct is not None:
        higher = round_.units.filter(index_pct__gt=result.index_pct).count()
        result.rank = higher + 1
    result.classification = methods.classify(result.index_pct, round_.criteria_set.thresholds)
    result.fields = field_breakdown(assessment, rows)
    previous.annotate([result], round_)
    return result


def _links_of_score(model, field: str = "leafscore_id") -> Coalesce:
    """How many rows of `model` point at the outer leaf score (a correlated count)."""
    links = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), 0)


def leaf_rows(assessment: UnitAssessment) -> list[LeafScore]:
    """The leaves in document order with their scores and evidence counts (one query).

    Each kind of evidence (from task reports, uploaded, carried from last year) is counted by
    its own correlated count: joining the three and counting distinct ids grouped every leaf
    by all its columns, the slowest query of the unit's page."""
    return list(
        assessment.scores.select_related("criterion", "criterion__parent")
        .annotate(
            evidence_count=_links_of_score(LeafScore.evidence.through)
            + _links_of_score(AssessmentFile, "score_id")
            + _links_of_score(LeafScore.carried_files.through)
        )
        .order_by("criterion__order")
    )


def field_breakdown(assessment: UnitAssessment, rows: list[LeafScore] | None = None) -> list[dict]:
    """Per field (top-level criterion): points counted, maximum and % (one query)."""
    fields = list(
        Criterion.objects.filter(criteria_set=assessment.round.criteria_set_id, parent=None)
    )
    points: dict[int, Decimal] = defaultdict(lambda: ZERO)
    top_of: dict[int, int] = {
        pk: parent_id or pk
        for pk, parent_id in Criterion.objects.filter(
            criteria_set=assessment.round.criteria_set_id
        ).values_list("pk", "parent_id")
    }
    for row in rows if rows is not None else leaf_rows(assessment):
        top = row.criterion_id
        while top_of.get(top, top) != top:
            top = top_of[top]
        value = row.survey_score if row.criterion.scored_by == ScoredBy.SURVEY else row.counted()
        points[top] += value or ZERO
    return [
        {
            "criterion": f,
            "points": points[f.pk],
            "pct": methods.percent(points[f.pk], f.max_points),
        }
        for f in fields
    ]


def progress(round_: AssessmentRound) -> dict:
    """ "23/31 đơn vị đã nộp": counts by status in one query."""
    counts = dict(
        round_.units.values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    total = sum(counts.values())
    submitted = total - counts.get(UnitStatus.DRAFT, 0)
    return {"total": total, "submitted": submitted, "by_status": counts}


def points_lost(assessment: UnitAssessment, rows: list[LeafScore] | None = None) -> list[dict]:
    """Leaves sorted by points lost (maximum − counted score), the biggest first."""
    lost_rows = []
    for row in rows if rows is not None else leaf_rows(assessment):
        counted = row.survey_score if row.criterion.scored_by == ScoredBy.SURVEY else row.counted()
        if counted is None:
            continue
        lost = row.criterion.max_points - counted
        if lost > 0:
            lost_rows.append({"row": row, "lost": lost})
    return sorted(lost_rows, key=lambda r: -r["lost"])


# --- what chiso already knows ---------------------------------------------------------------------

SOURCES = {
    "tracking.on_time_rate": "tỷ lệ kỳ báo cáo hoàn thành đúng hạn của đơn vị trong năm",
    "tracking.reporting_timeliness": "tỷ lệ kỳ báo cáo được báo cáo đúng hạn của đơn vị trong năm",
}


@dataclass
class Proposal:
    score: Decimal | None
    source: str
    measure: str


def proposals(
    assessment: UnitAssessment, today, rows: list[LeafScore] | None = None
) -> dict[str, Proposal]:
    """Scores chiso proposes from its own records, per leaf code, with where they come from.

    Tracking figures use the same rates as the dashboard (one implementation in tracking)."""
    if rows is None:
        rows = list(assessment.scores.select_related("criterion"))
    leaves = [row.criterion for row in rows if row.criterion.data_source]
    if not leaves:
        return {}
    year = assessment.round.year
    rates = unit_completion_rates(
        OrgUnit.objects.filter(pk=assessment.unit_id),
        today,
        period=(date(year, 1, 1), date(year, 12, 31)),
    )[0]
    found = {}
    for leaf in leaves:
        key = leaf.data_source.removeprefix("tracking.")
        if leaf.data_source not in SOURCES:
            found[leaf.code] = Proposal(None, leaf.data_source, "chưa có số liệu trong chiso")
            continue
        rate = rates.get(key)
        if rate is None:
            found[leaf.code] = Proposal(None, SOURCES[leaf.data_source], "chưa có kỳ đến hạn")
            continue
        ratio = Decimal(str(rate)) / 100
        score = methods.propose(leaf.method, leaf.method_params, leaf.max_points, ratio)
        measure = f"{rate:.1f}%".replace(".", ",")
        found[leaf.code] = Proposal(score, SOURCES[leaf.data_source], measure)
    return found


def points_at_risk(
    assessment: UnitAssessment,
    today,
    rows: list[LeafScore] | None = None,
    proposed: dict | None = None,
) -> list[dict]:
    """Before the deadline: leaves without evidence, self-scores below what the data supports or
    below the maximum, and the unit's overdue PAR tasks that will cost points."""
    risks = []
    proposed = proposals(assessment, today) if proposed is None else proposed
    for row in rows if rows is not None else leaf_rows(assessment):
        leaf = row.criterion
        if leaf.scored_by == ScoredBy.SURVEY:
            continue
        if leaf.scored_by == ScoredBy.UNIT and row.evidence_count == 0:
            risks.append({"row": row, "why": "Chưa có tài liệu kiểm chứng"})
        proposal = proposed.get(leaf.code)
        if proposal and proposal.score is not None and proposal.score < leaf.max_points:
            risks.append(
                {
                    "row": row,
                    "why": f"Số liệu của chiso ({proposal.measure}) chỉ đạt "
                    f"{_vn(proposal.score)}/{_vn(leaf.max_points)} điểm",
                }
            )
    overdue = (
        Occurrence.objects.filter(
            unit_id=assessment.unit_id,
            task__index_code=IndexCode.PAR_INDEX,
            due_date__year=assessment.round.year,
            due_date__lt=today,
            completed_on__isnull=True,
            is_cancelled=False,
        )
        .select_related("task")
        .order_by("due_date")[:20]
    )
    for occ in overdue:
        risks.append({"occurrence": occ, "why": "Nhiệm vụ PAR INDEX quá hạn chưa hoàn thành"})
    return risks


def _vn(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")
