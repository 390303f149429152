"""The round's timeline: self-assessment closes (unless extended), explanation window,
reminders through the notifications, never twice."""

from datetime import date

import pytest
import time_machine

from chiso.assessment import reminders, services, timeline
from chiso.assessment.tests.helpers import appraise, department_round, self_assess, unit_of
from chiso.core import jobs
from chiso.core.errors import ConflictError, DomainError
from chiso.tracking.models import Notification

DATES = {
    "self_opens": date(2025, 11, 1),
    "self_closes": date(2025, 11, 30),
    "appraisal_closes": date(2025, 12, 10),
    "explanation_closes": date(2025, 12, 20),
}


def on(day: str):
    return time_machine.travel(f"{day} 09:00 +07:00", tick=False)


@pytest.fixture
def round_(province, persona):
    with on("2025-10-20"):
        created = department_round(2025, **DATES)
    services.appraiser_assign(round_=created, user=persona("thamdinh"))
    return created


def _first_leaf(assessment):
    return assessment.scores.select_related("criterion").filter(criterion__scored_by="unit")[0]


def test_self_scores_close_after_the_deadline_unless_extended(round_, persona):
    stp = unit_of(round_)
    leaf = _first_leaf(stp)
    with on("2025-11-30"):
        services.self_scores_save(
            assessment=stp, scores=[services.ScoreInput(leaf.criterion.code, 0)], by=None
        )
    with on("2025-12-01"):
        with pytest.raises(ConflictError, match=r"Đã hết hạn tự đánh giá \(30/11/2025\)"):
            services.self_scores_save(
                assessment=stp,
                scores=[services.ScoreInput(leaf.criterion.code, leaf.criterion.max_points)],
                by=None,
            )
        with pytest.raises(ConflictError, match="hết hạn"):
            services.assessment_submit(assessment=stp, by=None)
        leaf.refresh_from_db()
        assert leaf.self_score == 0
        with pytest.raises(DomainError, match="từ hôm nay"):
            timeline.self_extend(assessment=stp, until=date(2025, 11, 30), by=None)
        timeline.self_extend(assessment=stp, until=date(2025, 12, 5), by=None)
        stp.refresh_from_db()
        self_assess(stp)
    stp.refresh_from_db()
    assert stp.status == "submitted"


def test_pages_follow_the_deadline_and_only_the_coordinator_extends(round_, client_as):
    stp = unit_of(round_)
    unit_url = f"/cham-diem/{round_.pk}/don-vi/{stp.unit_id}/"
    with on("2025-12-02"):
        officer = client_as("tuphap")
        page = officer.get(unit_url).content.decode()
        assert "30/11/2025" in page and "Lưu nháp" not in page
        api = officer.put(
            f"/api/v1/assessment-rounds/{round_.pk}/units/{stp.unit_id}/self-scores",
            {"scores": [{"code": _first_leaf(stp).criterion.code, "score": 0}]},
            content_type="application/json",
        )
        assert api.status_code == 409 and "hết hạn" in api.json()["detail"]
        assert officer.post(f"{unit_url}gia-han/", {"den_ngay": "10/12/2025"}).status_code == 404
        coordinator = client_as("noivu")
        done = coordinator.post(f"{unit_url}gia-han/", {"den_ngay": "10/12/2025"}, follow=True)
        assert "Đã gia hạn tự đánh giá đến 10/12/2025" in done.content.decode()
        bad = coordinator.post(f"{unit_url}gia-han/", {"den_ngay": "32/13/2025"}, follow=True)
        assert "Ngày gia hạn không hợp lệ" in bad.content.decode()
        assert "Lưu nháp" in officer.get(unit_url).content.decode()


def test_objections_only_inside_the_explanation_window(round_):
    stp = unit_of(round_)
    with on("2025-11-20"):
        self_assess(stp)
        appraise(stp, {"1.2.1": 1})
    score = stp.scores.get(criterion__code="1.2.1")
    with (
        on("2025-12-21"),
        pytest.raises(ConflictError, match=r"hết thời hạn giải trình.*20/12/2025"),
    ):
        services.objection_save(score=score, text="Xin xem xét lại", by=None)
    score.refresh_from_db()
    assert score.objection == ""
    with on("2025-12-20"):
        services.objection_save(score=score, text="Xin xem xét lại", by=None)


def _notes(persona, username):
    return list(
        Notification.objects.filter(user=persona(username)).values_list("message", flat=True)
    )


def test_timeline_reminders_reach_the_right_people_once(round_, persona, mailoutbox):
    with on("2025-11-02"):
        first = reminders.send_round_reminders()
        again = reminders.send_round_reminders()
    assert first["opening"] >= 2 and again["opening"] == 0
    (opening,) = _notes(persona, "tuphap")
    assert "đến hết ngày 30/11/2025" in opening
    assert any("Mở tự đánh giá" in m.subject for m in mailoutbox)

    with on("2025-11-20"):
        self_assess(unit_of(round_))  # Sở Tư pháp submits; Văn phòng UBND tỉnh does not
    with on("2025-11-26"):
        reminders.send_round_reminders()
        reminders.send_round_reminders()
    assert len(_notes(persona, "tuphap")) == 1
    due = [m for m in _notes(persona, "vpubnd") if "chưa nộp" in m]
    assert len(due) == 1 and "30/11/2025 (còn 4 ngày)" in due[0]

    with on("2025-12-06"):
        counts = reminders.send_round_reminders()
        reminders.send_round_reminders()
    assert counts["appraisal"] == 1
    (waiting,) = [m for m in _notes(persona, "thamdinh") if "chờ thẩm định" in m]
    assert "Sở Tư pháp" in waiting and "10/12/2025" in waiting

    with on("2025-12-08"):
        appraise(unit_of(round_), {"1.2.1": 1})
        reminders.send_round_reminders()
        reminders.send_round_reminders()
    (reduced,) = [m for m in _notes(persona, "tuphap") if "giảm điểm" in m]
    assert "1.2.1" in reduced and "20/12/2025" in reduced
    with on("2025-12-21"):
        assert reminders.send_round_reminders() == {
            "opening": 0,
            "self": 0,
            "appraisal": 0,
            "explanation": 0,
        }


def test_reminders_run_as_a_registered_periodic_job(province):
    assert any(
        p.name == "assessment-reminders"
        and p.task_path == "chiso.assessment.reminders.assessment_reminders_send"
        for p in jobs.PERIODIC
    )
