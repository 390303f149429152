"""The contract the plan importer uses, and edits coordinators make to frameworks."""

from datetime import date
from decimal import Decimal

import pytest

from chiso.core.errors import DomainError
from chiso.frameworks import component_trees as fs
from chiso.frameworks.models import Result, Source, Target
from chiso.frameworks.services import (
    ResultSpec,
    result_save,
    targets_from_plan,
    task_components_link,
)
from chiso.plans.services import TaskSpec, plan_create


@pytest.fixture
def plan(province):
    return plan_create(
        owner_unit=province,
        number="336/KH-UBND",
        title="Kế hoạch nâng cao chỉ số",
        period_start=date(2024, 10, 15),
        period_end=date(2025, 12, 31),
    )


def row(index, component, base, goal, **extra):
    return {
        "index": index,
        "component": component,
        "baseline": str(base),
        "baseline_year": 2023,
        "target": str(goal),
        "target_year": 2025,
        "rank_baseline": extra.get("rank_baseline"),
        "rank_target": extra.get("rank_target"),
        "baseline_value": base,
        "baseline_max": extra.get("max"),
        "target_value": goal,
    }


def test_targets_from_plan_creates_baselines_and_targets(frameworks, plan, province):
    rows = [
        row("PAPI", "Tham gia của người dân ở cấp cơ sở", 4.34, 6.9, max=10),
        row("SIPAS", "Mức độ hài lòng của người dân đối với tiếp cận dịch vụ", 80.61, 85),
        row(
            "SIPAS",
            "Mức độ hài lòng của người dân đối với việc xây dựng, tổ chức thực hiện chính sách",
            80.23,
            83.25,
            rank_baseline="45/63",
            rank_target="20-30/63",
        ),
        row("PCI", "TỔNG", 66.28, 72.15),
        row("PAPI", "Một thành phần không có", 1, 2),
    ]
    warnings = targets_from_plan(plan, rows, province)
    assert warnings == ["PAPI: không khớp được thành phần “Một thành phần không có”."]
    d1 = Result.objects.get(component__code="PAPI.D1")
    assert (d1.source, d1.year, d1.score, d1.source_plan) == (
        Source.PLAN_DOCUMENT,
        2023,
        Decimal("4.34"),
        plan,
    )
    part = Result.objects.get(component__code="SIPAS.1")
    assert (part.rank, part.rank_of) == (45, 63)
    assert Target.objects.get(component__code="SIPAS.1").rank_text == "20-30/63"
    assert Target.objects.get(component__code="SIPAS.2.1").value == Decimal("85")
    total = Result.objects.get(framework__code="PCI", component__isnull=True)
    assert total.score == Decimal("66.28")


def test_targets_from_plan_warns_about_impossible_values(frameworks, plan, province):
    warnings = targets_from_plan(plan, [row("PCI", "Tính minh bạch", 66.4, 7)], province)
    assert warnings == ["PCI “Tính minh bạch”: Điểm 66.4 vượt điểm tối đa 10 của “Tính minh bạch”."]
    assert Target.objects.get(component__code="PCI.3").value == Decimal("7")


@pytest.mark.parametrize(
    ("index", "text", "code"),
    [
        ("PAR INDEX", "Cải cách TTHC", "PAR.3"),
        ("PAR INDEX", "Công tác chỉ đạo, điều hành CCHC", "PAR.1"),
        ("PAPI", "4.4 Quyết tâm chống tham nhũng", "PAPI.4.4"),
        ("PCI", "Chỉ số thành phần: Đào tạo lao động", "PCI.9"),
        ("SIPAS", "tiep can dich vu", "SIPAS.2.1"),
    ],
)
def test_task_components_link_matches_document_words(frameworks, plan, index, text, code):
    from chiso.plans.services import task_create

    task = task_create(
        plan=plan, spec=TaskSpec(content="Việc", index_code=index, component_text=text)
    )
    links = task_components_link(task)
    assert [link.component.code for link in links] == [code]


def test_task_without_a_recognisable_component_gets_no_link(frameworks, plan):
    from chiso.plans.services import task_create

    spec = TaskSpec(content="Việc", index_code="PCI", component_text="Nội dung khác hẳn")
    assert task_components_link(task_create(plan=plan, spec=spec)) == []


def test_result_validation_messages(frameworks, province):
    pci = frameworks["PCI"]
    comp = pci.components.get(code="PCI.1")
    with pytest.raises(DomainError, match="không thuộc bộ chỉ số"):
        other = frameworks["PAPI"].components.first()
        result_save(spec=ResultSpec(province, pci, other, 2024, Decimal(1)))
    with pytest.raises(DomainError, match="không được âm"):
        result_save(spec=ResultSpec(province, pci, comp, 2024, Decimal(-1)))
    with pytest.raises(DomainError, match="ngoài khoảng"):
        result_save(spec=ResultSpec(province, pci, comp, 1990, Decimal(1)))
    assert not Result.objects.exists()


def test_local_framework_from_a_spreadsheet_and_a_new_version(frameworks, province):
    data = "Mã;Tên;Mã cấp trên;Điểm tối đa\n1;Chỉ đạo điều hành;;10\n1.1;Kế hoạch;1;4\n".encode()
    specs = fs.components_from_file(data, "cay.csv")
    framework = fs.framework_create(
        code="PAR_INDEX_SO",
        index_code="PAR INDEX",
        name="Chỉ số CCHC các sở",
        level="department",
        version_label="2025",
        aggregation="percent_of_max",
        total_max=Decimal(100),
        owner_unit=province,
        is_local=True,
        components=specs,
    )
    child = framework.components.get(code="1.1")
    assert child.parent.code == "1" and child.depth == 1 and child.max_points == 4
    newer = fs.framework_new_version(
        source=framework, version_label="2026", valid_from=date(2026, 1, 1)
    )
    assert newer.components.count() == 2 and newer.components.get(code="1.1").parent.code == "1"


def test_component_tree_file_errors_are_listed_by_row(frameworks):
    data = "Mã;Tên;Mã cấp trên;Trọng số\n1;A;;0.5\n2;B;9;\n3;C;;20\n".encode()
    with pytest.raises(DomainError) as err:
        fs.components_from_file(data, "cay.csv")
    assert err.value.errors == [
        "Dòng 3: mã cấp trên “9” chưa có ở dòng phía trên",
        "Dòng 4: Trọng số ghi dạng phần (0–1), ví dụ 0.2 cho 20%.",
    ]


def test_coordinator_edits_an_unconfirmed_maximum(frameworks, client_as):
    from django.urls import reverse

    comp = frameworks["PAR_INDEX_PROVINCE"].components.get(code="PAR.1.c1")
    url = reverse("frameworks:component_edit", args=[comp.pk])
    data = {"name": comp.name, "max_points": "2", "order": comp.order, "confirmed": "on"}
    assert client_as("noivu").post(url, data).status_code == 302
    comp.refresh_from_db()
    assert comp.max_points == 2 and comp.confirmed
    assert client_as("lanhdao").post(url, data).status_code == 403
