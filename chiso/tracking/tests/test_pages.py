"""Pages: the officer's list, the occurrence page, the inbox; forged ids get 404."""

import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.orgs.models import Membership, OrgUnit, Role
from chiso.orgs.services import user_create
from chiso.tracking import services
from chiso.tracking.models import ProgressReport
from chiso.tracking.tests.test_workflow import PDF, submit


@pytest.fixture
def outsider(province, client):
    """An officer of Sở Y tế, a unit the plan does not name."""
    user = user_create(username="yte", password="chiso-demo-1234", full_name="Cán bộ Sở Y tế")
    Membership.objects.create(
        user=user, unit=OrgUnit.objects.get(name="Sở Y tế"), role=Role.OFFICER
    )
    client.force_login(user)
    return client


def _sections(page: str) -> list[tuple[str, str]]:
    """(heading, content) of each task group of the page, in page order."""
    return re.findall(r'<section class="card" aria-label="([^"]+)">(.*?)</section>', page, re.S)


def test_officer_sees_overdue_and_due_soon_first(occ, client_as):
    # 25/06/2026: the continuous task's first quarter is overdue, the review due 30/06 is close
    with time_machine.travel("2026-06-25 09:00 +0700", tick=False):
        page = client_as("tuphap").get(reverse("tracking:my_tasks")).content.decode()
    lead = [(h, body) for h, body in _sections(page) if not h.startswith("Phối hợp")]
    headings = [h for h, _ in lead]
    assert headings[:2] == ["Quá hạn", "Sắp đến hạn (trong 14 ngày)"]
    assert headings[2:] == ["Hạn trong Quý III/2026", "Hạn trong Quý IV/2026"]
    overdue, due_soon = lead[0][1], lead[1][1]
    assert "Kiểm soát thủ tục hành chính" in overdue and "Rà soát văn bản" not in overdue
    assert "Rà soát văn bản quy phạm pháp luật" in due_soon and "30/06/2026" in due_soon


def test_coordinating_unit_sees_the_task_and_can_contribute(occ, client_as):
    client = client_as("vpubnd")
    assert "Rà soát văn bản" in client.get(reverse("tracking:my_tasks")).content.decode()
    url = reverse("tracking:contribution_add", args=[occ.pk])
    response = client.post(url, {"narrative": "Đã cung cấp danh mục."}, follow=True)
    assert "Đã gửi ý kiến phối hợp" in response.content.decode()
    assert occ.contributions.get().narrative == "Đã cung cấp danh mục."


def test_submit_through_the_page_then_accept_in_the_inbox(occ, client_as):
    lead = client_as("tuphap")
    url = reverse("tracking:occurrence", args=[occ.pk])
    # 00:30 on 5 March in Việt Nam is still 4 March in UTC: the inbox shows the local day
    with time_machine.travel("2026-03-04 17:30 +0000", tick=False):
        page = lead.post(
            url,
            {
                "work_status": "done",
                "percent": "100",
                "completed_on": "10/01/2026",
                "narrative": "Đã hoàn thành rà soát.",
                "version": "0",
                "submit": "1",
                "files": SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf"),
            },
            follow=True,
        ).content.decode()
    assert "Đã gửi báo cáo để thẩm định." in page and "ket-qua.pdf" in page
    reviewer = client_as("noivu")
    inbox = reviewer.get(reverse("tracking:inbox")).content.decode()
    report = ProgressReport.objects.get()
    row = re.search(r"<tr>\s*<td><input[^>]*>.*?</tr>", inbox, re.S).group(0)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells[1].startswith("Rà soát văn bản")
    assert cells[2:] == [
        "Sở Tư pháp", occ.period_label, occ.due_date.strftime("%d/%m/%Y"), "05/03/2026",
        "Hoàn thành, 100%", "1", "Đã gửi, chờ duyệt",
    ]  # fmt: skip
    assert f'href="{url}"' in row
    response = reviewer.post(
        reverse("tracking:inbox_bulk_accept"), {"report": [report.pk]}, follow=True
    )
    assert "Đã chấp nhận 1 báo cáo." in response.content.decode()
    assert ProgressReport.objects.get().state == "accepted"


