"""A review chain people can trust: nobody reviews a report of their own unit, the plan's standing
monitoring body reviews when the task names no other monitoring unit, and a coordinator never
writes a unit's report, evidence, contribution or explanation (page, form post and API alike)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.importer import services as importer_services
from chiso.orgs.models import Membership, Role
from chiso.orgs.services import user_create
from chiso.plans.services import AssigneeSpec, assignment_add, plan_update
from chiso.tracking import rules, services
from chiso.tracking.models import Contribution, Evidence, ExplanationRequest, ProgressReport
from chiso.tracking.tests.test_workflow import PDF, submit
from tests.builders import make_plan, plan_docx, unit


def _officer(username, unit_name):
    user = user_create(username=username, password="chiso-demo-1234", full_name=username)
    Membership.objects.create(user=user, unit=unit(unit_name), role=Role.OFFICER)
    return user


def _monitored_by_lead(occ):
    """As in plan 336/KH-UBND: the task names its lead unit as the monitoring unit too."""
    assignment_add(task=occ.task, spec=AssigneeSpec(role="monitoring", unit=unit("Sở Tư pháp")))


def test_lead_named_as_monitor_never_reviews_its_own_report(occ, persona, client_as):
    _monitored_by_lead(occ)
    tuphap = persona("tuphap")
    report = submit(occ, tuphap)
    assert not rules.can_review(tuphap, occ)
    client = client_as("tuphap")
    inbox = client.get(reverse("tracking:inbox")).content.decode()
    assert "Rà soát văn bản" not in inbox
    page = client.get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert 'value="accept"' not in page
    response = client.post(
        reverse("tracking:report_review", args=[report.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    api = client.post(f"/api/v1/reports/{report.pk}/accept", {}, content_type="application/json")
    assert api.status_code == 403
    bulk = client.post(reverse("tracking:inbox_bulk_accept"), {"report": [report.pk]})
    assert bulk.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.reviewed_by is None


def test_report_goes_to_the_plan_coordinator_unit_when_the_lead_monitors_itself(occ, persona):
    _monitored_by_lead(occ)
    snv = _officer("snv-canbo", "Sở Nội vụ")
    assert rules.can_review(snv, occ)


def test_plan_standing_monitoring_body_reviews_before_the_coordinator_unit(occ, persona):
    _monitored_by_lead(occ)
    snv, stc = _officer("snv-canbo", "Sở Nội vụ"), _officer("taichinh", "Sở Tài chính")
    plan = occ.task.plan
    plan_update(
        plan=plan,
        number=plan.number,
        issuer=plan.issuer,
        owner_unit=plan.owner_unit,
        coordinator_unit=plan.coordinator_unit,
        place=plan.place,
        date=plan.date,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        reporting_frequency=plan.reporting_frequency,
        monitoring_unit=unit("Sở Tài chính"),
    )
    assert rules.can_review(stc, occ) and not rules.can_review(snv, occ)
    assert rules.can_review(persona("noivu"), occ)  # the plan's coordinators still may


def test_coordinator_does_not_review_reports_of_her_own_unit(province, persona, client_as):
    plan = make_plan(deadlines={"Tổng hợp báo cáo cải cách hành chính": "30/6/2026"})
    task = plan.tasks.get()
    task.assignments.filter(role="lead").update(unit=unit("Sở Nội vụ"))
    services.occurrences_sync(task)
    occ = task.occurrences.get(unit=unit("Sở Nội vụ"))
    noivu = persona("noivu")
    report = submit(occ, noivu)
    assert not rules.can_review(noivu, occ)
    inbox = client_as("noivu").get(reverse("tracking:inbox")).content.decode()
    assert "Tổng hợp báo cáo cải cách hành chính" not in inbox
    assert report.state == "submitted"


def test_coordinator_reports_her_own_units_tasks_only(province, persona, client_as):
    plan = make_plan(
        deadlines={
            "Tổng hợp báo cáo cải cách hành chính": "30/6/2026",
            "Rà soát văn bản quy phạm pháp luật": "30/6/2026",
        }
    )
    own = plan.tasks.get(content__startswith="Tổng hợp")
    own.assignments.filter(role="lead").update(unit=unit("Sở Nội vụ"))
    services.occurrences_sync(own)
    page = client_as("noivu").get(reverse("tracking:my_tasks")).content.decode()
    assert "Tổng hợp báo cáo cải cách hành chính" in page
    assert "Rà soát văn bản quy phạm pháp luật" not in page
    occ = own.occurrences.get(unit=unit("Sở Nội vụ"))
    assert rules.can_report(persona("noivu"), occ)


def test_coordinator_cannot_write_another_units_report(occ, persona, client_as):
    noivu = persona("noivu")
    assert not rules.can_report(noivu, occ)
    client = client_as("noivu")
    page = client.get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert "Gửi báo cáo" not in page and "Lưu nháp" not in page
    form = {"work_status": "done", "percent": "100", "narrative": "Thay đơn vị", "version": "0"}
    response = client.post(reverse("tracking:occurrence", args=[occ.pk]), {**form, "submit": "1"})
    assert response.status_code == 403
    api = client.post(
        f"/api/v1/occurrences/{occ.pk}/report",
        {"work_status": "done", "percent": 100, "narrative": "Thay đơn vị"},
    )
    assert api.status_code == 403
    assert not ProgressReport.objects.filter(occurrence=occ).exists()


def test_coordinator_cannot_resubmit_a_returned_report(occ, persona, client_as):
    report = submit(occ, persona("tuphap"))
    services.report_return(report=report, by=persona("noivu"), comment="Bổ sung minh chứng.")
    page = client_as("noivu").get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert "Sửa và gửi lại báo cáo" not in page
    tuphap_page = client_as("tuphap").get(reverse("tracking:occurrence", args=[occ.pk]))
    assert "Sửa và gửi lại báo cáo" in tuphap_page.content.decode()


def test_coordinator_cannot_delete_a_units_evidence(occ, persona, client_as):
    pdf = SimpleUploadedFile("qd.pdf", PDF)
    report = services.report_save(
        occurrence=occ, by=persona("tuphap"), work_status="in_progress", percent=50,
        narrative="Đang rà soát.", files=[pdf], submit=False,
    )  # fmt: skip
    evidence = report.evidence.get()
    client = client_as("noivu")
    page = client.get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert "Xóa tài liệu" not in page
    response = client.post(reverse("tracking:evidence_delete", args=[evidence.pk]))
    assert response.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_coordinator_cannot_contribute_as_another_unit(occ, persona, client_as):
    assert rules.contributing_units(persona("noivu"), occ) == []
    client = client_as("noivu")
    page = client.get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert "với tư cách" not in page
    response = client.post(
        reverse("tracking:contribution_add", args=[occ.pk]), {"narrative": "Thay đơn vị"}
    )
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_coordinator_cannot_answer_her_own_explanation_request(occ, persona, client_as):
    noivu = persona("noivu")
    request = services.explanation_request(occurrence=occ, question="Vì sao chậm?", by=noivu)
    client = client_as("noivu")
    page = client.get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert "Gửi giải trình" not in page
    response = client.post(
        reverse("tracking:explanation_answer", args=[request.pk]), {"answer": "Tự trả lời"}
    )
    assert response.status_code == 403
    assert ExplanationRequest.objects.get(pk=request.pk).answer == ""


def test_coordinator_still_reassigns_and_changes_deadlines(occ, client_as):
    client = client_as("noivu")
    response = client.post(
        reverse("tracking:change_deadline", args=[occ.pk]),
        {"due_date": "15/07/2026", "reason": "Chờ văn bản hướng dẫn"},
    )
    assert response.status_code == 302
    occ.refresh_from_db()
    assert occ.due_date.isoformat() == "2026-07-15"


def test_import_reads_the_plans_standing_monitoring_body(province, persona):
    user = persona("noivu")
    owner = unit("Ủy ban nhân dân tỉnh Đồng Nai")
    job = importer_services.import_start(
        user=user, filename="kh.docx", data=plan_docx(), owner_unit=owner
    )
    draft = dict(job.draft)
    draft["plan"] = {**draft["plan"], "monitoring_body": "Sở Nội vụ"}
    result = importer_services.import_confirm(job=job, user=user, edited_draft=draft)
    assert result.plan.monitoring_unit == unit("Sở Nội vụ")
