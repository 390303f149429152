"""The demo loader imports the four seed plans once, resolving most agency names."""

import io

import pytest

from chiso.frameworks.models import Target
from chiso.importer.demo import load_demo
from chiso.importer.models import ImportJob
from chiso.plans.models import Plan, TaskAssignment

pytestmark = pytest.mark.django_db


def test_demo_imports_the_four_seeds_once(province):
    out = io.StringIO()
    load_demo(out)
    assert "249 nhiệm vụ" in out.getvalue()
    plans = {p.owner_unit.name: p for p in Plan.objects.select_related("owner_unit")}
    assert set(plans) == {
        "Ủy ban nhân dân tỉnh Đồng Nai",
        "Ủy ban nhân dân huyện Tuy Phước",
        "Ủy ban nhân dân thị xã Đông Hòa",
        "Ủy ban nhân dân huyện Tuy Phong",
    }
    counts = {name: plan.tasks.count() for name, plan in plans.items()}
    assert counts["Ủy ban nhân dân tỉnh Đồng Nai"] == 249
    assert counts["Ủy ban nhân dân huyện Tuy Phước"] == 69
    assert counts["Ủy ban nhân dân thị xã Đông Hòa"] == 104
    assert counts["Ủy ban nhân dân huyện Tuy Phong"] == 43
    dong_nai = plans["Ủy ban nhân dân tỉnh Đồng Nai"]
    assert dong_nai.number == "336/KH-UBND" and dong_nai.date.isoformat() == "2024-10-15"
    assert Target.objects.filter(source_plan=dong_nai).count() > 40
    communes = TaskAssignment.objects.filter(
        task__plan=dong_nai, group__name="UBND các xã, phường, thị trấn"
    )
    assert communes.exists()
    # OCR names are repaired ("Phong Tw phap" -> "Phòng Tư pháp") and resolve in their district.
    ocr = TaskAssignment.objects.filter(
        task__plan=plans["Ủy ban nhân dân huyện Tuy Phong"], name_as_written="Phòng Tư pháp"
    ).select_related("unit")
    assert {a.unit.name for a in ocr} == {"Phòng Tư pháp huyện Tuy Phong"}
    unresolved = {j.filename: j.draft["unresolved"] for j in ImportJob.objects.all()}
    assert unresolved["tuy-phong-2023-146-ocr-no-diacritics.txt"] == []
    assert len(unresolved["dong-nai-2024-336-par-sipas-papi-pci.txt"]) <= 1

    again = io.StringIO()
    load_demo(again)
    assert again.getvalue().count("đã có sẵn") == 4
    assert Plan.objects.count() == 4 and ImportJob.objects.count() == 4
