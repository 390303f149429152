from django.urls import reverse

from chiso.tracking import services
from chiso.tracking.tests.test_workflow import submit


def test_officer_home_shows_the_unit_summary_and_returned_reports(occ, persona, client_as):
    report = submit(occ, persona("tuphap"))
    services.report_return(report=report, by=persona("noivu"), comment="Bổ sung minh chứng")
    page = client_as("tuphap").get(reverse("home")).content.decode()
    assert "Bị trả lại, cần bổ sung" in page and "Bổ sung minh chứng" in page
    assert reverse("tracking:my_tasks") in page


def test_coordinator_home_shows_overdue_counts_and_reports_to_review(occ, persona, client_as):
    submit(occ, persona("tuphap"))
    page = client_as("noivu").get(reverse("home")).content.decode()
    assert "Quá hạn chưa hoàn thành" in page and "Báo cáo chờ duyệt" in page
    assert reverse("tracking:rates") in page
