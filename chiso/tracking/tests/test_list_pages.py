"""Long lists come in pages: the officer's task list and the inbox keep overdue work first,
their links keep the filters, and the inbox's unit filter lists the reviewer's units."""

import re

import time_machine
from django.urls import reverse

from chiso.orgs.models import OrgUnit
from chiso.tracking.models import Occurrence
from chiso.tracking.tests.test_workflow import submit
from tests.builders import make_plan

MONTHLY = {f"Báo cáo hằng tháng số {i}": "Hằng tháng" for i in range(1, 6)}  # 60 periods


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr>\s*<td><a href=\"([^\"]+)\">", page)


def test_officer_list_pages_with_overdue_first_and_keeps_the_filter(province, client_as):
    make_plan(deadlines=MONTHLY)
    client = client_as("tuphap")
    with time_machine.travel("2026-06-25 09:00 +0700", tick=False):
        first = client.get(reverse("tracking:my_tasks"), {"tat_ca": "1"}).content.decode()
        assert len(_rows(first)) == 50
        assert "Trang 1: dòng 1–50 trong 60 dòng" in first
        headings = re.findall(r'<section class="card" aria-label="([^"]+)">', first)
        assert headings[0] == "Quá hạn"
        next_url = re.search(r'href="(\?[^"]*trang=2[^"]*)"', first).group(1)
        assert "tat_ca=1" in next_url
        second = client.get(reverse("tracking:my_tasks") + next_url.replace("&amp;", "&"))
    second = second.content.decode()
    assert len(_rows(second)) == 10
    assert "Trang 2: dòng 51–60 trong 60 dòng" in second
    assert "Quá hạn" not in re.findall(r'aria-label="([^"]+)"><h3>', second)
    # every period appears once over the two pages
    links = set(_rows(first)) | set(_rows(second))
    assert len(links) == Occurrence.objects.filter(unit__name="Sở Tư pháp").count() == 60


def test_officer_list_on_one_page_shows_group_sizes(province, client_as):
    make_plan(deadlines={"Rà soát văn bản": "30/6/2026"})
    with time_machine.travel("2026-06-25 09:00 +0700", tick=False):
        page = client_as("tuphap").get(reverse("tracking:my_tasks")).content.decode()
    assert "Sắp đến hạn (trong 14 ngày) (1)" in page
    assert "Trang sau" not in page


def test_inbox_unit_filter_lists_the_reviewers_units_without_reading_reports(
    province, client_as, persona
):
    plan = make_plan(deadlines={"Rà soát văn bản": "30/6/2026"})
    occ = plan.tasks.get().occurrences.get()
    page = client_as("noivu").get(reverse("tracking:inbox")).content.decode()
    options = re.search(r'<select id="f-unit".*?</select>', page, re.S).group(0)
    # before any report: the lead unit of the plan's task is offered, Sở Nội vụ itself is not
    assert "Sở Tư pháp" in options
    assert ">Sở Nội vụ<" not in options
    submit(occ, persona("tuphap"))
    unit = OrgUnit.objects.get(name="Sở Tư pháp")
    page = client_as("noivu").get(reverse("tracking:inbox"), {"don_vi": unit.pk}).content.decode()
    assert f'<option value="{unit.pk}" selected>' in page
    assert "Rà soát văn bản" in page


def test_inbox_page_beyond_the_end_is_empty_not_an_error(province, client_as):
    response = client_as("noivu").get(reverse("tracking:inbox"), {"trang": "999"})
    assert response.status_code == 200
    assert "Không có báo cáo nào phù hợp." in response.content.decode()


def test_inbox_unit_filter_is_the_reviewers_whole_scope_for_every_account(province):
    """The drop-down skips reading assignments when the coordinator oversees every unit she
    sees; for every account it must list what the full rule (oversight ∪ reviewed leads) gives."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from chiso.orgs import access
    from chiso.plans.models import AssignmentRole, TaskAssignment
    from chiso.tracking.reviewers import reviewable_q
    from chiso.tracking.selectors import inbox_units

    make_plan(deadlines={"Rà soát văn bản": "30/6/2026"})
    checked = 0
    for user in get_user_model().objects.all():
        leads = TaskAssignment.objects.filter(role=AssignmentRole.LEAD, unit__isnull=False)
        if (q := reviewable_q(user)) is not None:
            leads = leads.filter(q)
        scope = Q(pk__in=leads.values("unit_id"))
        if access.is_coordinator(user):
            scope |= Q(pk__in=access.managed_units(user).values("pk"))
        full = access.visible_units(user).filter(scope).exclude(pk__in=access.member_unit_ids(user))
        assert list(inbox_units(user)) == list(full.order_by("path")), user.username
        checked += bool(full)
    assert checked >= 2  # the coordinator and at least one other reviewer have units to filter


def test_inbox_count_is_kept_until_a_report_comes_in(province, client_as, persona):
    """The inbox keeps its count per reviewer and filters until the data changes: the next
    submitted report shows in the count at once."""
    from django.utils import timezone

    from chiso.tracking.models import ProgressReport

    make_plan(deadlines=MONTHLY)
    officer = persona("tuphap")
    periods = list(Occurrence.objects.order_by("pk"))
    # 55 reports waiting, written at once (setting the scene; the 56th comes through the form)
    now = timezone.now()
    ProgressReport.objects.bulk_create(
        ProgressReport(
            occurrence=occ, unit=occ.unit, state="submitted", work_status="in_progress",
            percent=50, narrative="Đang thực hiện.", submitted_at=now, first_submitted_at=now,
            submitted_by=officer,
        )
        for occ in periods[:55]
    )  # fmt: skip
    client = client_as("noivu")
    page = client.get(reverse("tracking:inbox"), {"chi_so": "PAR INDEX"}).content.decode()
    assert "Trang 1: dòng 1–50 trong 55 dòng" in page
    submit(periods[55], officer)
    page = client.get(reverse("tracking:inbox"), {"chi_so": "PAR INDEX"}).content.decode()
    assert "Trang 1: dòng 1–50 trong 56 dòng" in page
    page = client.get(reverse("tracking:inbox"), {"chi_so": "PCI"}).content.decode()
    assert "Không có báo cáo nào phù hợp." in page  # another filter, another count
