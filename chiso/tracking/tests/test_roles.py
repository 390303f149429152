"""Who reviews (the monitoring unit, else the plan's coordinator unit), who coordinates, who
may ask for an explanation; coordinators' deadline changes, reassignments and stops."""

from datetime import date

import pytest
from django.urls import reverse

from chiso.orgs.models import Membership, Role
from chiso.orgs.services import user_create
from chiso.plans.services import AssigneeSpec, assignment_add
from chiso.tracking import rules
from chiso.tracking.models import Occurrence
from chiso.tracking.status import Status
from chiso.tracking.tests.test_workflow import submit
from tests.builders import unit


def _officer(username, unit_name):
    user = user_create(username=username, password="chiso-demo-1234", full_name=username)
    Membership.objects.create(user=user, unit=unit(unit_name), role=Role.OFFICER)
    return user


@pytest.fixture
def stc(province):
    return _officer("taichinh", "Sở Tài chính")


@pytest.fixture
def snv(province):
    return _officer("snv-canbo", "Sở Nội vụ")


def test_plan_coordinator_unit_reviews_when_no_monitoring_unit(occ, snv, persona):
    assert rules.can_review(snv, occ)
    assert rules.can_review(persona("noivu"), occ)
    assert not rules.can_review(persona("tuphap"), occ)
    assert not rules.can_review(persona("vpubnd"), occ)


def test_named_monitoring_unit_reviews_instead(occ, snv, stc, persona, client):
    assignment_add(task=occ.task, spec=AssigneeSpec(role="monitoring", unit=unit("Sở Tài chính")))
    assert rules.can_review(stc, occ) and not rules.can_review(snv, occ)
    assert rules.can_review(persona("noivu"), occ)  # coordinators of the plan always may
    report = submit(occ, persona("tuphap"))
    client.force_login(stc)
    inbox = client.get(reverse("tracking:inbox")).content.decode()
    assert "Rà soát văn bản" in inbox
    client.post(reverse("tracking:report_review", args=[report.pk]), {"decision": "accept"})
    report.refresh_from_db()
    assert report.state == "accepted" and report.reviewed_by == stc
    client.force_login(snv)
    assert "Rà soát văn bản" not in client.get(reverse("tracking:inbox")).content.decode()


def test_inbox_filters(plan, persona, client_as):
    for occ in Occurrence.objects.filter(task__plan=plan, due_date__lte=date(2026, 6, 30)):
        submit(occ, persona("tuphap"))
    client = client_as("noivu")
    page = client.get(reverse("tracking:inbox"), {"ky": "Quý I/2026"}).content.decode()
    assert "Kiểm soát thủ tục" in page and "Rà soát văn bản" not in page
    page = client.get(reverse("tracking:inbox"), {"chi_so": "PCI"}).content.decode()
    assert "Không có báo cáo nào phù hợp." in page
    page = client.get(
        reverse("tracking:inbox"), {"han_tu": "01/06/2026", "han_den": "30/06/2026"}
    ).content.decode()
    assert "Rà soát văn bản" in page
    assert client.get(reverse("tracking:inbox"), {"don_vi": "abc"}).status_code == 200


def test_leader_asks_for_an_explanation_and_the_unit_answers(occ, client_as):
    leader = client_as("lanhdao")
    url = reverse("tracking:occurrence", args=[occ.pk])
    assert "Yêu cầu đơn vị giải trình" in leader.get(url).content.decode()
    leader.post(reverse("tracking:explanation_request", args=[occ.pk]), {"question": "Vì sao?"})
    officer = client_as("tuphap")
    assert "Yêu cầu đơn vị giải trình" not in officer.get(url).content.decode()
    req = occ.explanations.get()
    officer.post(reverse("tracking:explanation_answer", args=[req.pk]), {"answer": "Vì lý do X"})
    page = leader.get(url).content.decode()
    assert "Vì sao?" in page and "Vì lý do X" in page
    assert (
        client_as("vpubnd")
        .post(reverse("tracking:explanation_request", args=[occ.pk]), {"question": "?"})
        .status_code
        == 403
    )


def test_coordinator_changes_deadline_reassigns_and_stops_with_reasons(occ, client_as, persona):
    client = client_as("noivu")
    url = reverse("tracking:change_deadline", args=[occ.pk])
    page = client.post(url, {"due_date": "30/09/2026", "reason": ""}, follow=True)
    assert "Lý do" in page.content.decode() and Occurrence.objects.get(pk=occ.pk).due_date != date(
        2026, 9, 30
    )
    client.post(url, {"due_date": "30/09/2026", "reason": "Chờ hướng dẫn của Bộ"})
    occ.refresh_from_db()
    assert occ.due_date == date(2026, 9, 30) and occ.due_changed
    target = unit("Sở Tài chính")
    client.post(
        reverse("tracking:reassign", args=[occ.pk]), {"unit": target.pk, "reason": "Đúng chức năng"}
    )
    occ.refresh_from_db()
    assert occ.unit == target
    reasons = list(occ.history.values_list("history_change_reason", flat=True))
    assert any("Đúng chức năng" in (r or "") for r in reasons)
    assert any("Chờ hướng dẫn của Bộ" in (r or "") for r in reasons)
    client.post(reverse("tracking:cancel", args=[occ.pk]), {"reason": "Không còn phù hợp"})
    occ.refresh_from_db()
    assert occ.status_on(date(2026, 12, 1)) == Status.CANCELLED
    # officers cannot do any of it
    officer = client_as("tuphap")
    assert officer.post(url, {"due_date": "2026-10-30", "reason": "x"}).status_code in (403, 404)


def test_reassigning_a_reported_occurrence_is_refused(occ, client_as, persona):
    submit(occ, persona("tuphap"))
    response = client_as("noivu").post(
        reverse("tracking:reassign", args=[occ.pk]),
        {"unit": unit("Sở Tài chính").pk, "reason": "x"},
        follow=True,
    )
    assert "không thể giao lại" in response.content.decode()
    assert Occurrence.objects.get(pk=occ.pk).unit == unit("Sở Tư pháp")


def test_inbox_filter_over_htmx_returns_only_the_results(plan, persona, client_as):
    occ = Occurrence.objects.filter(task__plan=plan).order_by("due_date").first()
    submit(occ, persona("tuphap"))
    response = client_as("noivu").get(
        reverse("tracking:inbox"), {"chi_so": "PAR INDEX"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Kiểm soát thủ tục" in page and "<html" not in page and "Lọc" not in page
