from datetime import date
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command

from chiso.tracking.models import Notification, SentReminder
from chiso.tracking.reminders import send_reminders
from tests.builders import make_plan


def _with_email(persona, *names):
    for name in names:
        user = persona(name)
        user.email = f"{name}@dongnai.gov.vn"
        user.save()


def test_one_digest_per_person_and_day_and_never_twice(plan, persona):
    _with_email(persona, "tuphap")
    # 31/03/2026: Q1 of the continuous task is due today; the 30/06 task is not in the window
    result = send_reminders(date(2026, 3, 31))
    assert result["digests"] == 1
    [message] = mail.outbox
    assert message.to == ["tuphap@dongnai.gov.vn"]
    assert "Kiểm soát thủ tục hành chính" in message.body and "hết hạn hôm nay" in message.body
    assert "Rà soát văn bản" not in message.body
    # a restart of the scheduler runs the job again the same day: nothing new is sent
    assert send_reminders(date(2026, 3, 31)) == {"digests": 0, "escalations": 0, "reviews": 0}
    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(user__username="tuphap").count() == 1
    assert Notification.objects.filter(user__username="tuphap").count() == 1


def test_days_before_and_each_overdue_day(province, settings):
    make_plan(deadlines={"Rà soát văn bản": "30/6/2026"})
    settings.TRACKING_REMIND_DAYS_BEFORE = 7
    assert send_reminders(date(2026, 6, 22))["digests"] == 0  # 8 days before 30/06: quiet
    assert send_reminders(date(2026, 6, 23))["digests"] == 1  # 7 days before
    assert send_reminders(date(2026, 7, 2))["digests"] == 1  # overdue: every day
    assert send_reminders(date(2026, 7, 3))["digests"] == 1
    text = Notification.objects.filter(user__username="tuphap").first().message
    assert "quá hạn 3 ngày" in text


def test_escalation_to_the_leader_after_the_configured_delay(province, persona, settings):
    make_plan(deadlines={"Rà soát văn bản": "30/6/2026"})
    settings.TRACKING_ESCALATE_AFTER_DAYS = 5
    _with_email(persona, "lanhdao")
    assert send_reminders(date(2026, 7, 4))["escalations"] == 0  # 4 days overdue
    assert send_reminders(date(2026, 7, 6))["escalations"] == 1  # 6 days overdue
    escalation = [m for m in mail.outbox if m.to == ["lanhdao@dongnai.gov.vn"]]
    assert escalation and "Sở Tư pháp" in escalation[0].body


def test_cron_command_sends_the_day_s_reminders_through_the_queue(plan, persona):
    _with_email(persona, "tuphap")
    out = StringIO()
    with time_machine.travel("2026-03-31 09:00 +0700", tick=False):
        call_command("jobs", "tracking-reminders", stdout=out)
    assert "tracking-reminders: {'digests': 1, 'escalations': 0, 'reviews': 0}" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["tuphap@dongnai.gov.vn"]]
