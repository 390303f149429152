"""The 2025 reorganisation moves the work: a merger hands the open periods, the assignments of
unfinished tasks and (after confirmation) the people to the successor; the past stays."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from chiso.core.errors import DomainError
from chiso.orgs import services as org_services
from chiso.orgs.forms import MembershipForm, SuccessionForm, UnitForm
from chiso.orgs.models import Membership, OrgUnit, SuccessionKind, UnitSuccession, UnitType
from chiso.plans.deadline import parse_deadline
from chiso.plans.forms import TaskForm
from chiso.plans.models import TaskAssignment
from chiso.plans.services import AssigneeSpec, TaskSpec, plan_create
from chiso.tracking.forms import ReassignForm
from chiso.tracking.models import Occurrence, ProgressReport
from chiso.tracking.reorganisation import succession_apply
from chiso.tracking.services import occurrences_sync_plan

START, END = date(2025, 1, 1), date(2025, 12, 31)
MERGER = date(2025, 3, 1)
BASIS = "Nghị định 45/2025/NĐ-CP"
KHDT, TC, TP = "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Tư pháp"


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


def _task(content: str, raw: str, lead: str, coordinating: str | None = None) -> TaskSpec:
    assignees = [AssigneeSpec(role="lead", unit=unit(lead))]
    if coordinating:
        assignees.append(AssigneeSpec(role="coordinating", unit=unit(coordinating)))
    return TaskSpec(
        content=content,
        index_code="PCI",
        component_text="Chi phí không chính thức",
        deadline=parse_deadline(raw, plan_date=START, period=(START, END)).to_dict(),
        assignees=assignees,
    )


@pytest.fixture
def plan(province):
    """Sở KH&ĐT leads a quarterly task (Q1 already accepted as done), a one-off due 30/06, and
    a January task it finished; it coordinates a task Sở Tư pháp leads."""
    plan = plan_create(
        number="20/KH-UBND",
        issuer="UBND tỉnh Đồng Nai",
        owner_unit=unit("Ủy ban nhân dân tỉnh Đồng Nai"),
        coordinator_unit=unit("Sở Nội vụ"),
        date=START,
        title="Kế hoạch nâng cao Chỉ số PCI năm 2025",
        period_start=START,
        period_end=END,
        tasks=[
            _task("Đối thoại doanh nghiệp hằng quý", "Thường xuyên", KHDT),
            _task("Công bố danh mục dự án thu hút đầu tư", "30/6/2025", KHDT),
            _task("Rà soát quy trình đăng ký doanh nghiệp", "31/01/2025", KHDT),
            _task("Rà soát văn bản về đầu tư kinh doanh", "Thường xuyên", TP, coordinating=KHDT),
        ],
    )
    occurrences_sync_plan(plan)
    for content in ("Đối thoại", "Rà soát quy trình"):
        occ = Occurrence.objects.filter(task__content__startswith=content).order_by("due_date")[0]
        occ.completed_on, occ.percent = occ.due_date, 100
        occ.save()
        ProgressReport.objects.create(
            occurrence=occ, unit=occ.unit, state="accepted", work_status="done", percent=100,
            narrative="Đã hoàn thành.", submitted_at=timezone.make_aware(datetime(2025, 1, 20)),
        )  # fmt: skip
    return plan


def _merge(**kw):
    args = dict(
        predecessor=unit(KHDT),
        successors=[unit(TC)],
        kind=SuccessionKind.MERGED,
        effective_date=MERGER,
        legal_basis=BASIS,
    )
    return succession_apply(**{**args, **kw})


def _merger_post(**extra) -> dict:
    return {
        "kind": "merged",
        "successors": [unit(TC).pk],
        "effective_date": "01/03/2025",
        "legal_basis": BASIS,
        **extra,
    }


def _snapshot():
    return (
        sorted(Occurrence.objects.values_list("pk", "unit_id", "is_cancelled")),
        sorted(TaskAssignment.objects.values_list("pk", "task_id", "role", "unit_id")),
        sorted(Membership.objects.values_list("pk", "user_id", "unit_id", "role", "scope_id")),
        sorted(OrgUnit.objects.values_list("pk", "parent_id", "path", "active_to")),
        Occurrence.history.count() + TaskAssignment.history.count() + OrgUnit.history.count(),
        Membership.history.count() + UnitSuccession.history.count(),
    )


def test_recording_the_merger_on_the_screen_moves_open_occurrences(plan, client_as):
    client = client_as("noivu")
    url = f"/don-vi/{unit(KHDT).pk}/ke-nhiem/"
    preview = client.post(url, _merger_post())
    assert preview.status_code == 200
    assert "Xác nhận sắp xếp" in preview.content.decode()
    assert Occurrence.objects.filter(unit=unit(TC)).count() == 0  # nothing moved yet
    response = client.post(url, _merger_post(xac_nhan="1"))
    assert response.status_code == 302
    open_left = Occurrence.objects.filter(unit=unit(KHDT), completed_on__isnull=True)
    assert not open_left.filter(is_cancelled=False).exists()
    moved = Occurrence.objects.filter(unit=unit(TC), task__plan=plan)
    # Q2–Q4 of the quarterly task and the one-off due 30/06.
    assert moved.count() == 4
    assert unit(KHDT).active_to == date(2025, 2, 28)


def test_the_past_stays_under_the_old_name(plan):
    _merge()
    kept = Occurrence.objects.filter(unit=unit(KHDT))
    assert kept.count() == 2 and all(o.completed_on for o in kept)
    assert ProgressReport.objects.filter(unit=unit(KHDT), state="accepted").count() == 2
    finished = plan.tasks.get(content__startswith="Rà soát quy trình")
    assert finished.assignments.get().unit == unit(KHDT)  # finished task keeps its lead
    assert not Occurrence.objects.filter(task=finished, unit=unit(TC)).exists()


def test_assignments_of_unfinished_tasks_and_reports_in_progress_follow(plan):
    dialogue = plan.tasks.get(content__startswith="Đối thoại")
    q2 = dialogue.occurrences.order_by("due_date")[1]
    draft = ProgressReport.objects.create(occurrence=q2, unit=unit(KHDT), narrative="Đang làm.")
    _merge()
    assert dialogue.assignments.get(role="lead").unit == unit(TC)
    coordinated = plan.tasks.get(content__startswith="Rà soát văn bản")
    assert coordinated.assignments.get(role="coordinating").unit == unit(TC)
    draft.refresh_from_db()
    assert draft.unit == unit(TC) and draft.occurrence.unit == unit(TC)


def test_resync_after_the_merger_changes_nothing(plan):
    _merge()
    before = _snapshot()
    assert occurrences_sync_plan(plan) == {"created": 0, "updated": 0, "removed": 0}
    assert _snapshot() == before


def test_when_the_successor_already_leads_the_period_the_old_copy_is_closed(plan):
    task = plan.tasks.get(content__startswith="Công bố")
    TaskAssignment.objects.create(task=task, role="lead", unit=unit(TC))
    occurrences_sync_plan(plan)
    _merge()
    old = task.occurrences.get(unit=unit(KHDT))
    assert old.is_cancelled and "Sở Tài chính" in old.cancel_reason
    assert task.occurrences.filter(unit=unit(TC), is_cancelled=False).count() == 1
    assert task.assignments.filter(role="lead").get().unit == unit(TC)


def test_running_it_twice_changes_nothing(plan):
    _merge()
    once = _snapshot()
    handover = _merge()
    assert _snapshot() == once
    assert handover.summary == {"occurrences": 0, "assignments": 0, "people": 0, "children": 0}


def test_history_carries_the_legal_basis(plan):
    _merge()
    moved = Occurrence.objects.filter(unit=unit(TC)).first()
    assert BASIS in moved.history.latest().history_change_reason
    assert BASIS in unit(KHDT).history.latest().history_change_reason
    assert UnitSuccession.objects.get(predecessor=unit(KHDT)).legal_basis == BASIS


def test_people_move_only_after_the_confirmation(plan, persona, client_as):
    officer = org_services.user_create(username="khdt", password="x-Secret-2025")
    org_services.membership_grant(user=officer, unit=unit(KHDT), role="officer")
    before = _snapshot()
    with pytest.raises(DomainError, match="xác nhận danh sách"):
        _merge()
    assert _snapshot() == before  # nothing half-written
    client = client_as("noivu")
    url = f"/don-vi/{unit(KHDT).pk}/ke-nhiem/"
    page = client.post(url, _merger_post()).content.decode()
    assert "khdt" in page and "đồng ý chuyển 1 người" in page
    refused = client.post(url, _merger_post(xac_nhan="1"))
    assert refused.status_code == 200 and "Hãy xác nhận" in refused.content.decode()
    assert _snapshot() == before
    client.post(url, _merger_post(xac_nhan="1", members_confirmed="on"))
    assert Membership.objects.get(user=officer).unit == unit(TC)


def test_abolished_district_hands_its_communes_to_the_province(province):
    district = unit("Ủy ban nhân dân huyện Trảng Bom")
    commune = unit("Ủy ban nhân dân thị trấn Trảng Bom")
    hamlet = org_services.unit_create(name="Ấp 1", unit_type=UnitType.OTHER, parent=commune)
    office = unit("Phòng Nội vụ huyện Trảng Bom")
    succession_apply(
        predecessor=district,
        successors=[province],
        kind=SuccessionKind.ABOLISHED,
        effective_date=date(2025, 7, 1),
        legal_basis="Nghị quyết 203/2025/QH15",
    )
    commune.refresh_from_db()
    hamlet.refresh_from_db()
    office.refresh_from_db()
    assert commune.parent == province and commune.depth == province.depth + 1
    assert commune.path.startswith(province.path) and not commune.path.startswith(district.path)
    assert hamlet.path == f"{commune.path}{hamlet.pk:07d}/" and hamlet.depth == commune.depth + 1
    assert office.parent == district  # it ended with the district: it stays in the old tree
    communes = OrgUnit.objects.subtree_of(province).filter(unit_type=UnitType.COMMUNE)
    assert {"Ủy ban nhân dân xã Bắc Sơn", "Ủy ban nhân dân xã Sông Trầu"} <= {
        c.name for c in communes
    }


@pytest.fixture
def split(plan):
    """Sở KH&ĐT split into two new units from 01/03/2025."""
    parent = unit("Ủy ban nhân dân tỉnh Đồng Nai")
    return [
        org_services.unit_create(
            name=name, unit_type=UnitType.DEPARTMENT, parent=parent, active_from=MERGER
        )
        for name in ("Sở Đầu tư A", "Sở Đầu tư B")
    ]


def test_a_split_needs_a_successor_chosen_for_every_open_occurrence(plan, split, client_as):
    a, b = split
    before = _snapshot()
    open_ids = list(
        Occurrence.objects.filter(unit=unit(KHDT), completed_on__isnull=True).values_list(
            "pk", flat=True
        )
    )
    with pytest.raises(DomainError, match="chưa chọn"):
        succession_apply(
            predecessor=unit(KHDT), successors=split, kind="split", effective_date=MERGER,
            choices={open_ids[0]: a.pk},
        )  # fmt: skip
    assert _snapshot() == before
    client = client_as("noivu")
    url = f"/don-vi/{unit(KHDT).pk}/ke-nhiem/"
    post = {**_merger_post(), "kind": "split", "successors": [a.pk, b.pk]}
    page = client.post(url, post).content.decode()
    assert page.count("— Chọn đơn vị nhận —") == len(open_ids)  # one select per row
    table = page.split('id="ky-chuyen"')[1].split("</table>")[0]
    assert f'value="{a.pk}" selected' not in table and f'value="{b.pk}" selected' not in table
    partial = client.post(url, {**post, "xac_nhan": "1", f"ky_{open_ids[0]}": a.pk})
    assert partial.status_code == 200 and _snapshot() == before
    chosen = {f"ky_{pk}": (a.pk if i % 2 else b.pk) for i, pk in enumerate(open_ids)}
    assert client.post(url, {**post, "xac_nhan": "1", **chosen}).status_code == 302
    for i, pk in enumerate(open_ids):
        assert Occurrence.objects.get(pk=pk).unit == (a if i % 2 else b)


def test_dissolved_units_leave_the_unit_pickers_from_their_end_date(plan, persona):
    khdt = unit(KHDT)
    everything = OrgUnit.objects.all()
    assert khdt in SuccessionForm(units=everything).fields["successors"].queryset
    _merge()
    assert khdt in OrgUnit.objects.active_on(date(2025, 2, 28))
    assert khdt not in OrgUnit.objects.active_on(MERGER)
    assert khdt in OrgUnit.objects.dissolved_on(MERGER)
    pickers = [
        SuccessionForm(units=everything).fields["successors"].queryset,
        UnitForm(parents=everything).fields["parent"].queryset,
        MembershipForm(units=everything).fields["unit"].queryset,
        ReassignForm(units=everything).fields["unit"].queryset,
        TaskForm(units=everything, groups=plan.owner_unit.groups_scoped.all())
        .fields["lead_units"]
        .queryset,
    ]
    for queryset in pickers:
        assert khdt not in queryset and unit(TC) in queryset
    finished = plan.tasks.get(content__startswith="Rà soát quy trình")
    editing = TaskForm(
        initial={"lead_units": [khdt.pk]},
        units=everything,
        groups=plan.owner_unit.groups_scoped.all(),
    )
    assert khdt in editing.fields["lead_units"].queryset  # an old task keeps its lead
    assert finished.assignments.get().unit == khdt


def test_a_commune_merged_into_a_new_one_hands_over_its_group_work(province):
    """Communes lead through the group "UBND các xã, phường, thị trấn": the commune formed on
    01/07/2025 owes nothing before it existed, and takes what the merged commune left open."""
    group = province.groups_scoped.get(name="UBND các xã, phường, thị trấn")
    start, end = date(2024, 1, 1), date(2026, 12, 31)
    plan = plan_create(
        number="30/KH-UBND", issuer="UBND tỉnh Đồng Nai", owner_unit=province,
        coordinator_unit=unit("Sở Nội vụ"), date=start, title="Kế hoạch PAPI cấp xã",
        period_start=start, period_end=end,
        tasks=[TaskSpec(
            content="Công khai thông tin cấp xã", index_code="PAPI",
            deadline=parse_deadline("Thường xuyên", plan_date=start, period=(start, end)).to_dict(),
            assignees=[AssigneeSpec(role="lead", group=group)],
        )],
    )  # fmt: skip
    occurrences_sync_plan(plan)
    old, new = unit("Ủy ban nhân dân xã Hóa An"), unit("Ủy ban nhân dân phường Biên Hòa")
    assert not Occurrence.objects.filter(unit=new, due_date__lt=date(2025, 7, 1)).exists()
    assert Occurrence.objects.filter(unit=old).count() == 12
    first = Occurrence.objects.filter(unit=old).order_by("due_date").first()
    first.completed_on = first.due_date
    first.save()
    succession_apply(
        predecessor=old, successors=[new], kind="merged", effective_date=date(2025, 7, 1),
        legal_basis="Nghị quyết 1662/NQ-UBTVQH15",
    )  # fmt: skip
    assert list(Occurrence.objects.filter(unit=old, is_cancelled=False)) == [first]
    open_new = Occurrence.objects.filter(unit=new, is_cancelled=False, completed_on__isnull=True)
    # 5 open periods before 01/07/2025 handed over + its own 6 from Q3/2025 (the merged
    # commune's copies of those 6 are closed as cancelled).
    assert open_new.count() == 11
    before = _snapshot()
    assert occurrences_sync_plan(plan) == {"created": 0, "updated": 0, "removed": 0}
    assert _snapshot() == before
