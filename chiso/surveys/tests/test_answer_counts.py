"""Each round's answer count is kept by the database in the transaction that writes the answers
(`AnswerCount`, migration 0003), so a results page with nothing new reads no answers at all, and
an answer that becomes visible late is still counted at the next view."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from chiso.surveys import selectors, submissions
from chiso.surveys.models import AnswerCount, Mode, Response, SurveyRound
from chiso.surveys.tests.conftest import full_answers

pytestmark = pytest.mark.django_db(transaction=True)


def kept_count(survey: SurveyRound) -> int:
    return AnswerCount.objects.filter(round=survey).aggregate(n=Sum("total"))["n"] or 0


def stored(survey: SurveyRound) -> int:
    return Response.objects.filter(round=survey).count()


def test_every_way_of_storing_answers_keeps_the_count(client, sipas_round, make_round, persona):
    other = make_round(code="quay-khac")
    url = "/api/v1/public/surveys/tan-phong/responses"
    answers = {"answers": full_answers(5)}
    assert client.post(url, answers, content_type="application/json").status_code == 201
    entered = submissions.response_submit(
        survey=sipas_round, answers=full_answers(3), mode=Mode.PAPER, by=persona("noivu")
    )
    submissions.response_correct(
        response=entered, answers=full_answers(4), reason="Nhập sai", by=persona("noivu")
    )
    rows = [{"answers": full_answers(level)} for level in (1, 2, 3, 4, 5)]
    submissions.import_rows(survey=sipas_round, rows=rows, by=persona("noivu"))
    submissions.response_submit(survey=other, answers=full_answers(2))
    assert (stored(sipas_round), kept_count(sipas_round)) == (8, 8)
    assert (stored(other), kept_count(other)) == (1, 1)

    other.delete()  # a round deleted by an administrator takes its answers and their count
    assert not AnswerCount.objects.filter(round_id=other.pk).exists()
    assert kept_count(sipas_round) == 8


def test_a_view_with_nothing_new_counts_no_answers_and_reads_no_items(sipas_round):
    for level in (2, 4, 5):
        submissions.response_submit(survey=sipas_round, answers=full_answers(level))
    selectors.results_with_breakdown(sipas_round, "unit")
    with CaptureQueriesContext(connection) as ctx:
        result, _ = selectors.results_with_breakdown(sipas_round, "unit")
    reads = [q["sql"] for q in ctx.captured_queries if "surveys_response" in q["sql"]]
    assert reads and not any("COUNT(" in sql.upper() for sql in reads), reads
    # a questionnaire version is never edited: its items are kept too
    assert not any("surveys_item" in q["sql"] for q in ctx.captured_queries)
    assert result["responses"] == 3


def _summed(survey) -> dict:
    return selectors.results_with_breakdown(survey, "mode")[0]


def test_an_answer_committed_after_others_is_counted_at_the_next_view(counter_round):
    """An officer's answer is stored in a transaction that stays open while other answers
    arrive and a leader opens the results. On PostgreSQL the later answers take higher ids and
    commit first, so the officer's answer becomes visible with an id below ones already summed;
    on SQLite they wait for it. Either way the next view counts every answer."""
    submissions.response_submit(survey=counter_round, answers={"SAO": 5})
    written, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def officer():
        try:
            with transaction.atomic():
                submissions.response_submit(survey=counter_round, answers={"SAO": 1})
                written.set()
                release.wait(30)
        except BaseException as exc:  # reported by the test below
            failures.append(exc)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=officer)
    thread.start()
    assert written.wait(30)
    postgres = connection.vendor == "postgresql"
    if postgres:  # another answer, with a higher id, committed while the officer's is open
        submissions.response_submit(survey=counter_round, answers={"SAO": 5})
    seen_before = _summed(counter_round)
    release.set()
    thread.join(30)
    assert not failures and not thread.is_alive()
    ids = list(Response.objects.filter(round=counter_round).order_by("pk").values_list("pk"))
    assert len(ids) == (3 if postgres else 2)
    assert seen_before["responses"] == len(ids) - 1  # the open answer was not visible yet
    after = _summed(counter_round)
    assert after["responses"] == len(ids) == kept_count(counter_round)
    expected = 2 / 3 * 100 if postgres else 50.0
    assert after["overall"]["pct"] == pytest.approx(expected)
