"""Many people saving the same report, review or deadline at the same moment: one of them wins,
the others are told in Vietnamese that someone changed it first, and nothing is half-written.

Committed transactions and one connection per writer thread, so on PostgreSQL the writers really
overlap (30 of them); SQLite serialises them (fewer writers).
"""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from chiso.tracking import services
from chiso.tracking.models import Occurrence, ProgressReport, ReportState
from tests.builders import build_period_plan
from tests.races import race, writer_count

pytestmark = pytest.mark.django_db(transaction=True)


def _user(name):
    return get_user_model().objects.get(username=name)


def test_simultaneous_reviews_of_one_report_have_one_outcome(province):
    report = ProgressReport.objects.get(occurrence=build_period_plan().occ["overdue"])
    count = writer_count()

    def review(i, loaded):
        if i % 2:
            services.report_return(
                report=loaded, by=_user("noivu"), comment=f"Bổ sung số liệu {i}", version=1
            )
        else:
            services.report_accept(report=loaded, by=_user("noivu"), comment=f"Đạt {i}", version=1)

    winners, conflicts, errors = race(
        count, lambda i: ProgressReport.objects.get(pk=report.pk), review
    )
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    assert all("vừa được người khác thay đổi" in message for message in conflicts)
    (winner,) = winners
    report.refresh_from_db()
    assert report.version == 2
    if winner % 2:
        assert report.state == ReportState.RETURNED
        assert report.review_comment == f"Bổ sung số liệu {winner}"
    else:
        assert report.state == ReportState.ACCEPTED and report.review_comment == f"Đạt {winner}"
        assert report.occurrence.percent == report.percent
    assert (
        report.history.filter(history_change_reason__startswith="Chấp nhận").count()
        + (report.history.filter(history_change_reason__startswith="Trả lại").count())
        == 1
    )


def test_simultaneous_first_reports_keep_one_report(province):
    occ = build_period_plan().occ["in_progress"]
    count = writer_count()

    def save(i, _loaded):
        services.report_save(
            occurrence=Occurrence.objects.get(pk=occ.pk),
            by=_user("vpubnd"),
            work_status="in_progress",
            percent=10 + i,
            narrative=f"Đã tổ chức {i} buổi đối thoại.",
            version=0,
        )

    winners, conflicts, errors = race(count, lambda i: None, save)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    assert all("Nội dung của bạn chưa được lưu" in message for message in conflicts)
    (winner,) = winners
    (report,) = ProgressReport.objects.filter(occurrence=occ)
    assert (report.percent, report.narrative) == (
        10 + winner,
        f"Đã tổ chức {winner} buổi đối thoại.",
    )
    assert report.version == 2  # created, then the winner's content written once


def test_simultaneous_edits_of_a_draft_keep_one_version(province):
    occ = build_period_plan().occ["in_progress"]
    first = services.report_save(
        occurrence=occ,
        by=_user("vpubnd"),
        work_status="in_progress",
        percent=5,
        narrative="Bắt đầu",
    )
    count = writer_count()

    def save(i, _loaded):
        services.report_save(
            occurrence=Occurrence.objects.get(pk=occ.pk),
            by=_user("vpubnd"),
            work_status="in_progress",
            percent=20 + i,
            narrative=f"Bản sửa {i}",
            version=first.version,
        )

    winners, conflicts, errors = race(count, lambda i: None, save)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    (winner,) = winners
    first.refresh_from_db()
    assert (first.percent, first.narrative) == (20 + winner, f"Bản sửa {winner}")
    assert first.version == 3


def test_simultaneous_deadline_changes_keep_one_deadline(province):
    occ = build_period_plan().occ["overdue"]
    seen = occ.due_date
    count = writer_count()

    def change(i, loaded):
        services.occurrence_change_deadline(
            occurrence=loaded,
            due_date=seen + timedelta(days=i + 1),
            reason=f"Gia hạn lần {i}",
            by=_user("noivu"),
            current_due=seen,
        )

    winners, conflicts, errors = race(count, lambda i: Occurrence.objects.get(pk=occ.pk), change)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    (winner,) = winners
    occ.refresh_from_db()
    assert occ.due_date == seen + timedelta(days=winner + 1) and occ.due_changed
    assert all(f"{occ.due_date:%d/%m/%Y}" in message for message in conflicts)
    assert occ.history.filter(history_change_reason__startswith="Đổi hạn").count() == 1


def test_a_deadline_changed_since_the_page_was_opened_is_not_overwritten(province):
    occ = build_period_plan().occ["overdue"]
    services.occurrence_change_deadline(
        occurrence=occ, due_date=date(2024, 12, 20), reason="Gia hạn", by=_user("noivu")
    )
    with pytest.raises(services.ConflictError, match="20/12/2024"):
        services.occurrence_change_deadline(
            occurrence=Occurrence.objects.get(pk=occ.pk),
            due_date=date(2024, 12, 31),
            reason="Gia hạn thêm",
            by=_user("noivu"),
            current_due=date(2024, 11, 15),
        )
    occ.refresh_from_db()
    assert occ.due_date == date(2024, 12, 20)
