"""The actual completion date: entered with the report, kept apart from the acceptance date,
and the only date the on-time status looks at."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chiso.core.errors import DomainError
from chiso.tracking import services
from chiso.tracking.models import ProgressReport
from chiso.tracking.status import Status


def _at(day: date, hour: int = 9):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _report(occ, user, **kw):
    fields = dict(work_status="done", percent=100, narrative="Đã rà soát 120 văn bản.")
    return services.report_save(occurrence=occ, by=user, submit=True, **{**fields, **kw})


def test_work_done_before_the_deadline_but_accepted_months_later_is_on_time(
    occ, persona, monkeypatch
):
    # due 30/06/2026; the work was finished on 15/03, the report sent on 20/03 and only
    # accepted on 29/11: it is "hoàn thành đúng hạn", not "quá hạn 152 ngày".
    monkeypatch.setattr(timezone, "now", lambda: _at(date(2026, 3, 20)))
    report = _report(occ, persona("tuphap"), completed_on=date(2026, 3, 15))
    monkeypatch.setattr(timezone, "now", lambda: _at(date(2026, 11, 29)))
    services.report_accept(report=report, by=persona("noivu"))
    occ.refresh_from_db()
    report.refresh_from_db()
    assert occ.completed_on == date(2026, 3, 15)
    assert timezone.localdate(report.reviewed_at) == date(2026, 11, 29)
    assert occ.status_on(date(2026, 11, 29)) == Status.DONE_ON_TIME


def test_done_without_a_completion_date_is_refused_and_nothing_is_saved(occ, persona):
    with pytest.raises(DomainError, match="ngày hoàn thành thực tế") as err:
        _report(occ, persona("tuphap"))
    assert err.value.field == "completed_on"
    assert not ProgressReport.objects.exists()


def test_a_completion_date_in_the_future_is_refused(occ, persona):
    tomorrow = timezone.localdate().toordinal() + 1
    with pytest.raises(DomainError, match="tương lai"):
        _report(occ, persona("tuphap"), completed_on=date.fromordinal(tomorrow))
    assert not ProgressReport.objects.exists()


def test_unfinished_work_carries_no_completion_date(occ, persona):
    report = _report(
        occ, persona("tuphap"), work_status="in_progress", percent=40, completed_on=date(2026, 1, 2)
    )
    assert report.completed_on is None


def test_the_form_takes_and_shows_dd_mm_yyyy(occ, client_as):
    lead = client_as("tuphap")
    url = reverse("tracking:occurrence", args=[occ.pk])
    form = {"work_status": "done", "percent": "100", "narrative": "Xong.", "version": "0"}
    bad = lead.post(url, {**form, "completed_on": "2026-02-31", "submit": "1"})
    assert "dd/mm/yyyy" in bad.content.decode() and not ProgressReport.objects.exists()
    page = lead.post(url, {**form, "completed_on": "05/02/2026", "submit": "1"}, follow=True)
    html = page.content.decode()
    assert "Ngày hoàn thành thực tế" in html and "05/02/2026" in html
    assert ProgressReport.objects.get().completed_on == date(2026, 2, 5)


def test_api_takes_an_iso_date_and_the_occurrence_has_it_once_accepted(occ, client_as):
    lead, reviewer = client_as("tuphap"), client_as("noivu")
    url = f"/api/v1/occurrences/{occ.pk}/report"
    fields = {"work_status": "done", "percent": 100, "narrative": "Xong."}
    missing = lead.post(url, fields)
    assert missing.status_code == 400 and "ngày hoàn thành" in missing.json()["detail"]
    body = lead.post(url, {**fields, "completed_on": "2026-02-05"}).json()
    assert body["completed_on"] == "2026-02-05"
    assert lead.get(f"/api/v1/occurrences/{occ.pk}").json()["completed_on"] is None
    reviewer.post(
        f"/api/v1/reports/{body['id']}/accept",
        {"version": body["version"]},
        content_type="application/json",
    )
    got = lead.get(f"/api/v1/occurrences/{occ.pk}").json()
    assert got["completed_on"] == "2026-02-05" and got["status"] == Status.DONE_ON_TIME
