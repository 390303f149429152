"""Odd query parameters are refused (400/404, 422 for the API's typed parameters) or ignored,
never a server error.

Huge integers overflow the database's 64-bit ids, "²" passes str.isdigit() but not int(), and
years such as 0000 or -1 are not dates.
"""

import pytest
from django.test import Client

from chiso.orgs.demo import DEMO_PASSWORD

HUGE = "9" * 30
ODD = [HUGE, str(2**63), "-1", "0", "²", "١٢", "0000", "1e3", "0x1F", " 1 ", "%00", "abc"]

PAGES = [
    "/ke-hoach/?plan={v}",
    "/nhiem-vu/cua-don-vi/?unit={v}",
    "/nhiem-vu/tham-dinh/?unit={v}&plan={v}",
    "/nhiem-vu/ti-le-hoan-thanh/?plan={v}&year={v}",
    "/tong-quan/?don_vi={v}&nam={v}&ke_hoach={v}",
    "/tong-quan/chi-tiet/ky-thuc-hien/?thanh_phan={v}&don_vi_chu_tri={v}&trang={v}",
    "/tong-quan/chi-tiet/tham-chieu/?bo={v}&nam_tham_chieu={v}",
    "/don-vi/?trang={v}",
    "/bao-cao/?trang={v}",
]
API = [
    "/api/v1/occurrences?unit={v}",
    "/api/v1/occurrences?plan={v}",
    "/api/v1/occurrences?limit={v}",
    "/api/v1/occurrences?offset={v}",
    "/api/v1/units?parent_id={v}",
    "/api/v1/units?limit={v}&offset={v}",
    "/api/v1/plans?offset={v}",
    "/api/v1/completion-rates?plan={v}",
    "/api/v1/completion-rates?year={v}",
    "/api/v1/period-reports?plan_id={v}",
    "/api/v1/results?unit_id={v}&year={v}",
    "/api/v1/dashboard?unit_id={v}&year={v}",
]


@pytest.fixture
def client(province):
    client = Client(raise_request_exception=False)
    assert client.login(username="noivu", password=DEMO_PASSWORD)
    return client


@pytest.mark.parametrize("url", PAGES + API)
def test_odd_values_never_cause_a_server_error(client, url):
    failures = {}
    for value in ODD:
        response = client.get(url.format(v=value))
        if response.status_code not in (200, 400, 404, 422):
            failures[value] = response.status_code
        if response.status_code == 422:
            assert url.startswith("/api/") and response.json()["detail"][0]["msg"]
    assert failures == {}


def test_a_huge_offset_is_refused_with_a_vietnamese_message(client):
    response = client.get(f"/api/v1/occurrences?offset={HUGE}")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "offset" and error["msg"] == "Giá trị quá lớn."
