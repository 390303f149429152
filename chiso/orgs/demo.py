"""The demo organisation: Đồng Nai province as its 2024 plan names its agencies, plus the
districts the other seed plans come from, the units the 2025 reorganisation created, and the
2025 reorganisation itself as data (REORGANISATION_2025) with its legal basis.

The successions are applied with their handover of work by tracking's demo, once the plans and
their progress exist (a lower app cannot move occurrences)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from chiso.orgs import services
from chiso.orgs.models import OrgUnit, Role, SuccessionKind, UnitGroup, UnitType

DEMO_PASSWORD = "chiso-demo"
TWO_TIER_START = date(2025, 7, 1)
DISTRICTS_END = date(2025, 6, 30)

D, OTH, S, C = UnitType.DEPARTMENT, UnitType.OTHER, UnitType.SECTOR, UnitType.COMMUNE

# (name, short name, type, aliases)
DONG_NAI_AGENCIES = [
    ("Sở Nội vụ", "SNV", D, ["Sở Nội vụ tỉnh"]),
    ("Sở Tư pháp", "STP", D, []),
    ("Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", D, ["Văn phòng UBND tỉnh"]),
    ("Sở Tài chính", "STC", D, []),
    ("Sở Thông tin và Truyền thông", "STTTT", D, ["Sở TT&TT", "Sở TTTT"]),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT", D, ["Sở KH&ĐT"]),
    ("Sở Công Thương", "SCT", D, []),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", D, ["Sở GD&ĐT"]),
    ("Sở Y tế", "SYT", D, []),
    ("Sở Giao thông vận tải", "SGTVT", D, []),
    ("Sở Tài nguyên và Môi trường", "STNMT", D, ["Sở TN&MT"]),
    (
        "Sở Lao động - Thương binh và Xã hội",
        "SLĐTBXH",
        D,
        ["Sở LĐ-TB&XH", "Sở Lao động, Thương binh và Xã hội"],
    ),
    ("Thanh tra tỉnh", "TTT", D, []),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", D, ["Sở NN&PTNT"]),
    ("Sở Xây dựng", "SXD", D, []),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", D, ["Sở VH-TT&DL"]),
    ("Sở Khoa học và Công nghệ", "SKHCN", D, ["Sở KH&CN"]),
    (
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        D,
        ["Sở NN&MT"],
    ),  # from 01/03/2025, see REORGANISATION_2025
    ("Ban Quản lý các khu công nghiệp", "BQL KCN", D, []),
    ("Trung tâm Phục vụ hành chính công tỉnh", "TT PVHCC", OTH, ["Trung tâm PVHCC"]),
    ("Bảo hiểm xã hội tỉnh", "BHXH tỉnh", S, []),
    ("Công an tỉnh", "CA tỉnh", S, []),
    ("Cục Thuế tỉnh", "Cục Thuế", S, []),
    ("Bưu điện tỉnh", "BĐ tỉnh", OTH, []),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQVN tỉnh", OTH, ["Ủy ban MTTQVN tỉnh"]),
    ("Đài Phát thanh - Truyền hình Đồng Nai", "Đài PT-TH", OTH, ["Đài PT-TH Đồng Nai"]),
    ("Báo Đồng Nai", "Báo ĐN", OTH, []),
]

# Offices every district-level UBND has (name, short name, aliases).
DISTRICT_OFFICES = [
    ("Văn phòng HĐND và UBND", "VP HĐND&UBND", ["Văn phòng HĐND&UBND"]),
    ("Phòng Nội vụ", "PNV", []),
    ("Phòng Tư pháp", "PTP", []),
    ("Phòng Tài chính - Kế hoạch", "PTCKH", ["Phòng TC-KH", "Phòng Tài chính – Kế hoạch"]),
    ("Phòng Văn hóa và Thông tin", "PVHTT", ["Phòng VH&TT"]),
    ("Phòng Lao động - Thương binh và Xã hội", "PLĐTBXH", ["Phòng LĐ-TB&XH"]),
    ("Phòng Tài nguyên và Môi trường", "PTNMT", ["Phòng TN&MT"]),
    ("Phòng Kinh tế", "PKT", []),
    ("Phòng Quản lý đô thị", "PQLĐT", []),
    ("Phòng Giáo dục và Đào tạo", "PGDĐT", ["Phòng GD&ĐT"]),
]

# province, [(district name, kind word, [communes])], merged-into province (2025)
PROVINCES = [
    (
        "Đồng Nai",
        [
            ("Biên Hòa", "thành phố", ["phường Tân Phong", "phường Trảng Dài", "xã Hóa An"]),
            ("Long Khánh", "thành phố", ["phường Xuân An", "phường Xuân Trung", "xã Bảo Quang"]),
            ("Trảng Bom", "huyện", ["thị trấn Trảng Bom", "xã Bắc Sơn", "xã Sông Trầu"]),
        ],
        None,
    ),
    ("Bình Định", [("Tuy Phước", "huyện", ["thị trấn Tuy Phước", "xã Phước Lộc"])], "Gia Lai"),
    ("Phú Yên", [("Đông Hòa", "thị xã", ["phường Hòa Vinh", "xã Hòa Tân Đông"])], "Đắk Lắk"),
    ("Bình Thuận", [("Tuy Phong", "huyện", ["thị trấn Liên Hương", "xã Vĩnh Hảo"])], "Lâm Đồng"),
    ("Bình Phước", [], "Đồng Nai"),
]

DEPARTMENTS_MERGED = date(2025, 3, 1)
NEW_UNITS_FROM = {"Sở Nông nghiệp và Môi trường": DEPARTMENTS_MERGED}
# Communes formed on 01/07/2025 under the province (name, parent province).
NEW_COMMUNES = [
    ("phường Biên Hòa", "Đồng Nai"),
    ("xã Trảng Bom", "Đồng Nai"),
]

DEPARTMENTS_BASIS = "Nghị định 45/2025/NĐ-CP"
DEPARTMENTS_NOTE = (
    "Mô hình chung của Nghị định 45/2025/NĐ-CP. UBND tỉnh Đồng Nai công bố các nghị quyết sắp "
    "xếp sở ngày 27/02/2025 (hiệu lực 01/03/2025); chưa đối chiếu được số, ký hiệu nghị quyết "
    "của HĐND tỉnh."
)
COMMUNES_BASIS = "Nghị quyết 1662/NQ-UBTVQH15 ngày 16/6/2025"
PROVINCES_BASIS = "Nghị quyết 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
DISTRICTS_BASIS = "Nghị quyết 203/2025/QH15 sửa đổi, bổ sung một số điều của Hiến pháp"
DISTRICTS_NOTE = "Đơn vị hành chính cấp huyện kết thúc hoạt động; xã, phường trực thuộc tỉnh."


def _department(old: str, new: str, extra: str = "") -> tuple:
    note = f"{DEPARTMENTS_NOTE} {extra}".strip()
    return (old, SuccessionKind.MERGED, [new], DEPARTMENTS_MERGED, DEPARTMENTS_BASIS, note)


def _commune(old: str, new: str, members: str) -> tuple:
    note = (
        f"Theo Đề án sắp xếp của tỉnh: {new} gồm {members}. Chưa đối chiếu được toàn văn "
        "điều khoản của nghị quyết; các xã, phường mẫu khác chưa xác nhận được nên giữ nguyên."
    )
    return (old, SuccessionKind.MERGED, [new], TWO_TIER_START, COMMUNES_BASIS, note)


def _province_merger(old: str, new: str) -> tuple:
    pair = (f"Ủy ban nhân dân tỉnh {old}", f"Ủy ban nhân dân tỉnh {new}")
    return (pair[0], SuccessionKind.MERGED, [pair[1]], TWO_TIER_START, PROVINCES_BASIS, "")


def _district_abolitions() -> list[tuple]:
    rows = []
    for province, districts, merged_into in PROVINCES:
        successor = f"Ủy ban nhân dân tỉnh {merged_into or province}"
        for name, kind, _communes in districts:
            rows.append(
                (
                    f"Ủy ban nhân dân {kind} {name}",
                    SuccessionKind.ABOLISHED,
                    [successor],
                    TWO_TIER_START,
                    DISTRICTS_BASIS,
                    DISTRICTS_NOTE,
                )
            )
    return rows


# The real 2025 changes for the demo province, in the order they are applied: departments
# (03/2025), then communes before their districts (so only surviving communes are re-parented to
# the province), then provinces and districts (01/07/2025).
# (predecessor, kind, successors, effective date, legal basis, note)
REORGANISATION_2025 = [
    _department("Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    _department(
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Nội vụ",
        "Một phần nhiệm vụ (bảo trợ xã hội, trẻ em; giáo dục nghề nghiệp) chuyển Sở Y tế, "
        "Sở Giáo dục và Đào tạo.",
    ),
    _department(
        "Sở Thông tin và Truyền thông",
        "Sở Khoa học và Công nghệ",
        "Nhiệm vụ báo chí, xuất bản chuyển Sở Văn hóa, Thể thao và Du lịch.",
    ),
    _department("Sở Giao thông vận tải", "Sở Xây dựng"),
    _department("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),
    _department("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường"),
    _commune(
        "Ủy ban nhân dân xã Hóa An",
        "Ủy ban nhân dân phường Biên Hòa",
        "Tân Hạnh, Hóa An, Bửu Hòa, Tân Vạn",
    ),
    _commune(
        "Ủy ban nhân dân thị trấn Trảng Bom",
        "Ủy ban nhân dân xã Trảng Bom",
        "thị trấn Trảng Bom, các xã Sông Trầu, Giang Điền, Quảng Tiến",
    ),
    _commune(
        "Ủy ban nhân dân xã Sông Trầu",
        "Ủy ban nhân dân xã Trảng Bom",
        "thị trấn Trảng Bom, các xã Sông Trầu, Giang Điền, Quảng Tiến",
    ),
    *[_province_merger(old, new) for old, _d, new in PROVINCES if new],
    *_district_abolitions(),
]

DEMO_USERS = [
    # username, full name, role, unit name, scope name (None = the unit)
    ("noivu", "Nguyễn Thị Hoa", Role.COORDINATOR, "Sở Nội vụ", "Ủy ban nhân dân tỉnh Đồng Nai"),
    ("lanhdao", "Trần Văn Minh", Role.LEADER, "Ủy ban nhân dân tỉnh Đồng Nai", None),
    ("tuphap", "Lê Thị Thu", Role.OFFICER, "Sở Tư pháp", None),
    ("vpubnd", "Phạm Quốc Bảo", Role.OFFICER, "Văn phòng Ủy ban nhân dân tỉnh", None),
    (
        "thamdinh",
        "Đỗ Minh Thẩm",
        Role.APPRAISER,
        "Sở Nội vụ",
        "Ủy ban nhân dân tỉnh Đồng Nai",
    ),
]


def _unit(name, unit_type, parent=None, short_name="", aliases=(), **extra) -> OrgUnit:
    existing = OrgUnit.objects.filter(name=name, parent=parent).first()
    if existing:
        return existing
    # A unit once under `parent` that a reorganisation moved since (a commune of an abolished
    # district now under the province) is the same unit: do not create it again.
    moved = OrgUnit.history.filter(name=name, parent_id=getattr(parent, "pk", None)).first()
    if moved and OrgUnit.objects.filter(pk=moved.id).exists():
        return OrgUnit.objects.get(pk=moved.id)
    return services.unit_create(
        name=name,
        unit_type=unit_type,
        parent=parent,
        short_name=short_name,
        aliases=list(aliases),
        document_code=demo_document_code(unit_type, short_name),
        **extra,
    )


def demo_document_code(unit_type: str, short_name: str) -> str:
    """The letters the demo units print in their document numbers: UBND for people's committees,
    the department's own letters (SNV, STP…) for the others that have them."""
    if unit_type in (UnitType.PROVINCE, UnitType.DISTRICT, UnitType.COMMUNE):
        return "UBND"
    compact = short_name.replace("Đ", "D")
    return short_name if compact.isascii() and compact.isalpha() and compact.isupper() else ""


