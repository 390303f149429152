import io
from datetime import date

from chiso.orgs.models import OrgUnit, UnitSuccession
from chiso.plans.models import TaskAssignment
from chiso.tracking.demo import load_demo
from chiso.tracking.models import Occurrence, ProgressReport
from chiso.tracking.status import Status
from tests.builders import make_plan


def test_demo_spreads_reports_and_is_idempotent(province):
    make_plan(
        deadlines={f"Nhiệm vụ {i}": "Thường xuyên" for i in range(12)},
        start=date(2023, 1, 1),
        end=date(2025, 12, 31),
        number="01/KH-UBND",
    )
    out = io.StringIO()
    load_demo(out)
    assert "01/KH-UBND" in out.getvalue() and "DEMO-2026/KH-UBND" in out.getvalue()
    counts = {
        s: Occurrence.objects.with_status(date(2026, 11, 21)).filter(status=s).count()
        for s in Status.values
    }
    assert counts[Status.DONE_ON_TIME] and counts[Status.DONE_LATE] and counts[Status.OVERDUE]
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert {"accepted", "returned", "submitted"} <= states
    before = (Occurrence.objects.count(), ProgressReport.objects.count())
    load_demo(io.StringIO())
    assert (Occurrence.objects.count(), ProgressReport.objects.count()) == before


def test_demo_applies_the_2025_reorganisation_old_tree_for_2024_new_for_2026(province, client):
    khdt = OrgUnit.objects.get(name="Sở Kế hoạch và Đầu tư")
    plan = make_plan(
        deadlines={"Đối thoại doanh nghiệp": "Thường xuyên"},
        start=date(2024, 1, 1),
        end=date(2026, 12, 31),
        number="02/KH-UBND",
    )
    TaskAssignment.objects.filter(task__plan=plan, role="lead").update(unit=khdt)
    Occurrence.objects.filter(task__plan=plan).update(unit=khdt)
    load_demo(io.StringIO())
    merger = UnitSuccession.objects.get(predecessor=khdt)
    assert merger.successor.name == "Sở Tài chính" and "45/2025/NĐ-CP" in merger.legal_basis
    assert "chưa đối chiếu" in merger.note
    binh_phuoc = UnitSuccession.objects.get(predecessor__name="Ủy ban nhân dân tỉnh Bình Phước")
    assert binh_phuoc.successor == province and "202/2025/QH15" in binh_phuoc.legal_basis
    assert binh_phuoc.effective_date == date(2025, 7, 1)
    occs = Occurrence.objects.filter(task__plan=plan, is_cancelled=False)
    assert {o.unit.name for o in occs.filter(due_date__year=2026)} == {"Sở Tài chính"}
    done_2024 = occs.filter(due_date__year=2024, completed_on__isnull=False)
    assert done_2024.exists() and {o.unit.name for o in done_2024} == {khdt.name}
    commune = OrgUnit.objects.get(name="Ủy ban nhân dân xã Bắc Sơn")
    assert commune.parent == province and commune.path.startswith(province.path)
    merged = OrgUnit.objects.get(name="Ủy ban nhân dân xã Hóa An")
    assert merged.parent.name == "Ủy ban nhân dân thành phố Biên Hòa"  # the old tree of 2024
    assert merged.active_to == date(2025, 6, 30)
    assert khdt not in OrgUnit.objects.active() and khdt in OrgUnit.objects.active_on(
        date(2024, 6, 1)
    )
    history = (OrgUnit.history.count(), Occurrence.history.count(), UnitSuccession.objects.count())
    load_demo(io.StringIO())
    assert (
        OrgUnit.history.count(),
        Occurrence.history.count(),
        UnitSuccession.objects.count(),
    ) == (history)
    assert client.login(username="noivu", password="chiso-demo")
