from datetime import date
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command

from chiso.reports.models import Report
from chiso.reports.scheduled import prepare_due_drafts
from chiso.tracking.models import Notification


def test_cron_command_prepares_the_drafts_due_on_the_day(plan_data):
    out = StringIO()
    with time_machine.travel("2024-12-16 08:00 +0700", tick=False):
        call_command("jobs", stdout=out)
    assert "reports.prepare_drafts: đã chuẩn bị 2 dự thảo báo cáo" in out.getvalue()
    assert sorted(Report.objects.values_list("period_code", flat=True)) == ["2024-Q4", "2024-Y"]
    # the same hour again (a second cron line, another server): the slot was taken, nothing runs
    again = StringIO()
    with time_machine.travel("2024-12-16 08:20 +0700", tick=False):
        call_command("jobs", stdout=again)
    assert "prepare_drafts" not in again.getvalue() and Report.objects.count() == 2


def test_draft_prepared_after_cutoff_once_and_coordinator_notified(plan_data, persona):
    noivu = persona("noivu")
    noivu.email = "noivu@dongnai.gov.vn"
    noivu.save()
    assert prepare_due_drafts(date(2024, 12, 10)) == "đã chuẩn bị 0 dự thảo báo cáo"
    result = prepare_due_drafts(date(2024, 12, 16))
    assert result == "đã chuẩn bị 2 dự thảo báo cáo"  # quý IV and năm 2024
    codes = sorted(Report.objects.values_list("period_code", flat=True))
    assert codes == ["2024-Q4", "2024-Y"]
    assert all(r.unit.name == "Sở Nội vụ" and r.state == "draft" for r in Report.objects.all())
    notes = [n.message for n in Notification.objects.filter(user=noivu)]
    assert any("Dự thảo báo cáo tổng hợp quý IV năm 2024" in n for n in notes)
    assert any("noivu@dongnai.gov.vn" in m.to for m in mail.outbox)
    sent = len(mail.outbox)
    assert prepare_due_drafts(date(2024, 12, 20)) == "đã chuẩn bị 0 dự thảo báo cáo"
    assert Report.objects.count() == 2 and len(mail.outbox) == sent


def test_demo_prepares_one_draft_and_is_idempotent(plan_data):
    from io import StringIO

    from chiso.reports.demo import load_demo

    out = StringIO()
    load_demo(out)
    load_demo(out)
    assert Report.objects.filter(period_code="2024-Q4", kind="compiled").count() == 1
    assert "dự thảo báo cáo tổng hợp quý IV năm 2024 đã sẵn sàng" in out.getvalue()
