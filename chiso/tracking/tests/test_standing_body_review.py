"""Who reviews the standing body's own tasks: when Sở Nội vụ (the plan's coordinator unit or
standing monitoring body) leads a task, its report goes up to the unit that issued the plan
(UBND tỉnh); when the issuing unit leads it too, to the administrator; never to anyone of the
lead unit. The report page names the reviewing unit ("Đơn vị duyệt")."""

import pytest
from django.urls import reverse

from chiso.orgs.demo import DEMO_PASSWORD
from chiso.orgs.models import Membership, Role
from chiso.orgs.services import user_create
from chiso.plans.services import plan_update
from chiso.tracking import rules, services
from chiso.tracking.models import Notification, Occurrence
from chiso.tracking.reviewers import review_units
from chiso.tracking.tests.test_workflow import submit
from tests.builders import make_plan, unit

PROVINCE = "Ủy ban nhân dân tỉnh Đồng Nai"
PASSWORD = DEMO_PASSWORD


def _member(username, unit_name, role=Role.OFFICER):
    user = user_create(username=username, password=PASSWORD, full_name=username)
    Membership.objects.create(user=user, unit=unit(unit_name), role=role)
    return user


def _snv_task(**plan_kw) -> Occurrence:
    """A task of plan 15/KH-UBND (issued by UBND tỉnh, Sở Nội vụ coordinates) led by Sở Nội vụ."""
    plan = make_plan(deadlines={"Tổng hợp báo cáo cải cách hành chính": "30/6/2026"}, **plan_kw)
    task = plan.tasks.get()
    task.assignments.filter(role="lead").update(unit=unit("Sở Nội vụ"))
    services.occurrences_sync(task)
    return task.occurrences.get(unit=unit("Sở Nội vụ"))


def _set_plan(plan, **changes):
    fields = dict(
        number=plan.number,
        issuer=plan.issuer,
        owner_unit=plan.owner_unit,
        coordinator_unit=plan.coordinator_unit,
        monitoring_unit=plan.monitoring_unit,
        place=plan.place,
        date=plan.date,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        reporting_frequency=plan.reporting_frequency,
    )
    plan_update(plan=plan, **{**fields, **changes})


@pytest.fixture
def ubnd(province):
    """The officer who acts for UBND tỉnh (the plan's issuing unit)."""
    return _member("ubnd-canbo", PROVINCE)


def test_standing_bodys_own_task_goes_up_to_the_plan_issuer(province, persona, ubnd):
    occ = _snv_task()
    snv_officer = _member("snv-canbo", "Sở Nội vụ")
    assert review_units(occ) == [unit(PROVINCE)]
    assert rules.can_review(ubnd, occ)
    assert not rules.can_review(persona("noivu"), occ)  # coordinator, but of the lead unit
    assert not rules.can_review(snv_officer, occ)
    assert not rules.can_review(persona("lanhdao"), occ)  # a leader only reads
    assert not rules.can_review(persona("tuphap"), occ)


def test_the_same_holds_when_sno_noi_vu_is_the_named_standing_monitoring_body(province, ubnd):
    occ = _snv_task()
    _set_plan(
        occ.task.plan, coordinator_unit=unit("Sở Tài chính"), monitoring_unit=unit("Sở Nội vụ")
    )
    occ = Occurrence.objects.get(pk=occ.pk)
    assert review_units(occ) == [unit(PROVINCE)]
    assert rules.can_review(ubnd, occ)
    assert not rules.can_review(_member("taichinh", "Sở Tài chính"), occ)


def test_another_standing_body_still_reviews_before_the_issuer(province, ubnd):
    occ = _snv_task()
    _set_plan(occ.task.plan, monitoring_unit=unit("Sở Tài chính"))
    occ = Occurrence.objects.get(pk=occ.pk)
    stc = _member("taichinh", "Sở Tài chính")
    assert review_units(occ) == [unit("Sở Tài chính")]
    assert rules.can_review(stc, occ) and not rules.can_review(ubnd, occ)


def test_when_the_issuer_leads_too_the_administrator_reviews(province, persona):
    """A plan issued by Sở Nội vụ itself, whose own task it leads: only the administrator."""
    occ = _snv_task(number="20/KH-SNV")
    _set_plan(occ.task.plan, owner_unit=unit("Sở Nội vụ"))
    occ = Occurrence.objects.get(pk=occ.pk)
    assert review_units(occ) == []
    assert rules.can_review(persona("admin"), occ)
    assert not rules.can_review(persona("noivu"), occ)
    assert not rules.can_review(_member("snv-canbo", "Sở Nội vụ"), occ)
    submit(occ, persona("noivu"))
    told = Notification.objects.filter(user=persona("admin"), kind="review")
    assert told.count() == 1 and not Notification.objects.filter(user=persona("noivu")).exists()


def test_each_side_sees_it_on_the_report_page_and_in_its_inbox(province, persona, client_as, ubnd):
    occ = _snv_task()
    report = submit(occ, persona("noivu"))
    assert Notification.objects.filter(user=ubnd, kind="review").count() == 1
    assert not Notification.objects.filter(user=persona("noivu"), kind="review").exists()

    coordinator = client_as("noivu")
    inbox = coordinator.get(reverse("tracking:inbox")).content.decode()
    assert "Tổng hợp báo cáo cải cách hành chính" not in inbox
    page = coordinator.get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert f'<dd id="don-vi-duyet">{PROVINCE}</dd>' in page
    assert 'value="accept"' not in page and "Báo cáo đang chờ thẩm định" in page

    issuer = client_as("ubnd-canbo")
    inbox = issuer.get(reverse("tracking:inbox")).content.decode()
    assert "Tổng hợp báo cáo cải cách hành chính" in inbox
    page = issuer.get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert f'<dd id="don-vi-duyet">{PROVINCE}</dd>' in page and 'value="accept"' in page
    issuer.post(
        reverse("tracking:report_review", args=[report.pk]),
        {"decision": "accept", "version": report.version, "comment": "Đạt yêu cầu."},
    )
    report.refresh_from_db()
    assert report.state == "accepted" and report.reviewed_by == ubnd


def test_report_page_of_an_ordinary_task_names_the_coordinator_unit(occ, client_as):
    page = client_as("tuphap").get(reverse("tracking:occurrence", args=[occ.pk])).content.decode()
    assert '<dd id="don-vi-duyet">Sở Nội vụ</dd>' in page
