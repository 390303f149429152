"""Several officers saving a unit's self-assessment scores at the same moment: one set of scores
is kept whole, the others are told someone changed them first."""

import pytest

from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.assessment.models import UnitAssessment
from chiso.orgs.models import OrgUnit, UnitGroup
from tests.races import race, writer_count

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_score_saves_keep_one_set(province):
    round_ = services.round_create(
        name="Chỉ số CCHC 2025 các sở",
        year=2025,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )
    assessment = UnitAssessment.objects.get(round=round_, unit__name="Sở Tư pháp")
    rows = list(assessment.scores.select_related("criterion").filter(criterion__scored_by="unit"))
    before = assessment.version
    count = writer_count()

    def save(i, _loaded):
        services.self_scores_save(
            assessment=UnitAssessment.objects.get(pk=assessment.pk),
            scores=[
                services.ScoreInput(r.criterion.code, r.criterion.max_points if i % 2 else 0)
                for r in rows
            ],
            by=None,
            version=before,
        )

    winners, conflicts, errors = race(count, lambda i: None, save)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    assert all("vừa được người khác thay đổi" in message for message in conflicts)
    (winner,) = winners
    saved = {r.self_score for r in assessment.scores.filter(criterion__scored_by="unit")}
    expected = {r.criterion.max_points for r in rows} if winner % 2 else {0}
    assert saved == expected  # no mix of two writers' scores
    assessment.refresh_from_db()
    assert assessment.version == before + 1