def _district(province: OrgUnit, name: str, kind: str, communes: list[str]) -> OrgUnit:
    title = f"{kind} {name}"
    district = _unit(
        f"Ủy ban nhân dân {title}",
        UnitType.DISTRICT,
        province,
        short_name=f"UBND {title}",
        aliases=[f"UBND {title}", f"UBND {name}"],
        active_to=DISTRICTS_END,
    )
    for office, short, aliases in DISTRICT_OFFICES:
        _unit(
            f"{office} {title}",
            UnitType.OFFICE,
            district,
            short_name=short,
            aliases=[office, *aliases, *(f"{a} {kind}" for a in [office, *aliases])],
            active_to=DISTRICTS_END,
        )
    for commune in communes:
        _unit(
            f"Ủy ban nhân dân {commune}",
            C,
            district,
            short_name=f"UBND {commune}",
            aliases=[f"UBND {commune}"],
        )
    return district


def _province(name: str, districts, merged_into: str | None) -> OrgUnit:
    province = _unit(
        f"Ủy ban nhân dân tỉnh {name}",
        UnitType.PROVINCE,
        short_name=f"UBND tỉnh {name}",
        aliases=[f"UBND tỉnh {name}", f"tỉnh {name}"],
        active_to=DISTRICTS_END if merged_into else None,
    )
    for d_name, kind, communes in districts:
        _district(province, d_name, kind, communes)
    if merged_into:
        _unit(
            f"Ủy ban nhân dân tỉnh {merged_into}",
            UnitType.PROVINCE,
            short_name=f"UBND tỉnh {merged_into}",
            aliases=[f"UBND tỉnh {merged_into}"],
            active_from=TWO_TIER_START,
        )
    return province


