"""A round's sums are kept between views and brought up to date from the answers stored since:
a view with nothing new reads no answers, an answer or a correction stored after a view is in
the next one, and the kept sums always equal a full recomputation."""

import random
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.frameworks.models import TaskComponent
from chiso.orgs.models import OrgUnit
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.surveys import selectors, stats, submissions, sums
from chiso.surveys.models import Mode, Response
from chiso.surveys.tests.conftest import full_answers


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


def _recomputed(survey, by: str) -> list[dict]:
    """The breakdown summed over every current answer, as without any kept sums."""
    items = selectors.rated_items(survey)
    fields = selectors.BREAKDOWNS[by]
    aggs = selectors._aggregates(items, survey.questionnaire.rule)
    current = Response.objects.filter(round=survey, is_current=True)
    rows = current.values(*fields).annotate(**aggs).order_by(*fields)
    return [{k: v or 0 for k, v in r.items()} for r in rows]


def _shown(survey, by: str) -> list[dict]:
    measure = selectors.answer_sums(selectors.rated_items(survey), survey.questionnaire.rule)
    shown = sums.group_sums(survey, selectors.BREAKDOWNS[by], measure)
    return [{k: v or 0 for k, v in r.items()} for r in shown]


@pytest.mark.parametrize("rule", [stats.RULE_TOP_BOX, stats.RULE_MEAN])
def test_kept_sums_follow_any_mix_of_answers_and_corrections(sipas_round, commune, persona, rule):
    sipas_round.questionnaire.rule = rule  # the mean rule also keeps sums and sums of squares
    sipas_round.questionnaire.save(update_fields=["rule"])
    rng = random.Random(17)
    noivu = persona("noivu")
    for step in range(60):
        action = rng.random()
        current = list(Response.objects.filter(round=sipas_round, is_current=True))
        if action < 0.55 or not current:
            submissions.response_submit(
                survey=sipas_round,
                answers=full_answers(rng.randint(1, 5), used=rng.random() < 0.7),
                mode=rng.choice([Mode.ONLINE, Mode.PAPER, Mode.COUNTER]),
                unit=commune,
                village=rng.choice(["Khu phố 1", "Khu phố 2", ""]),
            )
        elif action < 0.8:
            submissions.response_correct(
                response=rng.choice(current),
                answers=full_answers(rng.randint(1, 5)),
                reason=f"Sửa lần {step}",
                by=noivu,
            )
        for by in rng.sample(list(selectors.BREAKDOWNS), 2):  # some views after each change
            assert _shown(sipas_round, by) == _recomputed(sipas_round, by), (step, by)


def test_an_answer_seen_late_with_a_lower_id_is_counted(counter_round):
    """On PostgreSQL an answer can commit after one with a higher id."""
    for level in (5, 4):
        submissions.response_submit(survey=counter_round, answers={"SAO": level})
    early = Response.objects.filter(round=counter_round).order_by("pk").first()
    late = Response.objects.get(pk=early.pk)
    early.delete()  # the row "not yet visible" when the sums are kept ...
    assert _shown(counter_round, "mode")[0]["responses"] == 1
    late.save(force_insert=True)  # ... becomes visible with its lower id
    assert _shown(counter_round, "mode") == _recomputed(counter_round, "mode")
    assert _shown(counter_round, "mode")[0]["responses"] == 2


def test_one_more_answer_reads_only_the_answers_since(counter_round):
    for level in (5, 4, 3):
        submissions.response_submit(survey=counter_round, answers={"SAO": level})
    _shown(counter_round, "mode")
    newest = submissions.response_submit(survey=counter_round, answers={"SAO": 1})
    with CaptureQueriesContext(connection) as ctx:
        shown = _shown(counter_round, "mode")
    queries = [q["sql"] for q in ctx.captured_queries]
    assert not any("GROUP BY" in sql for sql in queries)  # the new answer is added, not summed
    values = [sql for sql in queries if '"surveys_response"."v1"' in sql]
    assert len(values) == 1 and f'"id" > {newest.pk - 1}' in values[0]
    assert shown == _recomputed(counter_round, "mode")


def test_many_answers_since_a_view_are_summed_by_the_database(counter_round, persona):
    submissions.response_submit(survey=counter_round, answers={"SAO": 5})
    _shown(counter_round, "mode")
    rows = [{"answers": {"SAO": 1 + n % 5}} for n in range(sums.FEW + 1)]
    imported = submissions.import_rows(survey=counter_round, rows=rows, by=persona("noivu"))
    with CaptureQueriesContext(connection) as ctx:
        shown = _shown(counter_round, "mode")
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    assert grouped and all(f'"id" > {imported[0].pk - 1}' in sql for sql in grouped)
    assert shown == _recomputed(counter_round, "mode")
    assert {g["mode"]: g["responses"] for g in shown} == {
        Mode.ONLINE: 1,
        Mode.IMPORT: sums.FEW + 1,
    }


def test_the_weakest_items_link_the_plan_tasks_serving_them(sipas_round, commune, client_as):
    submissions.response_submit(survey=sipas_round, answers=full_answers(2), unit=commune)
    weakest = selectors.rated_items(sipas_round)[0].criterion
    plan = plan_create(
        owner_unit=commune.parent,
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        number="9/KH-UBND",
        title="Kế hoạch nâng cao chỉ số hài lòng",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            TaskSpec(
                content="Niêm yết công khai thủ tục", assignees=[AssigneeSpec("lead", commune)]
            )
        ],
    )
    task = plan.tasks.get()
    TaskComponent.objects.create(task=task, component=weakest.component)
    page = client_as("noivu").get(f"/khao-sat/dot/{sipas_round.pk}/ket-qua/").content.decode()
    assert f'href="/ke-hoach/{plan.pk}/#nv-{task.pk}">Niêm yết công khai thủ tục</a>' in page
