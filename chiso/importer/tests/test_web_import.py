"""The import pages: upload → (progress) → review → confirm, and who may use them."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.core import jobs
from chiso.core.readers import MAX_BYTES
from chiso.importer import services
from chiso.importer.models import AgencyMapping, ImportJob, JobState
from chiso.orgs.models import OrgUnit, Role
from chiso.orgs.services import membership_grant
from chiso.plans.models import Plan, Task
from tests.builders import TUY_PHUOC, plan_docx, seed

pytestmark = pytest.mark.django_db
DOCX = "ke-hoach-12.docx"


def _upload(client, owner, data=None, name=DOCX):
    return client.post(
        reverse("importer:upload"),
        {"file": SimpleUploadedFile(name, data or plan_docx()), "owner_unit": owner.pk},
    )


@pytest.fixture
def job(client_as, province):
    client = client_as("noivu")
    response = _upload(client, province)
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_upload_then_review_shows_draft_and_highlights(client_as, province):
    client = client_as("noivu")
    page = client.get(reverse("importer:upload"))
    assert page.status_code == 200 and "Tải lên và đọc văn bản" in page.text
    response = _upload(client, province)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("importer:job", args=[job.pk])
    review = client.get(response["Location"])
    html = review.text
    assert "Kiểm tra bản nháp" in html and "Khảo sát sự hài lòng của người dân" in html
    assert 'class="low-confidence"' in html  # the deadline "càng sớm càng tốt" was not understood
    assert "Chưa hiểu — cần nhập lại" in html
    assert "Tên cơ quan chưa xác định (1)" in html and "Hội Nông dân tỉnh" in html
    assert "12/KH-UBND" in html


def test_confirm_with_edits_and_mapping(client_as, job, province):
    client = client_as("noivu")
    farmers = OrgUnit.objects.get(name="Sở Nông nghiệp và Phát triển nông thôn")
    response = client.post(
        reverse("importer:confirm", args=[job.pk]),
        {
            "plan-title": "Kế hoạch nâng cao SIPAS 2024 (đã sửa)",
            "tasks-0-content": "Khảo sát sự hài lòng của người dân và tổ chức",
            "tasks-2-deadline": "31/12/2024",
            "agency-0": f"unit:{farmers.pk}",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.title == "Kế hoạch nâng cao SIPAS 2024 (đã sửa)"
    tasks = list(plan.tasks.order_by("order"))
    assert tasks[0].content == "Khảo sát sự hài lòng của người dân và tổ chức"
    assert tasks[2].deadline_kind == "date" and tasks[2].due_date.isoformat() == "2024-12-31"
    assert tasks[1].assignments.get(role="lead").unit == farmers
    assert AgencyMapping.objects.filter(unit=farmers).exists()
    page = client.get(response["Location"])
    assert "Đã tạo kế hoạch với 3 nhiệm vụ" in page.text


def test_confirm_with_json_blob_skips_a_row(client_as, job):
    client = client_as("noivu")
    edits = {"tasks-1-skip": "1", "tasks-0-lead": "Sở Tư pháp; Sở Nội vụ"}
    client.post(reverse("importer:confirm", args=[job.pk]), {"edits": json.dumps(edits)})
    plan = Plan.objects.get()
    assert plan.tasks.count() == 2
    first = plan.tasks.order_by("order").first()
    assert set(first.assignments.filter(role="lead").values_list("unit__name", flat=True)) == {
        "Sở Tư pháp",
        "Sở Nội vụ",
    }


def test_unknown_row_is_refused_and_nothing_written(client_as, job):
    client = client_as("noivu")
    farmers = OrgUnit.objects.get(name="Sở Nông nghiệp và Phát triển nông thôn")
    response = client.post(
        reverse("importer:confirm", args=[job.pk]),
        {"tasks-99-content": "Nhiệm vụ giả", "agency-0": f"unit:{farmers.pk}"},
    )
    assert response.status_code == 400
    assert "Dòng nhiệm vụ số 100 không có trong bản nháp" in response.text
    assert f'value="unit:{farmers.pk}" selected' in response.text  # the choice is kept
    selects = re.findall(r'<select id="agency-\d+".*?</select>', response.text, re.S)
    assert selects and all(f'value="unit:{farmers.pk}"' in s for s in selects)
    assert [s.count(" selected>") for s in selects] == [1] + [0] * (len(selects) - 1)
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_double_submit_creates_one_plan(client_as, job):
    client = client_as("noivu")
    url = reverse("importer:confirm", args=[job.pk])
    first = client.post(url, {})
    second = client.post(url, {})
    assert Plan.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_reupload_offers_the_existing_plan(client_as, job, province):
    client = client_as("noivu")
    client.post(reverse("importer:confirm", args=[job.pk]), {})
    plan = Plan.objects.get()
    _upload(client, province)
    again = ImportJob.objects.exclude(pk=job.pk).get()
    html = client.get(reverse("importer:job", args=[again.pk])).text
    assert "đã được nhập thành kế hoạch" in html
    assert reverse("plans:detail", args=[plan.pk]) in html
    assert 'id="confirm"' not in html
    response = client.post(reverse("importer:confirm", args=[again.pk]), {})
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert Plan.objects.count() == 1


def test_bad_file_shows_message_and_writes_nothing(client_as, province):
    client = client_as("noivu")
    response = _upload(client, province, "Kính gửi các đồng chí.".encode(), "thu.txt")
    assert response.status_code == 200
    assert "Không tìm thấy bảng nhiệm vụ" in response.text
    assert not ImportJob.objects.exists()


def test_oversized_file_is_refused(client_as, province):
    client = client_as("noivu")
    response = _upload(client, province, b"a" * (MAX_BYTES + 1), "lon.txt")
    assert "Tệp quá lớn (tối đa 20 MB)." in response.text
    assert not ImportJob.objects.exists()


def test_deadline_is_parsed_again_as_typed(client_as, job):
    client = client_as("noivu")
    response = client.post(
        reverse("importer:deadline", args=[job.pk]) + "?row=2",
        {"tasks-0-deadline": "Thường xuyên", "tasks-2-deadline": "Quý III/2024"},
        HTTP_HX_REQUEST="true",
    )
    assert "Trong quý" in response.text and "30/09/2024" in response.text


def _queued(persona, province):
    """A document waiting in the queue for a background worker to read it."""
    return services.import_start(
        user=persona("noivu"),
        filename=DOCX,
        data=plan_docx(),
        owner_unit=province,
        background=True,
    )


def test_progress_polls_until_ready(client_as, persona, province, task_queue):
    job = _queued(persona, province)
    client = client_as("noivu")
    page = client.get(reverse("importer:job", args=[job.pk]))
    assert 'hx-trigger="every 1s"' in page.text and "5%" in page.text
    task_queue.run()
    fragment = client.get(reverse("importer:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Redirect"] == reverse("importer:job", args=[job.pk])
    assert "Tạo kế hoạch" in client.get(reverse("importer:job", args=[job.pk])).text


def test_failed_job_shows_its_message(client_as, job):
    client = client_as("noivu")
    ImportJob.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error_message="Tệp được đặt mật khẩu hoặc mã hóa."
    )
    page = client.get(reverse("importer:job", args=[job.pk]))
    assert "Tệp được đặt mật khẩu" in page.text and "every 1s" not in page.text


def test_officer_cannot_import(client_as, province):
    client = client_as("tuphap")
    assert client.get(reverse("importer:upload")).status_code == 403
    assert _upload(client, province).status_code == 403
    assert not ImportJob.objects.exists()


def test_coordinator_of_another_province_cannot_see_the_job(client_as, job):
    other = OrgUnit.objects.get(name="Ủy ban nhân dân tỉnh Bình Định")
    user = get_user_model().objects.create_user("binhdinh", password="chiso-demo")
    membership_grant(user=user, unit=other, role=Role.COORDINATOR)
    client = client_as("binhdinh")
    assert client.get(reverse("importer:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("importer:confirm", args=[job.pk]), {}).status_code == 404
    assert client.get(reverse("importer:upload")).status_code == 200
    assert "ke-hoach-12.docx" not in client.get(reverse("importer:upload")).text
    assert _upload(client, job.owner_unit).status_code == 200  # not a unit they manage
    assert ImportJob.objects.count() == 1 and not Plan.objects.exists()


def test_review_of_a_long_plan_uses_few_queries(client_as, province, django_assert_max_num_queries):
    client = client_as("noivu")
    _upload(client, province, seed(TUY_PHUOC), TUY_PHUOC)
    job = ImportJob.objects.get()
    with django_assert_max_num_queries(15):
        page = client.get(reverse("importer:job", args=[job.pk]))
    assert page.text.count('name="tasks-') >= 69 * 8


def test_header_dates_are_shown_and_read_as_dd_mm_yyyy(client_as, job):
    client = client_as("noivu")
    html = client.get(reverse("importer:job", args=[job.pk])).text
    assert 'value="05/03/2024"' in html and 'value="31/12/2024"' in html
    client.post(
        reverse("importer:confirm", args=[job.pk]),
        {"plan-date": "06/03/2024", "plan-period_start": "01/04/2024"},
    )
    plan = Plan.objects.get()
    assert plan.date.isoformat() == "2024-03-06" and plan.period_start.isoformat() == "2024-04-01"


def test_bad_date_is_explained(client_as, job):
    client = client_as("noivu")
    response = client.post(reverse("importer:confirm", args=[job.pk]), {"plan-date": "32/13/2024"})
    assert response.status_code == 400
    assert "Ngày ban hành: ngày “32/13/2024” không hợp lệ" in response.text
    assert not Plan.objects.exists()


def test_a_parse_whose_worker_was_killed_is_reported(
    client_as, persona, province, task_queue, settings
):
    settings.TASKS_MAX_ATTEMPTS = 1
    job = _queued(persona, province)
    task_queue.orphan(job.task_id)
    assert jobs.recover_lost() == {"requeued": 0, "failed": 1}
    page = client_as("noivu").get(reverse("importer:job", args=[job.pk]))
    assert "bị gián đoạn" in page.text and "every 1s" not in page.text
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.file


def test_review_rows_show_document_text_as_text(client_as, job):
    """The review's rows are written by `review_rows`: a document's text holding markup stays
    inside its field, and the deadline badge reads as the check endpoint's."""
    draft = job.draft
    draft["tasks"][0]["content"] = 'Rà soát </textarea><script>alert("x")</script>'
    draft["tasks"][0]["output"] = "Báo cáo & <b>danh mục</b>"
    ImportJob.objects.filter(pk=job.pk).update(draft=draft)
    page = client_as("noivu").get(reverse("importer:job", args=[job.pk])).text
    row = re.search(r'<tr id="task-0">.*?</tr>', page, re.S).group(0)
    assert "<script>" not in row and "</textarea><script>" not in row
    assert "Rà soát &lt;/textarea&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in row
    assert "Báo cáo &amp; &lt;b&gt;danh mục&lt;/b&gt;</textarea>" in row
    badge = re.search(r'<div id="deadline-0">(.*?)</div>', row, re.S).group(1)
    checked = client_as("noivu").post(
        reverse("importer:deadline", args=[job.pk]) + "?row=0",
        {"tasks-0-deadline": draft["tasks"][0]["deadline"]["raw"]},
    )
    assert checked.text.strip() == badge.strip()
