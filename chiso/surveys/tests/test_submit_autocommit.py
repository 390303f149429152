"""The public submit path as production runs it: outside any transaction, where an answer is
stored by one guarded INSERT (`chiso.surveys.store`). What it stores must be what the results
read, and a refused answer (limit, duplicate) must leave everything as it was, invitation
included."""

import pytest
from django.utils import timezone

from chiso.surveys import selectors, services, submissions
from chiso.surveys.errors import Duplicate
from chiso.surveys.models import Invitation, Item, Response, SurveyRound
from chiso.surveys.tests.conftest import full_answers

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/v1/public/surveys/tan-phong/responses"


def post(client, answers, address="10.0.0.1", **body):
    return client.post(
        URL, {"answers": answers} | body, content_type="application/json", REMOTE_ADDR=address
    )


def test_an_answer_is_stored_whole_and_counts_in_the_results(client, sipas_round):
    answers = full_answers(5) | {"B2": 2}
    created = post(client, answers)
    assert created.status_code == 201
    stored = Response.objects.get(pk=created.json()["id"])
    assert stored.answers == answers
    assert (stored.round, stored.unit, stored.mode) == (sipas_round, sipas_round.unit, "api")
    assert (stored.version, stored.is_current, stored.invitation) == (1, True, None)
    # The month is the province's calendar month (Asia/Ho_Chi_Minh), not UTC's.
    assert stored.month == timezone.localdate(stored.submitted_at).replace(day=1)
    assert stored.ip_hash == submissions.ip_hash("10.0.0.1") and len(stored.fingerprint) == 40
    slots = dict(Item.objects.filter(questionnaire=sipas_round.questionnaire, slot__isnull=False)
                 .values_list("code", "slot"))  # fmt: skip
    assert getattr(stored, f"v{slots['B2']}") == 2 and getattr(stored, f"v{slots['C1']}") == 5
    result = selectors.round_results(sipas_round)
    assert result["responses"] == 1
    criterion = next(c for c in result["criteria"] if c["code"] == "1.1")  # B1 5, B2 2
    assert criterion["n"] == 2 and criterion["pct"] == 50.0


def test_a_repeated_answer_is_refused_and_its_invitation_stays_unused(client, make_round):
    survey = make_round(invitation_only=True)
    first, second = services.invitations_create(survey=survey, count=2)
    assert post(client, full_answers(), invitation=first).status_code == 201
    again = post(client, full_answers(), invitation=second)
    assert again.status_code == 422 and again.json()["detail"] == Duplicate().message
    assert Response.objects.count() == 1
    assert Invitation.objects.get(code=second).used_at is None  # the claim was rolled back
    assert post(client, full_answers(3), invitation=second).status_code == 201


def test_the_limit_refuses_outside_a_transaction_too(client, sipas_round, settings):
    settings.SURVEY_RATE_LIMIT = 2
    codes = [post(client, full_answers(level)).status_code for level in (1, 2, 3)]
    assert codes == [201, 201, 429]
    assert post(client, full_answers(3), address="10.0.0.2").status_code == 201
    assert Response.objects.count() == 3


def test_the_round_read_by_its_code_is_the_round_the_orm_reads(make_round):
    """The public lookup reads the round through its own prepared SELECT: every field of the
    round, its unit and its questionnaire must come back as the ORM gives them (dates, JSON,
    decimals, booleans), not as the database's raw values."""
    from decimal import Decimal

    make_round(code="mau-thu", invitation_only=True, margin=Decimal("0.04"))
    fast = selectors.public_round("mau-thu")
    slow = SurveyRound.objects.select_related("unit", "questionnaire").get(code="mau-thu")
    for got, expected in (
        (fast, slow),
        (fast.unit, slow.unit),
        (fast.questionnaire, slow.questionnaire),
    ):
        for field in type(expected)._meta.concrete_fields:
            mine, theirs = getattr(got, field.attname), getattr(expected, field.attname)
            assert (mine, type(mine)) == (theirs, type(theirs)), field.name
    assert fast.invitation_only is True and isinstance(fast.modes, list)
