"""Demo: the 2025 PAR assessment of the demo departments and communes.

Departments: most have scored themselves, a few have submitted, one is appraised with a reduction;
Sở Tư pháp (`tuphap`) has an open, partly filled self-assessment; the appraiser `thamdinh` is
assigned to every department. Communes: a round open for self-assessment.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chiso.assessment import methods, services
from chiso.assessment.loader import example_set
from chiso.assessment.models import AssessmentRound, ScoredBy
from chiso.orgs.models import OrgUnit, UnitGroup

ROUND_NAME = "Xác định Chỉ số CCHC năm 2025 các sở, ban, ngành"
COMMUNE_ROUND = "Xác định Chỉ số CCHC năm 2025 UBND các xã, phường"


def _sample_score(rng: random.Random, leaf) -> object:
    allowed = methods.allowed_values(leaf.method, leaf.method_params, leaf.max_points)
    if allowed:
        return allowed[-1] if rng.random() < 0.7 else rng.choice(allowed)
    return (leaf.max_points * methods.to_decimal(rng.uniform(0.7, 1))).quantize(methods.TWO)


def _self_scores(assessment, rng, *, leave_out: int = 0) -> None:
    rows = [r for r in assessment.scores.select_related("criterion")]
    unit_rows = [r for r in rows if r.criterion.scored_by == ScoredBy.UNIT]
    chosen = unit_rows[: len(unit_rows) - leave_out]
    items = [
        services.ScoreInput(r.criterion.code, _sample_score(rng, r.criterion), "Theo báo cáo năm")
        for r in chosen
    ]
    services.self_scores_save(assessment=assessment, scores=items, by=None)


def _department_round(rng, today, coordinator) -> None:
    group = UnitGroup.objects.filter(name="Các Sở, ban, ngành").first()
    if group is None or AssessmentRound.objects.filter(name=ROUND_NAME).exists():
        return
    round_ = services.round_create(
        name=ROUND_NAME,
        year=2025,
        criteria_set=example_set("department"),
        group=group,
        coordinator_unit=coordinator,
        self_opens=today - timedelta(days=14),
        self_closes=today + timedelta(days=14),
        appraisal_closes=today + timedelta(days=30),
        explanation_closes=today + timedelta(days=40),
    )
    appraiser = get_user_model().objects.filter(username="thamdinh").first()
    if appraiser:
        services.appraiser_assign(round_=round_, user=appraiser)
    assessments = list(round_.units.select_related("unit").order_by("unit__name"))
    for i, assessment in enumerate(assessments):
        if assessment.unit.name == "Sở Tư pháp":
            _self_scores(assessment, rng, leave_out=6)  # open, partly filled
            continue
        if i % 4 == 3:
            continue  # not started yet
        _self_scores(assessment, rng)
        if i % 3 == 0:
            services.assessment_submit(assessment=assessment, by=None)
    submitted = [a for a in round_.units.filter(status="submitted").order_by("unit__name")]
    if submitted and appraiser:
        first = submitted[0]
        items = []
        for row in first.scores.select_related("criterion").exclude(
            criterion__scored_by=ScoredBy.SURVEY
        ):
            score = row.self_score if row.self_score is not None else 0
            reason = ""
            if row.criterion.code == "1.2.1" and row.self_score:
                score, reason = 0, "Hai báo cáo quý nộp sau hạn (theo hệ thống theo dõi)."
            items.append(services.AppraisalInput(row.criterion.code, score, reason))
        services.appraisal_save(assessment=first, scores=items, by=appraiser)


def _commune_round(today, coordinator) -> None:
    group = UnitGroup.objects.filter(name="UBND các xã, phường, thị trấn").first()
    if group is None:
        return
    if AssessmentRound.objects.filter(name=COMMUNE_ROUND).exists():
        return
    services.round_create(
        name=COMMUNE_ROUND,
        year=2025,
        criteria_set=example_set("commune"),
        group=group,
        coordinator_unit=coordinator,
        self_opens=today - timedelta(days=7),
        self_closes=today + timedelta(days=21),
    )


@transaction.atomic
def load_demo(stdout=None) -> None:
    coordinator = OrgUnit.objects.filter(name="Sở Nội vụ").first()
    if coordinator is None:
        return
    today = timezone.localdate()
    rng = random.Random(2025)
    _department_round(rng, today, coordinator)
    _commune_round(today, coordinator)
    if stdout is not None:
        stdout.write("Đã tạo đợt chấm điểm chỉ số CCHC năm 2025 (sở, ban, ngành và xã, phường).")
