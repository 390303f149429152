"""The totals kept on each unit's assessment always equal a full recomputation from its leaves,
whatever sequence of self-scoring, appraisal and survey writes produced them."""

import random

import pytest

from chiso.assessment import methods, services
from chiso.assessment.loader import example_set
from chiso.assessment.models import UnitAssessment
from chiso.assessment.selectors import index_of, round_maxima, round_results, stored_totals
from chiso.orgs.models import OrgUnit, UnitGroup


def _value(rng, leaf):
    allowed = methods.allowed_values(leaf.method, leaf.method_params, leaf.max_points)
    if allowed:
        return rng.choice(allowed)
    return (leaf.max_points * methods.to_decimal(rng.random())).quantize(methods.TWO)


@pytest.mark.parametrize("seed", range(4))
def test_kept_totals_equal_recomputation_after_random_histories(province, seed):
    rng = random.Random(seed)
    round_ = services.round_create(
        name=f"Đợt {seed}",
        year=2025,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )
    assessments = list(round_.units.all())
    for _ in range(12):
        assessment = rng.choice(assessments)
        assessment.refresh_from_db()
        rows = list(assessment.scores.select_related("criterion"))
        unit_rows = [r for r in rows if r.criterion.scored_by == "unit"]
        if assessment.status == "draft":
            chosen = rng.sample(unit_rows, rng.randint(1, len(unit_rows)))
            items = [
                services.ScoreInput(r.criterion.code, _value(rng, r.criterion)) for r in chosen
            ]
            services.self_scores_save(assessment=assessment, scores=items, by=None)
            if rng.random() < 0.5:
                services.self_scores_save(
                    assessment=assessment,
                    scores=[
                        services.ScoreInput(r.criterion.code, r.criterion.max_points)
                        for r in unit_rows
                    ],
                    by=None,
                )
                services.assessment_submit(assessment=assessment, by=None)
        else:
            appraisable = [r for r in rows if r.criterion.scored_by != "survey"]
            chosen = rng.sample(appraisable, rng.randint(1, len(appraisable)))
            items = [
                services.AppraisalInput(r.criterion.code, _value(rng, r.criterion), "Điều chỉnh")
                for r in chosen
            ]
            services.appraisal_save(assessment=assessment, scores=items, by=None)
        if rng.random() < 0.3:
            services.survey_scores_save(
                round_=round_, rows=[(assessment.unit_id, "8.1.1", rng.randint(0, 10))], by=None
            )
    recomputed = stored_totals([a.pk for a in assessments])
    for stored in UnitAssessment.objects.filter(round=round_):
        expected = recomputed[stored.pk]
        assert stored.self_total == expected["self_total"]
        assert stored.appraised_total == expected["appraised_total"]
        assert stored.appraised_count == expected["appraised_count"]
        assert stored.survey_total == expected["survey_total"]
        maxima = round_maxima(round_)
        assert (stored.index_pct, stored.index_provisional) == index_of(stored, maxima)[3:]
    ranks = [r.rank for r in round_results(round_) if r.rank is not None]
    assert ranks == sorted(ranks)
