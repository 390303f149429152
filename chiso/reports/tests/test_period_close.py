"""Chốt số liệu: once a period is closed its report figures stay put whatever is edited later,
late reports after the close go to the next period, and reopening needs a reason."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chiso.core import jobs
from chiso.core.errors import DomainError
from chiso.reports import closing
from chiso.reports.selectors import compiled_report_data, unit_report_data
from chiso.reports.services import period_from_code
from chiso.tracking import services as tracking
from chiso.tracking.models import Occurrence, PeriodClose, ProgressReport
from tests.builders import PERIOD_PLAN_TODAY as TODAY

Q4 = "2024-Q4"  # data from 15/09/2024 to 14/12/2024


def _figures(data: dict) -> tuple:
    keys = ["total", "done_on_time", "done_late", "overdue", "in_progress", "on_time_rate"]
    units = [(u["unit"], *(u[k] for k in keys)) for u in data.get("units", [])]
    return units, tuple(data["summary"][k] for k in keys)


def _close(plan_data, persona, today=TODAY):
    return closing.period_close(
        plan=plan_data.plan, period=period_from_code(Q4), by=persona("noivu"), today=today
    )


def _compiled(plan_data):
    return compiled_report_data(plan=plan_data.plan, period=period_from_code(Q4), today=TODAY)


def test_closed_figures_do_not_move_when_the_work_is_edited_later(plan_data, persona):
    before = _figures(_compiled(plan_data))
    close = _close(plan_data, persona)
    assert close.is_closed and close.as_of == date(2024, 12, 14) and close.figures.count() == 3

    # weeks later the overdue task is reported done before its deadline and accepted
    Occurrence.objects.filter(pk=plan_data.occ["overdue"].pk).update(
        completed_on=date(2024, 11, 14), percent=100
    )
    after = _compiled(plan_data)
    assert _figures(after) == before
    assert after["period"]["closed_on"] == timezone.localdate().isoformat()
    unit = plan_data.units["stp"]
    frozen = unit_report_data(
        plan=plan_data.plan, unit=unit, period=period_from_code(Q4), today=TODAY
    )
    assert (frozen["summary"]["done_on_time"], frozen["summary"]["overdue"]) == (1, 1)

    # reopening (with a reason) makes the figures live again, and the reason is in the history
    with pytest.raises(DomainError, match="lý do"):
        tracking.period_reopen(close=close, reason="  ", by=persona("noivu"))
    assert PeriodClose.objects.get().is_closed
    tracking.period_reopen(close=close, reason="Sở Tư pháp nộp bổ sung minh chứng", by=None)
    live = _figures(_compiled(plan_data))
    assert live != before and live[1][1] == 2  # two done on time now
    reasons = list(close.history.values_list("history_change_reason", flat=True))
    assert "Mở lại kỳ đã chốt: Sở Tư pháp nộp bổ sung minh chứng" in reasons


def test_cannot_close_before_the_cut_off_nor_twice(plan_data, persona):
    with pytest.raises(DomainError, match="14/12/2024"):
        _close(plan_data, persona, today=date(2024, 12, 14))
    assert not PeriodClose.objects.exists()
    _close(plan_data, persona)
    with pytest.raises(DomainError, match="đã được chốt"):
        _close(plan_data, persona)


def test_a_report_sent_after_the_close_is_late_and_goes_to_the_next_period(
    plan_data, persona, monkeypatch
):
    _close(plan_data, persona)
    silent = plan_data.occ["overdue_silent"]  # due 01/12/2024, nothing reported before the close
    sent = timezone.make_aware(datetime(2025, 1, 15, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: sent)
    report = tracking.report_save(
        occurrence=silent, by=None, work_status="done", percent=100, narrative="Đã công khai.",
        completed_on=date(2024, 11, 28), submit=True,
    )  # fmt: skip
    assert report.after_close
    silent.refresh_from_db()
    assert silent.first_reported_on == date(2025, 1, 15)  # counted as late reporting

    next_q = compiled_report_data(
        plan=plan_data.plan, period=period_from_code("2025-Q1"), today=date(2025, 3, 20)
    )
    assert [r["content"] for r in next_q["after_close"]] == ["Công khai ngân sách theo quy định"]
    assert _compiled(plan_data)["after_close"] == []  # not in the closed period's own report


def test_a_report_sent_before_the_close_is_not_marked(plan_data):
    assert not ProgressReport.objects.filter(after_close=True).exists()


def test_periods_close_by_themselves_after_the_grace_days(plan_data, settings):
    settings.REPORTS_CLOSE_GRACE_DAYS = 5
    assert "0" in closing.close_due_periods(date(2024, 12, 18))  # 14/12 + 4 days: still open
    assert not PeriodClose.objects.filter(period_code=Q4).exists()
    closing.close_due_periods(date(2024, 12, 19))
    close = PeriodClose.objects.get(plan=plan_data.plan, period_code=Q4)
    assert close.is_closed and close.automatic and close.closed_by is None
    closing.close_due_periods(date(2024, 12, 20))  # idempotent
    assert PeriodClose.objects.filter(period_code=Q4).count() == 1
    tracking.period_reopen(close=close, reason="Bổ sung số liệu", by=None)
    closing.close_due_periods(date(2024, 12, 21))  # a reopened period waits for the coordinator
    assert not PeriodClose.objects.get(period_code=Q4).is_closed


def test_the_automatic_close_is_a_registered_periodic_job():
    assert any(p.task_path == "chiso.reports.closing.periods_close" for p in jobs.PERIODIC)


def test_coordinator_closes_and_reopens_from_the_reports_page(plan_data, client_as):
    coordinator = client_as("noivu")
    url = reverse("reports:close")
    query = {"plan": plan_data.plan.pk, "period": Q4}
    page = coordinator.get(url, query).content.decode()
    assert "Chưa chốt số liệu" in page and "Tôi đã kiểm tra và đồng ý chốt số liệu" in page
    assert coordinator.post(url, query).status_code == 403  # not confirmed: nothing happens
    assert not PeriodClose.objects.exists()
    done = coordinator.post(url, {**query, "confirm": "1"}, follow=True).content.decode()
    assert "Đã chốt số liệu quý IV năm 2024" in done and "Mở lại kỳ đã chốt" in done
    close = PeriodClose.objects.get()
    reopen = reverse("reports:reopen", args=[close.pk])
    empty = coordinator.post(reopen, {"reason": ""}, follow=True).content.decode()
    assert "Ghi rõ lý do" in empty and PeriodClose.objects.get().is_closed
    page = coordinator.post(reopen, {"reason": "Bổ sung minh chứng"}, follow=True)
    assert "Mở lại kỳ đã chốt: Bổ sung minh chứng" in page.content.decode()
    assert not PeriodClose.objects.get().is_closed


def test_an_officer_can_neither_close_nor_reopen(plan_data, persona, client_as):
    officer = client_as("tuphap")
    url = reverse("reports:close")
    query = {"plan": plan_data.plan.pk, "period": Q4, "confirm": "1"}
    assert officer.post(url, query).status_code == 403
    close = _close(plan_data, persona)
    response = officer.post(reverse("reports:reopen", args=[close.pk]), {"reason": "x"})
    assert response.status_code in (403, 404) and PeriodClose.objects.get().is_closed
