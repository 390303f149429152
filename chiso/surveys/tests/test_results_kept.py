"""A round's sums are kept under its last answer: a view with nothing new reads no answers, and
an answer or a correction stored after a view is in the next one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.surveys import selectors, submissions


def _summed(survey) -> tuple[int, dict]:
    """How many queries of this view summed the round's answers."""
    with CaptureQueriesContext(connection) as ctx:
        result, _groups = selectors.results_with_breakdown(survey, "mode")
    return sum("GROUP BY" in q["sql"] for q in ctx.captured_queries), result


def test_a_second_view_does_not_sum_the_answers_again(counter_round):
    submissions.response_submit(survey=counter_round, answers={"SAO": 5})
    first, _ = _summed(counter_round)
    again, result = _summed(counter_round)
    assert (first, again) == (1, 0)
    assert result["responses"] == 1


def test_a_new_answer_after_a_view_is_counted_at_once(counter_round, client_as):
    submissions.response_submit(survey=counter_round, answers={"SAO": 5})
    client = client_as("noivu")
    url = f"/khao-sat/dot/{counter_round.pk}/ket-qua/?theo=mode"
    assert "· 1 phiếu hợp lệ ·" in client.get(url).content.decode()
    submissions.response_submit(survey=counter_round, answers={"SAO": 1})
    assert "· 2 phiếu hợp lệ ·" in client.get(url).content.decode()
    _, result = _summed(counter_round)
    assert result["overall"]["pct"] == pytest.approx(50.0)


def test_a_correction_after_a_view_replaces_the_answer_at_once(counter_round, persona):
    first = submissions.response_submit(survey=counter_round, answers={"SAO": 1})
    _, before = _summed(counter_round)
    assert before["overall"]["pct"] == pytest.approx(0.0)
    submissions.response_correct(
        response=first, answers={"SAO": 5}, reason="Nhập sai", by=persona("noivu")
    )
    _, after = _summed(counter_round)
    assert (after["responses"], after["overall"]["pct"]) == (1, pytest.approx(100.0))
