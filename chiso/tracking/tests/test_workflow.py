"""Contribution → submit with evidence → return → resubmit → accept; locking and conflicts."""

import io
import zipfile
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chiso.core.errors import ConflictError, DomainError
from chiso.tracking import services
from chiso.tracking.models import Evidence, Notification, ProgressReport
from chiso.tracking.selectors import unit_completion_rates
from chiso.tracking.status import Status
from tests.builders import unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="bien-ban.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx_bytes(kind="word"):
    buf = io.BytesIO()
    main = "wordprocessingml.document.main" if kind == "word" else "spreadsheetml.sheet.main"
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", f'<Types><Override ContentType="{main}+xml"/></Types>')
        z.writestr("word/document.xml" if kind == "word" else "xl/workbook.xml", "<x/>")
    return buf.getvalue()


def submit(occ, user, **kw):
    defaults = dict(
        work_status="done",
        percent=100,
        completed_on=date(2026, 1, 10),
        narrative="Đã rà soát 120 văn bản.",
    )
    return services.report_save(occurrence=occ, by=user, submit=True, **{**defaults, **kw})


def test_full_review_cycle_updates_status_and_rates(occ, persona, settings):
    tuphap, noivu, vpubnd = persona("tuphap"), persona("noivu"), persona("vpubnd")
    services.contribution_add(
        occurrence=occ,
        unit=unit("Văn phòng Ủy ban nhân dân tỉnh"),
        narrative="Đã gửi danh mục văn bản cần rà soát.",
        by=vpubnd,
    )
    assert Notification.objects.filter(user=tuphap, message__contains="ý kiến phối hợp").exists()

    report = submit(occ, tuphap, files=[pdf()])
    assert report.state == "submitted" and report.evidence.count() == 1
    # the plan's coordinator reviews (no monitoring unit is named) and is told
    assert Notification.objects.filter(user__username="noivu", kind="review").count() == 1

    services.report_return(report=report, by=noivu, comment="Thiếu danh mục văn bản.")
    assert ProgressReport.objects.get(pk=report.pk).state == "returned"
    assert Notification.objects.filter(user=tuphap, message__contains="trả lại").exists()

    report = submit(occ, tuphap, narrative="Đã bổ sung danh mục.", files=[pdf("danh-muc.pdf")])
    assert report.evidence.count() == 2
    services.report_accept(report=report, by=noivu)
    occ.refresh_from_db()
    assert occ.completed_on == date(2026, 1, 10) and occ.percent == 100
    assert occ.status_on(date(2026, 6, 1)) == Status.DONE_ON_TIME

    [row] = unit_completion_rates(
        type(occ.unit).objects.filter(pk=occ.unit_id), timezone.localdate(), plan=occ.task.plan
    )
    assert row["done_on_time"] + row["done_late"] == 1

    # accepted + done is locked; reopening needs a reason
    with pytest.raises(DomainError, match="khóa"):
        submit(occ, tuphap)
    with pytest.raises(DomainError, match="lý do"):
        services.report_reopen(report=report, by=noivu, reason=" ")
    services.report_reopen(report=report, by=noivu, reason="Phát hiện số liệu sai")
    occ.refresh_from_db()
    assert occ.completed_on is None
    reasons = list(report.history.values_list("history_change_reason", flat=True))
    assert (
        "Mở lại: Phát hiện số liệu sai" in reasons and "Trả lại: Thiếu danh mục văn bản." in reasons
    )


def test_done_after_the_due_date_is_done_late(occ, persona, monkeypatch):
    late = timezone.make_aware(datetime(2026, 7, 3, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: late)
    report = submit(occ, persona("tuphap"), completed_on=date(2026, 7, 2))
    services.report_accept(report=report, by=persona("noivu"))
    occ.refresh_from_db()
    assert occ.completed_on == date(2026, 7, 2)
    assert occ.status_on(date(2026, 7, 10)) == Status.DONE_LATE
    [row] = unit_completion_rates(type(occ.unit).objects.filter(pk=occ.unit_id), date(2026, 7, 10))
    assert row["done_late"] == 1 and row["reporting_timeliness"] == 0.0


def test_two_edits_second_gets_a_conflict_and_nothing_is_overwritten(occ, persona):
    tuphap = persona("tuphap")
    draft = services.report_save(
        occurrence=occ, by=tuphap, work_status="in_progress", percent=10, narrative="Bản A"
    )
    seen = draft.version  # both people opened the form at this version
    services.report_save(
        occurrence=occ,
        by=tuphap,
        work_status="in_progress",
        percent=40,
        narrative="Bản B",
        version=seen,
    )
    with pytest.raises(ConflictError, match="người khác thay đổi"):
        services.report_save(
            occurrence=occ,
            by=tuphap,
            work_status="in_progress",
            percent=70,
            narrative="Bản C",
            version=seen,
        )
    saved = ProgressReport.objects.get(pk=draft.pk)
    assert (saved.narrative, saved.percent) == ("Bản B", 40)


def test_upload_with_wrong_magic_bytes_is_refused_and_nothing_saved(occ, persona):
    fake = pdf("bao-cao.pdf", b"MZ\x90\x00 this is an exe pretending to be a pdf" * 10)
    with pytest.raises(DomainError, match="không đúng định dạng"):
        submit(occ, persona("tuphap"), files=[fake])
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_oversize_upload_is_refused(occ, persona, settings):
    settings.MAX_UPLOAD_MB = 1
    big = pdf("lon.pdf", PDF + b"0" * (1024 * 1024 + 10))
    with pytest.raises(DomainError, match="vượt quá giới hạn 1 MB"):
        submit(occ, persona("tuphap"), files=[big])
    assert not Evidence.objects.exists()


def test_docx_and_xlsx_are_told_apart_by_their_content(occ, persona):
    files = [
        SimpleUploadedFile("a.pdf", docx_bytes("word")),  # name lies; content decides
        SimpleUploadedFile("b.bin", docx_bytes("excel")),
    ]
    report = submit(occ, persona("tuphap"), files=files)
    types = sorted(e.content_type.rsplit(".", 1)[-1] for e in report.evidence.all())
    assert types == ["document", "sheet"]
    assert all(not e.file.name.endswith((".pdf", ".bin")) for e in report.evidence.all())


def test_returning_needs_a_comment_and_only_submitted_reports_are_reviewed(occ, persona):
    noivu = persona("noivu")
    draft = services.report_save(
        occurrence=occ, by=persona("tuphap"), work_status="in_progress", percent=30
    )
    with pytest.raises(DomainError, match="chờ duyệt"):
        services.report_accept(report=draft, by=noivu)
    report = submit(occ, persona("tuphap"))
    with pytest.raises(DomainError, match="lý do trả lại"):
        services.report_return(report=report, by=noivu, comment="")


def test_explanation_request_and_answer_stay_on_record(occ, persona):
    req = services.explanation_request(
        occurrence=occ, question="Vì sao chậm tiến độ?", by=persona("lanhdao")
    )
    services.explanation_answer(request=req, answer="Chờ ý kiến Bộ Tư pháp.", by=persona("tuphap"))
    assert occ.explanations.get().answer == "Chờ ý kiến Bộ Tư pháp."
    with pytest.raises(DomainError, match="đã được giải trình"):
        services.explanation_answer(request=req, answer="Lần hai", by=persona("tuphap"))
    assert len(mail.outbox) == 0  # in-app only for these events
