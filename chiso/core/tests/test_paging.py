"""A page chosen by its ids first (`page_of(by_ids=True)`) holds the same rows, in the same
order and with the same computed columns, as the page cut straight from the list."""

import time_machine
from django.utils import timezone

from chiso.core import paging
from chiso.orgs.models import OrgUnit
from chiso.tracking import selectors
from tests.builders import make_plan

MONTHLY = {f"Báo cáo hằng tháng số {i}": "Hằng tháng" for i in range(1, 6)}  # 60 periods


def test_pages_by_ids_are_the_pages_of_the_list(province):
    make_plan(deadlines=MONTHLY)
    with time_machine.travel("2026-06-25 09:00 +0700", tick=False):
        unit = OrgUnit.objects.get(name="Sở Tư pháp")
        lead, _ = selectors.unit_tasks([unit], timezone.localdate(), include_done=True)
        seen = []
        for number in range(1, 11):  # 60 rows in pages of 7, and pages past the end
            params = {"trang": str(number), "don_vi": str(unit.pk)}
            plain = paging.page_of(lead, params, per_page=7)
            by_ids = paging.page_of(lead, params, per_page=7, by_ids=True)
            shown = [(o.pk, o.status, o.report_state, o.task.content) for o in by_ids.rows]
            assert shown == [(o.pk, o.status, o.report_state, o.task.content) for o in plain.rows]
            assert (by_ids.has_next, by_ids.count, by_ids.next_url) == (
                plain.has_next,
                plain.count,
                plain.next_url,
            )
            seen += [pk for pk, *_ in shown]
    assert len(seen) == len(set(seen)) == 60
    assert {o.status for o in lead[:60]} >= {"overdue", "not_due"}


def test_rows_read_as_plain_values_show_what_the_model_rows_show(province):
    """The task list reads its rows as plain values (`listrows.task_rows`): same periods, same
    order, same status, texts and report state as the model rows of the same list."""
    from functools import partial

    from chiso.core.templatetags.text_tags import clip
    from chiso.tracking.listrows import task_rows
    from chiso.tracking.templatetags.tracking_tags import state_label, status_label

    make_plan(deadlines=MONTHLY)
    with time_machine.travel("2026-06-25 09:00 +0700", tick=False):
        today = timezone.localdate()
        unit = OrgUnit.objects.get(name="Sở Tư pháp")
        for include_done in (True, False):
            lead, _ = selectors.unit_tasks([unit], today, include_done=include_done)
            for number in (1, 2, 3):
                params = {"trang": str(number)}
                models = paging.page_of(lead, params, per_page=25)
                values = paging.page_of(
                    lead, params, per_page=25, by_ids=True, build=partial(task_rows, today=today)
                )
                assert [
                    (r.pk, r.status_label, r.content, r.report, r.due, r.period)
                    for r in values.rows
                ] == [
                    (
                        o.pk,
                        status_label(o.status),
                        clip(o.task.content, 160),
                        state_label(o.report_state),
                        o.due_date.strftime("%d/%m/%Y"),
                        o.period_label,
                    )
                    for o in models.rows
                ]
                assert values.next_url == models.next_url


def test_the_list_of_all_periods_read_open_then_closed_is_the_same_list(province):
    """The task list with closed periods (?tat_ca=1) is read as two parts, open then closed
    (`paging.Parts`): every page, count and link is the one the single sorted list gives."""
    from functools import partial

    from chiso.tracking.listrows import task_rows
    from chiso.tracking.models import Occurrence

    make_plan(deadlines=MONTHLY)
    with time_machine.travel("2026-06-25 09:00 +0700", tick=False):
        today = timezone.localdate()
        unit = OrgUnit.objects.get(name="Sở Tư pháp")
        periods = list(Occurrence.objects.filter(unit=unit).order_by("pk"))
        done = [o.pk for o in periods[::3]]  # closed ones spread through the due dates
        Occurrence.objects.filter(pk__in=done[::2]).update(completed_on=today)
        Occurrence.objects.filter(pk__in=done[1::2]).update(is_cancelled=True)
        lead, _ = selectors.unit_tasks([unit], today, include_done=True)
        parts, _ = selectors.unit_tasks([unit], today, include_done=True, parts=True)
        build = partial(task_rows, today=today)
        seen = []
        for number in range(1, 11):  # 60 rows in pages of 7, and pages past the end
            params = {"trang": str(number), "tat_ca": "1"}
            single = paging.page_of(lead, params, per_page=7, by_ids=True, build=build)
            split = paging.page_of(parts, params, per_page=7, by_ids=True, build=build)
            assert [(r.pk, r.status_label) for r in split.rows] == [
                (r.pk, r.status_label) for r in single.rows
            ]
            assert (split.has_next, split.count, split.more, split.next_url) == (
                single.has_next,
                single.count,
                single.more,
                single.next_url,
            )
            seen += [r.pk for r in split.rows]
        for limit in (0, 5, 39, 40, 41, 59, 60, 61):
            assert paging.bounded_count(parts, limit) == paging.bounded_count(lead, limit)
    assert len(seen) == len(set(seen)) == 60
    closed = set(done)
    # The open periods come first, the closed ones after them.
    assert [pk in closed for pk in seen] == sorted(pk in closed for pk in seen)
    assert 0 < len(closed) < 60