def _groups(province: OrgUnit) -> None:
    specs = [
        ("Các Sở, ban, ngành", ["Các sở, ban, ngành tỉnh", "Sở, ban, ngành"], [D]),
        ("UBND các huyện, thành phố", ["UBND cấp huyện", "UBND các huyện"], [UnitType.DISTRICT]),
        ("UBND các xã, phường, thị trấn", ["UBND các xã, phường", "UBND cấp xã"], [C]),
        (
            "Các cơ quan, đơn vị, địa phương",
            ["Các cơ quan, đơn vị", "Các cơ quan, đơn vị, địa phương liên quan"],
            [D, S, UnitType.DISTRICT],
        ),
    ]
    for name, aliases, types in specs:
        if not UnitGroup.objects.filter(name=name, scope=province).exists():
            services.group_save(name=name, scope=province, aliases=aliases, rule_unit_types=types)


def _users(province: OrgUnit) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        admin = User.objects.create_superuser("admin", "admin@chiso.local", DEMO_PASSWORD)
        admin.first_name, admin.last_name = "Quản trị", "hệ thống"
        admin.save()
        services.membership_grant(user=admin, unit=province, role=Role.ADMIN)
    for username, full_name, role, unit_name, scope_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = services.user_create(
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            email=f"{username}@chiso.local",
        )
        unit = OrgUnit.objects.get(name=unit_name, path__startswith=province.path)
        scope = OrgUnit.objects.get(name=scope_name) if scope_name else None
        services.membership_grant(user=user, unit=unit, role=role, scope=scope)


@transaction.atomic
def load_demo_orgs() -> OrgUnit:
    """Create (or complete) the demo organisation; running it twice changes nothing."""
    dong_nai = None
    for name, districts, merged_into in PROVINCES:
        province = _province(name, districts, merged_into)
        dong_nai = dong_nai or province
    for name, short, unit_type, aliases in DONG_NAI_AGENCIES:
        _unit(
            name,
            unit_type,
            dong_nai,
            short_name=short,
            aliases=aliases,
            active_from=NEW_UNITS_FROM.get(name),
        )
    for commune, province in NEW_COMMUNES:
        parent = OrgUnit.objects.get(name=f"Ủy ban nhân dân tỉnh {province}", parent=None)
        _unit(
            f"Ủy ban nhân dân {commune}",
            C,
            parent,
            short_name=f"UBND {commune}",
            aliases=[f"UBND {commune}"],
            active_from=TWO_TIER_START,
        )
    _groups(dong_nai)
    _users(dong_nai)
    return dong_nai
