"""A recommendation or commitment becomes a task; accepted reports close it on time or late."""

from datetime import date

from chiso.accountability import selectors, services
from chiso.accountability.selectors import FollowUpCounts, InitiativeCounts
from chiso.accountability.tests.conftest import TODAY, YEAR, close, occurrence_of, unit
from chiso.plans.models import AssignmentRole


def test_recommendation_is_a_task_of_the_follow_up_plan(held_inspection, persona):
    rec = services.recommendation_add(
        inspection=held_inspection,
        content="Niêm yết đầy đủ thủ tục hành chính",
        deadline=date(2026, 6, 30),
        by=persona("noivu"),
    )
    plan = held_inspection.inspection_plan.follow_up_plan
    assert plan.title == "Theo dõi thực hiện kiến nghị sau kiểm tra CCHC năm 2026"
    assert rec.task.plan == plan
    roles = {(a.role, a.unit.name) for a in rec.task.assignments.all()}
    assert roles == {
        (AssignmentRole.LEAD, "Sở Tư pháp"),
        (AssignmentRole.MONITORING, "Sở Nội vụ"),
    }
    occ = occurrence_of(rec)
    assert (occ.unit.name, occ.due_date) == ("Sở Tư pháp", date(2026, 6, 30))


def test_counts_on_time_late_and_overdue(held_inspection, persona):
    officer, reviewer = persona("tuphap"), persona("noivu")
    recs = [
        services.recommendation_add(
            inspection=held_inspection, content=f"Kiến nghị {i}", deadline=due, by=reviewer
        )
        for i, due in enumerate(
            [date(2026, 6, 30), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]
        )
    ]
    close(recs[0], completed_on=date(2026, 6, 20), officer=officer, reviewer=reviewer)
    close(recs[1], completed_on=date(2026, 7, 5), officer=officer, reviewer=reviewer)
    tuphap, vpubnd = unit("Sở Tư pháp"), unit("Văn phòng Ủy ban nhân dân tỉnh")
    counts = selectors.recommendation_counts(
        year=YEAR, unit_ids=[tuphap.pk, vpubnd.pk], today=TODAY
    )
    assert counts == {
        tuphap.pk: FollowUpCounts(due=4, closed_on_time=1, closed_late=1, open_overdue=1)
    }
    assert selectors.recommendation_counts(year=2025, unit_ids=[tuphap.pk], today=TODAY) == {}
    assert selectors.commitment_counts(year=YEAR, unit_ids=[tuphap.pk], today=TODAY) == {}


def _dialogue(reviewer):
    return services.dialogue_create(
        unit=unit("Sở Tư pháp"),
        held_on=date(2026, 4, 2),
        chair="Giám đốc Sở Tư pháp",
        audience="businesses",
        topics="Thủ tục công chứng, chứng thực",
        participants=80,
        monitoring_unit=unit("Sở Nội vụ"),
        today=TODAY,
        by=reviewer,
    )


def test_commitment_counts(province, persona):
    reviewer = persona("noivu")
    dialogue = _dialogue(reviewer)
    c = services.commitment_add(
        dialogue=dialogue, content="Rút ngắn thời gian chứng thực", deadline=date(2026, 8, 31)
    )
    services.commitment_add(dialogue=dialogue, content="Công khai phí", deadline=date(2027, 3, 1))
    close(c, completed_on=date(2026, 8, 1), officer=persona("tuphap"), reviewer=reviewer)
    tuphap = unit("Sở Tư pháp")
    counts = selectors.commitment_counts(year=YEAR, unit_ids=[tuphap.pk], today=TODAY)
    assert counts == {
        tuphap.pk: FollowUpCounts(due=1, closed_on_time=1, closed_late=0, open_overdue=0)
    }
    assert c.task.plan.title == "Theo dõi thực hiện cam kết sau đối thoại năm 2026"


def test_initiative_counts(province, persona):
    tuphap = unit("Sở Tư pháp")
    services.initiative_save(unit=tuphap, year=YEAR, title="Số hóa sổ hộ tịch", by=persona("noivu"))
    services.initiative_save(
        unit=tuphap,
        year=YEAR,
        title="Chứng thực điện tử",
        status="recognised",
        recognition_level="province",
        decision_number="123/QĐ-UBND",
        decision_date=date(2026, 10, 1),
    )
    counts = selectors.initiative_counts(year=YEAR, unit_ids=[tuphap.pk, province.pk])
    assert counts == {tuphap.pk: InitiativeCounts(registered=2, recognised=1)}


def test_selectors_query_count_does_not_grow_with_units(
    held_inspection, persona, django_assert_max_num_queries
):
    services.recommendation_add(
        inspection=held_inspection, content="Kiến nghị", deadline=date(2026, 6, 30)
    )
    ids = list(range(1, 2000))
    with django_assert_max_num_queries(3):
        selectors.recommendation_counts(year=YEAR, unit_ids=ids, today=TODAY)
        selectors.commitment_counts(year=YEAR, unit_ids=ids, today=TODAY)
        selectors.initiative_counts(year=YEAR, unit_ids=ids)


def test_both_kinds_are_counted_apart_in_one_query(
    held_inspection, persona, django_assert_num_queries
):
    """The emulation reads recommendations and commitments of a unit together: each kind keeps
    its own counts, as when read alone."""
    officer, reviewer = persona("tuphap"), persona("noivu")
    recs = [
        services.recommendation_add(
            inspection=held_inspection, content=f"Kiến nghị {i}", deadline=due, by=reviewer
        )
        for i, due in enumerate([date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)])
    ]
    close(recs[0], completed_on=date(2026, 7, 5), officer=officer, reviewer=reviewer)
    dialogue = _dialogue(reviewer)
    c = services.commitment_add(
        dialogue=dialogue, content="Rút ngắn thời gian chứng thực", deadline=date(2026, 8, 31)
    )
    close(c, completed_on=date(2026, 8, 1), officer=officer, reviewer=reviewer)
    ids = [unit("Sở Tư pháp").pk, unit("Sở Nội vụ").pk]
    with django_assert_num_queries(1):
        both = selectors.follow_up_counts(year=YEAR, unit_ids=ids, today=TODAY)
    alone = {
        "recommendation": selectors.recommendation_counts(year=YEAR, unit_ids=ids, today=TODAY),
        "commitment": selectors.commitment_counts(year=YEAR, unit_ids=ids, today=TODAY),
    }
    assert both == alone
    tuphap = ids[0]
    assert both["recommendation"][tuphap] == FollowUpCounts(
        due=3,
        closed_on_time=0,
        closed_late=1,
        open_overdue=1,  # 30/09 passed, 31/12 not
    )
    assert both["commitment"][tuphap] == FollowUpCounts(
        due=1, closed_on_time=1, closed_late=0, open_overdue=0
    )
