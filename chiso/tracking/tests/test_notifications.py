"""Reviewers are told when work awaits them (in the app at once, by e-mail in the daily digest),
and an e-mail the server refuses is kept for the administrator instead of being lost."""

from datetime import date
from smtplib import SMTPException

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from chiso.plans.models import AssignmentRole, TaskAssignment
from chiso.tracking import services
from chiso.tracking.models import FailedEmail, Notification, NotificationKind
from chiso.tracking.reminders import send_reminders, send_review_digests
from tests.builders import unit

DAY = date(2026, 5, 4)


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("Connection refused by smtp.dongnai.gov.vn")


def _emails(persona, *names):
    for name in names:
        user = persona(name)
        user.email = f"{name}@dongnai.gov.vn"
        user.save()


def _submit(occ, user, narrative="Đã rà soát 120 văn bản."):
    return services.report_save(
        occurrence=occ, by=user, submit=True, work_status="in_progress", percent=50,
        narrative=narrative,
    )  # fmt: skip


def _review_notes(username):
    return list(
        Notification.objects.filter(user__username=username, kind=NotificationKind.REVIEW)
        .order_by("pk")
        .values_list("message", flat=True)
    )


def test_submission_and_resubmission_reach_the_reviewer_in_the_app(occ, persona):
    tuphap, noivu = persona("tuphap"), persona("noivu")
    report = _submit(occ, tuphap)
    assert _review_notes("noivu") == [
        "Sở Tư pháp đã gửi báo cáo “Rà soát văn bản quy phạm pháp luật” (Cả kỳ kế hoạch)."
    ]
    assert _review_notes("tuphap") == []  # the unit is not told about its own submission
    services.report_return(report=report, by=noivu, comment="Thiếu danh mục.")
    _submit(occ, tuphap, narrative="Đã bổ sung danh mục.")
    assert "Sở Tư pháp đã sửa và gửi lại báo cáo" in _review_notes("noivu")[-1]


def test_the_named_monitoring_unit_is_told_not_the_coordinator(occ, persona):
    TaskAssignment.objects.create(
        task=occ.task, unit=unit("Văn phòng Ủy ban nhân dân tỉnh"), role=AssignmentRole.MONITORING
    )
    _submit(occ, persona("tuphap"))
    assert len(_review_notes("vpubnd")) == 1 and _review_notes("noivu") == []


def test_an_answered_explanation_reaches_who_asked(occ, persona):
    noivu = persona("noivu")
    request = services.explanation_request(
        occurrence=occ, question="Vì sao chưa rà soát xong?", by=noivu
    )
    services.explanation_answer(
        request=request, answer="Chờ Bộ Tư pháp hướng dẫn.", by=persona("tuphap")
    )
    [note] = _review_notes("noivu")
    assert note.startswith("Sở Tư pháp đã giải trình về nhiệm vụ “Rà soát văn bản")


def test_daily_digest_emails_unread_review_work_once(occ, persona):
    _emails(persona, "noivu", "tuphap")
    _submit(occ, persona("tuphap"))
    assert mail.outbox == []  # nothing by e-mail at submission: it goes in the digest
    assert send_review_digests(DAY) == 1
    [message] = mail.outbox
    assert message.to == ["noivu@dongnai.gov.vn"]
    assert message.subject == "[chiso] Báo cáo chờ thẩm định"
    assert "Sở Tư pháp đã gửi báo cáo “Rà soát văn bản" in message.body
    assert f"/nhiem-vu/ky/{occ.pk}/" in message.body
    assert send_review_digests(DAY) == 0 and send_review_digests(date(2026, 5, 5)) == 0


def test_review_work_already_read_in_the_app_is_not_emailed(occ, persona, client_as):
    _emails(persona, "noivu")
    _submit(occ, persona("tuphap"))
    client_as("noivu").get("/nhiem-vu/thong-bao/")
    assert send_reminders(DAY)["reviews"] == 0
    assert not [m for m in mail.outbox if "thẩm định" in m.subject]


def test_a_refused_email_is_kept_for_the_admin_and_nothing_else_breaks(
    occ, persona, settings, client_as
):
    settings.EMAIL_BACKEND = "chiso.tracking.tests.test_notifications.RefusingBackend"
    _emails(persona, "noivu", "tuphap")
    report = _submit(occ, persona("tuphap"))
    assert send_review_digests(DAY) == 1
    services.report_return(report=report, by=persona("noivu"), comment="Thiếu danh mục.")
    failed = list(FailedEmail.objects.order_by("pk"))
    assert [(f.subject, f.recipients) for f in failed] == [
        ("[chiso] Báo cáo chờ thẩm định", "noivu@dongnai.gov.vn"),
        ("[chiso] Báo cáo bị trả lại", "tuphap@dongnai.gov.vn"),
    ]
    assert "Connection refused" in failed[0].error
    assert report.__class__.objects.get(pk=report.pk).state == "returned"  # the action stands
    page = client_as("admin").get("/quan-tri-he-thong/tracking/failedemail/").content.decode()
    assert "Connection refused by smtp.dongnai.gov.vn" in page
