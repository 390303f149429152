"""Every dashboard table as (title, headers, rows), so the page and its xlsx export agree."""

from __future__ import annotations

from chiso.frameworks.scoring import round2


def _v(figure: dict | None, key: str = "value"):
    return round2(figure.get(key)) if figure else None


def cards(data: dict) -> tuple[str, list[str], list[list]]:
    headers = [
        "Chỉ số",
        "Năm gốc",
        "Giá trị năm gốc",
        "Năm mới nhất",
        "Giá trị mới nhất",
        "Tổng ghi trong văn bản",
        "Năm mục tiêu",
        "Mục tiêu",
        "Mục tiêu xếp hạng",
        "Khoảng cách đến mục tiêu",
    ]
    rows = []
    for c in data["cards"]:
        b, last, t = c["baseline"], c["latest"], c["target"]
        rows.append(
            [
                c["framework"].name,
                b["year"] if b else None,
                _v(b),
                last["year"] if last else None,
                _v(last),
                _v(last, "stated"),
                t["year"] if t else None,
                _v(t),
                t["rank_text"] if t else "",
                round2(c["gap"]),
            ]
        )
    return "Các chỉ số: năm gốc, mới nhất, mục tiêu", headers, rows


def components(data: dict) -> tuple[str, list[str], list[list]]:
    headers = [
        "Chỉ số",
        "Mã",
        "Chỉ số thành phần",
        "Điểm tối đa",
        "Năm gốc",
        "Mới nhất",
        "Mục tiêu",
        "Khoảng cách",
        "Số nhiệm vụ",
        "Đúng hạn",
        "Trễ hạn",
        "Quá hạn",
        "Đang làm",
    ]
    rows = []
    for c in data["cards"]:
        for r in c["components"]:
            mix = r.get("mix") or {}
            comp = r["component"]
            rows.append(
                [
                    c["index_code"],
                    comp.code,
                    comp.name,
                    comp.max_points,
                    r["baseline"],
                    r["latest"],
                    r["target"],
                    round2(r["gap"]),
                    mix.get("tasks", 0),
                    mix.get("done_on_time", 0),
                    mix.get("done_late", 0),
                    mix.get("overdue", 0),
                    mix.get("in_progress", 0),
                ]
            )
    return "Chỉ số thành phần theo khoảng cách đến mục tiêu", headers, rows


UNIT_HEADERS = [
    "Hạng",
    "Đơn vị",
    "Tổng số kỳ",
    "Hoàn thành đúng hạn",
    "Hoàn thành trễ hạn",
    "Quá hạn",
    "Đang thực hiện",
    "Chưa đến hạn",
    "Tỷ lệ đúng hạn (%)",
    "Tỷ lệ báo cáo đúng hạn (%)",
    "Số kỳ đến hạn",
]


def _unit_row(r: dict) -> list:
    return [
        r["position"] or r["note"],
        r["unit"].name,
        r["total"],
        r["done_on_time"],
        r["done_late"],
        r["overdue"],
        r["in_progress"],
        r["not_due"],
        r["on_time_rate"],
        r["reporting_timeliness"],
        r["due"],
    ]


def units(data: dict) -> tuple[str, list[str], list[list]]:
    return (
        "Xếp hạng đơn vị theo tỷ lệ hoàn thành",
        UNIT_HEADERS,
        [_unit_row(r) for r in data["ranking"]],
    )


def overdue(data: dict) -> tuple[str, list[str], list[list]]:
    return "Nhiệm vụ quá hạn theo đơn vị", UNIT_HEADERS, [_unit_row(r) for r in data["overdue"]]


def benchmark(data: dict) -> tuple[str, list[str], list[list]]:
    bench = data.get("benchmark")
    headers = [
        "Nội dung",
        "Điểm",
        "Hạng",
        "Trên tổng số",
        "Cao nhất",
        "Tỉnh cao nhất",
        "Trung vị",
        "Cách cao nhất",
        "So với trung vị",
    ]
    rows = []
    if bench:
        for line in bench["lines"]:
            comp = line["component"]
            rows.append(
                [
                    comp.name if comp else "Tổng điểm PAPI",
                    line["score"],
                    line["rank"],
                    line["rank_of"],
                    line["best"],
                    ", ".join(line["best_names"]),
                    line["median"],
                    line["to_best"],
                    line["to_median"],
                ]
            )
        title = f"PAPI {bench['year']}: {bench['province'].name} so với cả nước"
    else:
        title = "PAPI: chưa có số liệu tham chiếu"
    return title, headers, rows


TABLES = {
    "chi-so": cards,
    "thanh-phan": components,
    "don-vi": units,
    "qua-han": overdue,
    "tham-chieu": benchmark,
}
