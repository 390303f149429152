import pytest

from chiso.importer.parse.agencies import (
    normalize_agency,
    resolve_agency,
    split_agencies,
    strip_leader,
)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Sở Nội vụ; Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
        ("Phòng: Quản lý đô thị, Kinh tế", ["Phòng Quản lý đô thị", "Phòng Kinh tế"]),
        ("Sở Nội vụ\nSở Tài chính", ["Sở Nội vụ", "Sở Tài chính"]),
        (
            "<ul><li>Sở Y tế</li><li>Sở Giáo dục và Đào tạo</li></ul>",
            ["Sở Y tế", "Sở Giáo dục và Đào tạo"],
        ),
        ("Các cơ quan, đơn vị, địa phương", ["Các cơ quan, đơn vị, địa phương"]),
        ("UBND các xã, phường", ["UBND các xã, phường"]),
        (
            "Sở Lao động, TB&XH và các cơ quan liên quan",
            ["Sở Lao động, TB&XH", "các cơ quan liên quan"],
        ),
        ("Phòng Tài nguyên và Môi trường", ["Phòng Tài nguyên và Môi trường"]),
        ("Thanh tra tỉnh, Sở Tư pháp", ["Thanh tra tỉnh", "Sở Tư pháp"]),
        ("Sở Nội vụ và Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
        ("Văn phòng HĐND và UBND huyện", ["Văn phòng HĐND và UBND huyện"]),
        ("- Phòng Nội vụ\n- Phòng Tư pháp", ["Phòng Nội vụ", "Phòng Tư pháp"]),
        ("", []),
    ],
)
def test_split(cell, names):
    assert split_agencies(cell) == names


def test_strip_leader():
    assert strip_leader("Trưởng phòng Tư pháp") == "Phòng Tư pháp"
    assert strip_leader("Chánh Văn phòng HĐND&UBND huyện") == "Văn phòng HĐND&UBND huyện"
    assert strip_leader("Chủ tịch UBND các xã, thị trấn") == "UBND các xã, thị trấn"


def test_normalize_expands_abbreviations():
    assert normalize_agency("Văn phòng HĐND&UBND thị xã") == (
        "van phong hoi dong nhan dan va uy ban nhan dan thi xa"
    )
    assert normalize_agency("UBMTTQVN tỉnh") == "uy ban mat tran to quoc viet nam tinh"
    assert normalize_agency("Phòng LĐ-TB&XH") == "phong lao dong thuong binh va xa hoi"
    assert normalize_agency("Sở TN&MT") == "so tai nguyen va moi truong"
    assert normalize_agency("Sở KH&ĐT") == "so ke hoach va dau tu"


CANDIDATES = [
    (1, ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thị xã", "VP HĐND-UBND"]),
    (2, ["Phòng Lao động - Thương binh và Xã hội"]),
    (3, ["Ủy ban Mặt trận Tổ quốc Việt Nam thị xã"]),
    (4, ["Phòng Văn hóa và Thông tin", "Phòng VH-TT"]),
    (5, ["Sở Nội vụ"]),
]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Văn phòng HĐND&UBND thị xã", 1),
        ("Phòng LĐ-TB&XH", 2),
        ("Phòng Lao động-TB&XH", 2),
        ("UBMTTQVN thị xã", 3),
        ("Phòng Văn hoá và Thông tin", 4),
        ("phòng văn hóa thông tin", 4),
        ("SỞ NỘI VỤ", 5),
    ],
)
def test_resolve(name, key):
    matches = resolve_agency(name, CANDIDATES)
    assert matches and matches[0].key == key
    assert 0 <= matches[0].score <= 100


def test_unresolved_below_threshold():
    assert resolve_agency("Công an thị xã", CANDIDATES) == []
    assert resolve_agency("", CANDIDATES) == []


def test_department_never_matches_office_of_same_field():
    candidates = [("office", ["Phòng Tài nguyên và Môi trường"]), ("ub", ["UBND xã Hóa An"])]
    assert resolve_agency("Sở Tài nguyên và Môi trường", candidates) == []
    assert resolve_agency("Sở Lao động, TB&XH", [("o", ["Phòng Lao động - TB&XH"])]) == []
    assert resolve_agency("Phòng Tài nguyên môi trường", candidates)[0].key == "office"
