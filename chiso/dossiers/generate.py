"""Generated one-stop records with a realistic mix per unit: the demo year and the benchmark's
province-scale files. Deterministic for a given seed; dates as the one-stop systems write them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from chiso.dossiers.fields import DOSSIER_COLUMNS, FEEDBACK_COLUMNS

PROCEDURES = (
    ("1.001193", "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp", True),
    ("2.000884", "Chứng thực bản sao từ bản chính", "Chứng thực", True),
    ("1.004873", "Đăng ký khai sinh", "Hộ tịch", False),
    ("1.001022", "Đăng ký kết hôn", "Hộ tịch", False),
    (
        "2.001157",
        "Cấp giấy chứng nhận đăng ký hộ kinh doanh",
        "Thành lập và hoạt động hộ kinh doanh",
        True,
    ),
    ("1.005388", "Đăng ký thành lập doanh nghiệp", "Thành lập và phát triển doanh nghiệp", True),
    ("1.003011", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Hoạt động xây dựng", True),
    ("1.004227", "Đăng ký biến động quyền sử dụng đất", "Đất đai", True),
    ("1.001612", "Cấp giấy phép lái xe", "Đường bộ", True),
    ("2.000794", "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm", True),
    ("1.000656", "Xác nhận thông tin cư trú", "Đăng ký, quản lý cư trú", False),
    ("1.003622", "Trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", False),
)
CHANNELS = ("Trực tiếp", "Trực tuyến", "Bưu chính công ích")
DAYS = (1, 3, 5, 7, 10, 15)
# start, end, "today" of the fixed year the benchmark and tests generate
DEMO_SPAN = (date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31))


def _dmy(day: date, rnd: random.Random) -> str:
    return f"{day:%d/%m/%Y} {rnd.randint(7, 16):02d}:{rnd.choice((0, 15, 30, 45)):02d}"


def _profile(rnd: random.Random) -> dict:
    return {
        "on_time": rnd.uniform(0.88, 0.998),
        "apology": rnd.uniform(0.3, 0.95),
        "online": rnd.uniform(0.35, 0.9),
        "digitised": rnd.uniform(0.55, 0.97),
        "paid": rnd.uniform(0.3, 0.85),
        "procedures": rnd.sample(PROCEDURES, 4),
    }


def dossier_rows(
    units: list[str], per_unit: int, start: date, end: date, today: date, seed: int = 766
) -> Iterator[list]:
    """The header, then `per_unit` dossiers per unit received between start and end."""
    rnd = random.Random(seed)
    yield [c.header for c in DOSSIER_COLUMNS]
    span = (end - start).days
    for u, unit in enumerate(units):
        p = _profile(rnd)
        for n in range(per_unit):
            code, name, field, fee = rnd.choice(p["procedures"])
            received = start + timedelta(days=rnd.randrange(span + 1))
            due = received + timedelta(days=rnd.choice(DAYS))
            r = rnd.random()
            late = r > p["on_time"]
            delta = rnd.randint(1, 10) if late else -rnd.randint(0, 2) if r < 0.7 else 0
            returned = max(received, due + timedelta(days=delta))
            pending = returned > today
            yield [
                f"H{u:04d}.{seed}-{n:06d}",
                code,
                name,
                field,
                unit,
                _dmy(received, rnd),
                f"{due:%d/%m/%Y}",
                "" if pending else _dmy(returned, rnd),
                CHANNELS[0 if rnd.random() > p["online"] else 1]
                if rnd.random() > 0.03
                else CHANNELS[2],
                "Có" if rnd.random() < p["digitised"] else "Không",
                ("Có" if rnd.random() < p["paid"] else "Không") if fee else "",
                "Có" if late and not pending and rnd.random() < p["apology"] else "Không",
            ]


def feedback_rows(
    units: list[str], per_unit: int, start: date, end: date, today: date, seed: int = 766
):
    rnd = random.Random(seed + 1)
    yield [c.header for c in FEEDBACK_COLUMNS]
    span = (end - start).days
    for u, unit in enumerate(units):
        for n in range(per_unit):
            received = start + timedelta(days=rnd.randrange(span + 1))
            due = received + timedelta(days=rnd.choice((10, 15, 30)))
            handled = max(received, due + timedelta(days=rnd.randint(-12, 2)))
            pending = handled > today
            yield [
                f"PA{u:04d}-{n:05d}",
                unit,
                f"{received:%d/%m/%Y}",
                f"{due:%d/%m/%Y}",
                "" if pending else f"{handled:%d/%m/%Y}",
                rnd.choice(
                    ("Cổng dịch vụ công", "Đường dây nóng", "Trực tiếp", "Ứng dụng di động")
                ),
                "Có" if not pending and rnd.random() < 0.85 else "Không",
                "" if pending else ("Không" if rnd.random() < 0.08 else "Có"),
            ]
