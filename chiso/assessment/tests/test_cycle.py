"""Evidence reuse, explanation, the council's decision and the final lock."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.assessment import services
from chiso.assessment.loader import example_set
from chiso.assessment.models import UnitAssessment, UnitStatus
from chiso.core.errors import ConflictError, DomainError
from chiso.orgs.models import OrgUnit, UnitGroup
from chiso.plans.models import AssignmentRole
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.models import Evidence, Occurrence, ProgressReport, ReportState

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def round_(province):
    return services.round_create(
        name="Chỉ số CCHC 2025 các sở",
        year=2025,
        criteria_set=example_set("department"),
        group=UnitGroup.objects.get(name="Các Sở, ban, ngành"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
    )


def _accepted_evidence(unit_name: str, due: date, name: str) -> Evidence:
    unit = OrgUnit.objects.get(name=unit_name)
    plan = plan_create(
        number=f"{name}/KH-UBND",
        issuer="UBND tỉnh Đồng Nai",
        owner_unit=OrgUnit.objects.get(name="Ủy ban nhân dân tỉnh Đồng Nai"),
        coordinator_unit=OrgUnit.objects.get(name="Sở Nội vụ"),
        title="Kế hoạch CCHC",
        period_start=date(due.year, 1, 1),
        period_end=date(due.year, 12, 31),
        tasks=[
            TaskSpec(
                content="Ban hành kế hoạch CCHC năm",
                number="1",
                index_code="PAR INDEX",
                deadline={"raw": due.strftime("%d/%m/%Y")},
                assignees=[AssigneeSpec(role=AssignmentRole.LEAD, unit=unit)],
            )
        ],
    )
    occ = Occurrence.objects.create(
        task=plan.tasks.get(), unit=unit, period_label="Năm", due_date=due, percent=100
    )
    report = ProgressReport.objects.create(
        occurrence=occ, unit=unit, state=ReportState.ACCEPTED, work_status="done", percent=100
    )
    evidence = Evidence(report=report, original_name=f"{name}.pdf", content_type="application/pdf")
    evidence.file.save(f"{name}.pdf", ContentFile(PDF), save=False)
    evidence.size = len(PDF)
    evidence.save()
    return evidence


def _stp(round_):
    return UnitAssessment.objects.get(round=round_, unit__name="Sở Tư pháp")


def test_accepted_task_evidence_is_reused_without_uploading_again(round_):
    own = _accepted_evidence("Sở Tư pháp", date(2025, 3, 31), "ke-hoach-cchc-2025")
    old = _accepted_evidence("Sở Tư pháp", date(2024, 3, 31), "ke-hoach-2024")
    foreign = _accepted_evidence("Sở Tài chính", date(2025, 3, 31), "tai-chinh")
    assessment = _stp(round_)
    assert list(services.reusable_evidence(assessment)) == [own]
    score = assessment.scores.get(criterion__code="1.1.1")
    for forged in ([foreign.pk], [old.pk], [own.pk, foreign.pk]):
        with pytest.raises(DomainError, match="đã được chấp nhận"):
            services.score_evidence_attach(score=score, evidence_ids=forged, by=None)
    assert score.evidence.count() == 0
    assert services.score_evidence_attach(score=score, evidence_ids=[own.pk], by=None) == 1
    assert list(score.evidence.all()) == [own]
    assert own.file.name == Evidence.objects.get(pk=own.pk).file.name  # the same stored file


def test_uploads_are_checked_and_locked_after_submission(round_, settings):
    assessment = _stp(round_)
    score = assessment.scores.get(criterion__code="1.1.1")
    with pytest.raises(DomainError, match="không đúng định dạng"):
        services.score_file_upload(
            score=score, upload=SimpleUploadedFile("x.pdf", b"<html>"), by=None, max_mb=5
        )
    services.score_file_upload(
        score=score, upload=SimpleUploadedFile("quyet-dinh.pdf", PDF), by=None, max_mb=5
    )
    assert score.files.get().original_name == "quyet-dinh.pdf"
    rows = assessment.scores.select_related("criterion").filter(criterion__scored_by="unit")
    services.self_scores_save(
        assessment=assessment,
        scores=[services.ScoreInput(r.criterion.code, r.criterion.max_points) for r in rows],
        by=None,
    )
    services.assessment_submit(assessment=assessment, by=None)
    with pytest.raises(ConflictError):
        services.score_file_upload(
            score=score, upload=SimpleUploadedFile("b.pdf", PDF), by=None, max_mb=5
        )


def test_explanation_decision_and_final_lock(round_):
    assessment = _stp(round_)
    rows = list(
        assessment.scores.select_related("criterion").exclude(criterion__scored_by="survey")
    )
    services.self_scores_save(
        assessment=assessment,
        scores=[
            services.ScoreInput(r.criterion.code, r.criterion.max_points)
            for r in rows
            if r.criterion.scored_by == "unit"
        ],
        by=None,
    )
    services.assessment_submit(assessment=assessment, by=None)
    score = assessment.scores.get(criterion__code="1.2.1")
    with pytest.raises(ConflictError):
        services.objection_save(score=score, text="Sớm quá", by=None)
    services.appraisal_save(
        assessment=assessment,
        scores=[
            services.AppraisalInput(
                r.criterion.code,
                1 if r.criterion.code == "1.2.1" else r.criterion.max_points,
                "Một báo cáo nộp muộn" if r.criterion.code == "1.2.1" else "",
            )
            for r in rows
        ],
        by=None,
    )
    score.refresh_from_db()
    services.objection_save(
        score=score, text="Báo cáo quý III gửi đúng hạn qua hệ thống, xem số 45/BC-STP", by=None
    )
    with pytest.raises(DomainError, match="chưa có kết luận"):
        services.assessment_finalize(assessment=assessment, by=None)
    services.objection_decide(
        score=score, final_score="2", decision="Chấp nhận giải trình", by=None
    )
    final = services.assessment_finalize(assessment=assessment, by=None)
    assert final.status == UnitStatus.FINAL
    score.refresh_from_db()
    assert score.final_score == 2
    with pytest.raises(ConflictError):
        services.objection_decide(score=score, final_score="0", decision="Đổi ý", by=None)
