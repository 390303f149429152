"""Demo data: the four seed plans imported as a user would, each into its owner unit.

The demo organisation (chiso/orgs/demo.py) is completed first with the district bodies and
groups the seed documents name, so most agencies resolve. Running it twice changes nothing:
a plan already imported from the same file is skipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from chiso.core.errors import DomainError
from chiso.frameworks.loader import load_shipped_frameworks
from chiso.frameworks.services import task_components_link
from chiso.importer import services
from chiso.importer.selectors import duplicate_plan
from chiso.orgs import services as org_services
from chiso.orgs.models import OrgUnit, UnitGroup, UnitType
from chiso.plans.models import Task

SEED_DIR = Path(settings.BASE_DIR) / "data" / "seeds"
SEEDS = [
    ("dong-nai-2024-336-par-sipas-papi-pci.txt", "Ủy ban nhân dân tỉnh Đồng Nai"),
    ("tuy-phuoc-2023-par-sipas.txt", "Ủy ban nhân dân huyện Tuy Phước"),
    ("dong-hoa-2021-papi.txt", "Ủy ban nhân dân thị xã Đông Hòa"),
    ("tuy-phong-2023-146-ocr-no-diacritics.txt", "Ủy ban nhân dân huyện Tuy Phong"),
]
OFF, S, OTH = UnitType.OFFICE, UnitType.SECTOR, UnitType.OTHER

# Bodies every district of the demo has besides its offices: (name, type, aliases); "{k}" is
# the district's kind word (huyện, thị xã) and "{n}" its name.
DISTRICT_BODIES = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {k} {n}", OTH, ["UBMTTQVN {k}", "Ủy ban MTTQVN {k}"]),
    ("Công an {k} {n}", S, ["Công an {k}"]),
    ("Thanh tra {k} {n}", OFF, ["Thanh tra {k}"]),
    ("Bảo hiểm xã hội {k} {n}", S, ["Bảo hiểm xã hội {k}", "BHXH {k}"]),
    ("Trung tâm Y tế {k} {n}", OTH, ["Trung tâm Y tế {k}"]),
    ("Tòa án nhân dân {k} {n}", S, ["Tòa án nhân dân {k}"]),
    (
        "Trung tâm Văn hóa - Thông tin - Thể thao {k} {n}",
        OTH,
        ["Trung tâm Văn hóa - Thông tin - Thể thao", "Trung tâm Văn hóa-TTTT {k}"],
    ),
    ("Bộ phận Một cửa {k} {n}", OFF, ["Bộ phận một cửa UBND {k}", "Bộ phận một cửa"]),
]
EXTRA_BODIES = {
    "Tuy Phước": [
        (
            "Phòng Kinh tế và Hạ tầng huyện Tuy Phước",
            OFF,
            ["Phòng Kinh tế - Hạ tầng", "Phòng KT&HT"],
        )
    ],
    "Đông Hòa": [
        ("Chi nhánh Điện lực Đông Hòa", S, []),
        ("Trung tâm Phát triển quỹ đất thị xã Đông Hòa", OTH, ["Trung tâm phát triển quỹ đất"]),
    ],
}
PROVINCE_BODIES = [
    ("Tòa án nhân dân tỉnh Đồng Nai", S, ["Tòa án nhân dân tỉnh", "TAND tỉnh"]),
    ("Cục Quản lý thị trường tỉnh Đồng Nai", S, ["Cục Quản lý thị trường tỉnh"]),
    (
        "Ngân hàng Nhà nước chi nhánh tỉnh Đồng Nai",
        S,
        ["Ngân hàng nhà nước chi nhánh tỉnh", "Ngân hàng Nhà nước tỉnh"],
    ),
]
# Groups each district's documents name: (name, aliases, unit types of the members).
DISTRICT_GROUPS = [
    (
        "UBND các xã, thị trấn",
        ["UBND các xã, phường", "UBND các xã, phường, thị trấn", "UBND cấp xã", "Các xã"],
        [UnitType.COMMUNE],
    ),
    (
        "Các cơ quan chuyên môn thuộc UBND {k}",
        [
            "Các cơ quan thuộc UBND {k}",
            "Các phòng, ban, ngành liên quan",
            "Các phòng chuyên môn, đơn vị sự nghiệp công lập thuộc {k}",
            "Các cơ quan, ban, ngành, đoàn thể {k}",
        ],
        [OFF],
    ),
    (
        "Các cơ quan, đơn vị, địa phương",
        [
            "Các cơ quan, đơn vị",
            "Các cơ quan, đơn vị liên quan",
            "Các cơ quan, đơn vị có liên quan",
            "Các cơ quan có liên quan",
            "Các cơ quan liên quan",
        ],
        [OFF, UnitType.COMMUNE],
    ),
]


def _fill(text: str, kind: str, name: str) -> str:
    return text.replace("{k}", kind).replace("{n}", name)


def _ensure_unit(parent: OrgUnit, name: str, unit_type: str, aliases: list[str]) -> None:
    if not OrgUnit.objects.filter(parent=parent, name=name).exists():
        org_services.unit_create(
            name=name,
            unit_type=unit_type,
            parent=parent,
            aliases=aliases,
            active_to=parent.active_to,
        )


def _ensure_group(scope: OrgUnit, name: str, aliases: list[str], types: list[str]) -> None:
    if not UnitGroup.objects.filter(scope=scope, name=name).exists():
        org_services.group_save(name=name, scope=scope, aliases=aliases, rule_unit_types=types)


@transaction.atomic
def extend_demo_orgs() -> None:
    """Add the bodies and groups the seed plans name to the demo organisation (idempotent)."""
    for district in OrgUnit.objects.filter(name__in=[owner for _f, owner in SEEDS[1:]]):
        title = district.name.removeprefix("Ủy ban nhân dân ")
        kind = next(k for k in ("thành phố", "thị xã", "huyện", "") if title.startswith(k))
        name = title.removeprefix(kind).strip()
        for body, unit_type, aliases in DISTRICT_BODIES:
            filled = [_fill(a, kind, name) for a in aliases]
            _ensure_unit(district, _fill(body, kind, name), unit_type, filled)
        for body, unit_type, aliases in EXTRA_BODIES.get(name, []):
            _ensure_unit(district, body, unit_type, aliases)
        for group, aliases, types in DISTRICT_GROUPS:
            filled = [_fill(a, kind, name) for a in aliases]
            _ensure_group(district, _fill(group, kind, name), filled, types)
    dong_nai = OrgUnit.objects.filter(name="Ủy ban nhân dân tỉnh Đồng Nai").first()
    if dong_nai is not None:
        for body, unit_type, aliases in PROVINCE_BODIES:
            _ensure_unit(dong_nai, body, unit_type, aliases)


def link_demo_tasks() -> int:
    """Link the imported tasks that name a component to it (those the import left unlinked)."""
    tasks = Task.objects.exclude(index_code="").exclude(component_text="")
    tasks = tasks.filter(component_links__isnull=True)
    cache: dict = {}
    linked = 0
    for task in tasks.iterator():
        linked += bool(task_components_link(task, _cache=cache))
    return linked


def import_seed(filename: str, owner: OrgUnit) -> services.ImportResult | None:
    """Import one seed document into `owner`; None when it was imported before."""
    data = (SEED_DIR / filename).read_bytes()
    if duplicate_plan(owner, sha256=hashlib.sha256(data).hexdigest()) is not None:
        return None
    job = services.import_start(
        user=None, filename=filename, data=data, owner_unit=owner, background=False
    )
    return services.import_confirm(job=job, user=None)


def load_demo(stdout=None) -> None:
    extend_demo_orgs()
    load_shipped_frameworks()  # first, so the targets tables of the plans find their components
    for filename, owner_name in SEEDS:
        owner = OrgUnit.objects.filter(name=owner_name).first()
        if owner is None or not (SEED_DIR / filename).exists():
            continue
        try:
            result = import_seed(filename, owner)
        except DomainError as exc:
            message = f"Không nhập được {filename}: {exc.message}"
        else:
            message = (
                f"Kế hoạch từ {filename}: đã có sẵn."
                if result is None
                else f"Kế hoạch từ {filename}: {result.summary()}"
            )
        if stdout is not None:
            stdout.write(message + "\n")
    linked = link_demo_tasks()
    if stdout is not None:
        stdout.write(f"{linked} nhiệm vụ gắn thêm chỉ số thành phần.\n")