def test_fake_pdf_is_refused_with_a_message_on_the_page(occ, client_as):
    url = reverse("tracking:occurrence", args=[occ.pk])
    page = (
        client_as("tuphap")
        .post(
            url,
            {
                "work_status": "in_progress",
                "percent": "50",
                "narrative": "x",
                "version": "0",
                "submit": "1",
                "files": SimpleUploadedFile("gia.pdf", b"GIF89a not a pdf at all" * 20),
            },
        )
        .content.decode()
    )
    assert "không đúng định dạng cho phép" in page
    assert not ProgressReport.objects.exists()


def test_stale_form_gets_a_clear_conflict_message(occ, client_as, persona):
    draft = services.report_save(
        occurrence=occ, by=persona("tuphap"), work_status="in_progress", percent=10, narrative="A"
    )
    services.report_save(
        occurrence=occ,
        by=persona("tuphap"),
        work_status="in_progress",
        percent=20,
        narrative="B",
        version=draft.version,
    )
    page = (
        client_as("tuphap")
        .post(
            reverse("tracking:occurrence", args=[occ.pk]),
            {
                "work_status": "in_progress",
                "percent": "90",
                "narrative": "C",
                "version": str(draft.version),
                "draft": "1",
            },
        )
        .content.decode()
    )
    assert "vừa được người khác thay đổi" in page
    assert ProgressReport.objects.get().narrative == "B"


def test_forged_ids_give_404_on_every_url(occ, persona, outsider):
    report = submit(occ, persona("tuphap"), files=[SimpleUploadedFile("a.pdf", PDF)])
    evidence = report.evidence.get()
    req = services.explanation_request(occurrence=occ, question="?", by=persona("noivu"))
    gets = [
        reverse("tracking:occurrence", args=[occ.pk]),
        reverse("tracking:evidence", args=[evidence.pk]),
    ]
    posts = [
        reverse("tracking:occurrence", args=[occ.pk]),
        reverse("tracking:contribution_add", args=[occ.pk]),
        reverse("tracking:explanation_request", args=[occ.pk]),
        reverse("tracking:change_deadline", args=[occ.pk]),
        reverse("tracking:reassign", args=[occ.pk]),
        reverse("tracking:cancel", args=[occ.pk]),
        reverse("tracking:report_review", args=[report.pk]),
        reverse("tracking:report_reopen", args=[report.pk]),
        reverse("tracking:explanation_answer", args=[req.pk]),
    ]
    for url in gets:
        assert outsider.get(url).status_code == 404, url
    for url in posts:
        assert (
            outsider.post(url, {"decision": "accept", "reason": "x", "answer": "x"}).status_code
            == 404
        ), url
    api = [
        f"/api/v1/occurrences/{occ.pk}",
        f"/api/v1/reports/{report.pk}",
        f"/api/v1/evidence/{evidence.pk}",
    ]
    for url in api:
        assert outsider.get(url).status_code == 404, url
    form = {"work_status": "done", "percent": 100, "narrative": "giả mạo"}
    assert outsider.post(f"/api/v1/occurrences/{occ.pk}/report", form).status_code == 404
    for action in ("accept", "return"):
        url = f"/api/v1/reports/{report.pk}/{action}"
        response = outsider.post(url, {"comment": "x"}, content_type="application/json")
        assert response.status_code == 404, url
    assert ProgressReport.objects.get().state == "submitted"


