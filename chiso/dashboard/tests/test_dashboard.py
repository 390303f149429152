from decimal import Decimal

import pytest
from django.urls import reverse

from chiso.dashboard import selectors
from chiso.orgs.models import OrgUnit
from tests.builders import INDEXED_PLAN_TODAY as TODAY

URL = reverse("dashboard:index")


@pytest.fixture
def filters(work, province):
    return selectors.Filters(unit=province, year=2025, today=TODAY)


def test_summary_counts_status_mix_per_component_and_ranks_units(filters):
    data = selectors.summary(filters)
    papi = next(c for c in data["cards"] if c["index_code"] == "PAPI")
    d3 = next(r for r in papi["components"] if r["component"].code == "PAPI.D3")
    assert (d3["mix"]["tasks"], d3["mix"]["done_on_time"], d3["mix"]["overdue"]) == (2, 1, 1)
    assert data["status"]["total"] == 3 and data["status"]["done_late"] == 1
    names = [r["unit"].name for r in data["ranking"]]
    assert names == ["Sở Tư pháp", "Sở Tài chính"]  # 50 % on time beats 0 %
    assert [r["unit"].name for r in data["overdue"]] == ["Sở Tư pháp"]


def test_unit_view_is_limited_to_the_subtree(work):
    unit = OrgUnit.objects.get(name="Sở Tài chính")
    data = selectors.summary(selectors.Filters(unit=unit, year=2025, today=TODAY))
    assert data["status"]["total"] == 1 and [r["unit"] for r in data["ranking"]] == [unit]


def test_benchmark_places_dong_nai_among_provinces(filters):
    from chiso.frameworks.benchmark_data import load_papi_reference

    load_papi_reference()
    bench = selectors.summary(filters)["benchmark"]
    total = bench["lines"][0]
    assert bench["province"].name == "Đồng Nai" and bench["year"] == 2024
    assert total["component"] is None and total["rank_of"] == 61
    assert total["to_best"] == total["best"] - total["score"]
    members = {m["name"] for m in bench["merger"]["members"]}
    assert members == {"Đồng Nai", "Bình Phước"}


def test_leader_sees_four_cards_with_the_dong_nai_figures(work, client_as):
    response = client_as("lanhdao").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for figure in ["87,00", "91,90", "80,23", "39,92", "55,15", "66,22", "66,28"]:
        assert figure in html, figure
    assert "cộng đơn giản" in html  # the plan's PCI total is flagged


def test_dashboard_queries_are_bounded(work, client_as, django_assert_max_num_queries):
    client = client_as("noivu")
    with django_assert_max_num_queries(40):
        assert client.get(URL).status_code == 200


def test_officers_cannot_open_the_dashboard(work, client_as):
    assert client_as("tuphap").get(URL).status_code == 403


def test_forged_unit_is_not_found(work, client_as):
    assert client_as("lanhdao").get(URL, {"don_vi": "999999"}).status_code == 404
    assert client_as("lanhdao").get(URL, {"don_vi": "abc"}).status_code == 200


def test_drill_down_lists_the_overdue_rows_behind_the_number(work, client_as):
    unit = OrgUnit.objects.get(name="Sở Tư pháp")
    response = client_as("lanhdao").get(
        reverse("dashboard:occurrences"), {"trang_thai": "overdue", "don_vi_chu_tri": unit.pk}
    )
    html = response.content.decode()
    assert "Trả lời khiếu nại đúng hạn" in html and "Tăng cường hòa giải" not in html


def test_drill_down_rows_show_status_badge_plan_and_due_date_in_due_then_unit_order(
    work, client_as
):
    import re

    from django.utils import timezone

    from chiso.tracking.models import Occurrence

    html = client_as("lanhdao").get(reverse("dashboard:occurrences")).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    expected = Occurrence.objects.order_by("due_date", "unit_id", "pk")
    assert len(rows) == expected.count() == 3
    labels = {"overdue": "Quá hạn", "done_late": "Hoàn thành quá hạn"}
    badges = {"overdue": "flag-red", "done_late": "flag-amber", "done_on_time": "flag-green"}
    for row, occ in zip(rows, expected, strict=True):
        status = occ.status_on(timezone.localdate())
        assert f'href="{reverse("tracking:occurrence", args=[occ.pk])}"' in row
        assert f"<td>{occ.unit.name}</td>" in row
        assert f"<td>{occ.due_date.strftime('%d/%m/%Y')}</td>" in row
        assert f'class="badge {badges[status]}"' in row
        if status in labels:
            assert labels[status] in row
        assert occ.task.plan.number in row


def test_every_dashboard_table_exports_to_xlsx(work, client_as):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_as("lanhdao")
    for table in ["chi-so", "thanh-phan", "don-vi", "qua-han", "tham-chieu"]:
        response = client.get(reverse("dashboard:export", args=[table]))
        assert response.status_code == 200, table
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet["A1"].value and sheet.max_row >= 2
    sheet = load_workbook(
        BytesIO(client.get(reverse("dashboard:export", args=["chi-so"])).content)
    ).active
    pci = next(row for row in sheet.iter_rows(values_only=True) if row[0] and "PCI" in row[0])
    assert Decimal(str(pci[4])) == Decimal("66.22") and Decimal(str(pci[5])) == Decimal("66.28")


def test_filter_changes_return_only_the_fragment_with_htmx(work, client_as, province):
    unit = OrgUnit.objects.get(name="Sở Tài chính")
    response = client_as("lanhdao").get(URL, {"don_vi": unit.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "article" in html and "Sở Tài chính" in html


def test_benchmark_drill_down_lists_every_province(work, client_as):
    from chiso.frameworks.benchmark_data import load_papi_reference
    from chiso.frameworks.models import Framework

    load_papi_reference()
    papi = Framework.objects.get(code="PAPI")
    params = {"bo": papi.pk, "nam_tham_chieu": 2024}
    html = client_as("lanhdao").get(reverse("dashboard:benchmark"), params).content.decode()
    assert html.count("<tr") == 62  # header + 61 provinces with a 2024 total
    assert "Bình Phước" in html and "Hồ Chí Minh" in html
    bad = client_as("lanhdao").get(
        reverse("dashboard:benchmark"), {"bo": papi.pk, "nam_tham_chieu": "x"}
    )
    assert bad.status_code == 404