def test_lead_officer_cannot_review_own_report(occ, persona, client_as):
    report = submit(occ, persona("tuphap"))
    response = client_as("tuphap").post(
        reverse("tracking:report_review", args=[report.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert ProgressReport.objects.get().state == "submitted"


def test_evidence_download_is_an_attachment_with_nosniff(occ, persona, client_as):
    report = submit(occ, persona("tuphap"), files=[SimpleUploadedFile("Biên bản.pdf", PDF)])
    response = client_as("noivu").get(reverse("tracking:evidence", args=[report.evidence.get().pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_pages_use_a_bounded_number_of_queries(province, client_as, django_assert_max_num_queries):
    from tests.builders import make_plan

    for n in range(3):
        make_plan(
            deadlines={f"Nhiệm vụ {n}-{i}": "Thường xuyên" for i in range(5)}, number=f"{n}/KH"
        )
    lead, coord = client_as("tuphap"), client_as("noivu")
    for client, url in [
        (lead, reverse("tracking:my_tasks")),
        (coord, reverse("tracking:inbox")),
        (coord, reverse("tracking:rates")),
        (coord, reverse("plans:list")),
    ]:
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200


def test_lead_removes_a_wrong_file_only_while_the_report_is_open(occ, persona, client_as, outsider):
    tuphap = persona("tuphap")
    draft = services.report_save(
        occurrence=occ, by=tuphap, work_status="in_progress", percent=10,
        files=[SimpleUploadedFile("nham.pdf", PDF)],
    )  # fmt: skip
    evidence = draft.evidence.get()
    url = reverse("tracking:evidence_delete", args=[evidence.pk])
    assert outsider.post(url).status_code == 404
    assert client_as("vpubnd").post(url).status_code == 403
    page = client_as("tuphap").post(url, follow=True).content.decode()
    assert "Đã xóa tài liệu “nham.pdf”." in page and not draft.evidence.exists()
    report = submit(occ, tuphap, files=[SimpleUploadedFile("dung.pdf", PDF)])
    kept = report.evidence.get()
    page = (
        client_as("tuphap")
        .post(reverse("tracking:evidence_delete", args=[kept.pk]), follow=True)
        .content.decode()
    )
    assert "Chỉ xóa được tài liệu" in page and report.evidence.exists()


def test_report_form_shows_only_vietnamese_labels(occ, client_as):
    page = client_as("tuphap").get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert "Tình hình thực hiện" in page and "Gửi báo cáo" in page and "Lưu nháp" in page
    assert ">Version<" not in page and "Version" not in page.split("<main")[1]


def test_completion_rate_table_shows_each_units_flag_and_figures(occ, client_as, persona):
    """The table's cells are built in Python (`views.inbox._figure_cells`): the selector's
    figures, the flag as a coloured badge with its label."""
    from django.utils import timezone

    from chiso.tracking.selectors import unit_completion_rates
    from chiso.tracking.status import Flag
    from chiso.tracking.templatetags.tracking_tags import pct

    services.report_accept(report=submit(occ, persona("tuphap")), by=persona("noivu"))
    page = client_as("noivu").get(reverse("tracking:rates")).content.decode()
    row = re.search(r"<tr><td>Sở Tư pháp</td>(.*?)</tr>", page, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    units = OrgUnit.objects.filter(name="Sở Tư pháp")
    (expected,) = unit_completion_rates(units, timezone.localdate())
    keys = ["total", "done_on_time", "done_late", "overdue", "in_progress", "not_due"]
    assert cells == [
        dict(Flag.choices)[expected["flag"]],
        *[str(expected[k]) for k in keys],
        pct(expected["on_time_rate"]),
        pct(expected["reporting_timeliness"]),
    ]
    assert expected["done_on_time"] == 1
    assert f'class="badge flag-{expected["flag"]}"' in row


def test_list_rows_escape_what_users_typed(province, client_as, persona):
    """The task list's and inbox's rows are written by `row_tags`, not the template engine:
    a task, plan or unit text holding markup is shown as text."""
    from tests.builders import make_plan

    hostile = '<script>alert("x")</script> & <b>'
    plan = make_plan(deadlines={hostile: "30/6/2026"}, number='<img src=x onerror="y">')
    occ = plan.tasks.get().occurrences.get()
    submit(occ, persona("tuphap"))
    pages = [
        client_as("tuphap").get(reverse("tracking:my_tasks")).content.decode(),
        client_as("noivu").get(reverse("tracking:inbox")).content.decode(),
    ]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert "&lt;img src=x onerror=&quot;y&quot;&gt;" in pages[0]


def test_plan_page_figures_follow_a_review_at_once(occ, client_as, persona):
    """The plan page's status figures are kept until the data changes: an accepted report
    shows on the next view."""
    client = client_as("noivu")
    url = reverse("plans:detail", args=[occ.task.plan_id])

    def row():
        page = client.get(url).content.decode()
        return re.search(rf'<tr id="nv-{occ.task_id}">.*?</tr>', page, re.S).group(0)

    assert "1 kỳ; 0 hoàn thành" in row()
    services.report_accept(report=submit(occ, persona("tuphap")), by=persona("noivu"))
    assert "1 kỳ; 1 hoàn thành" in row()
