"""The service page's figures are kept until the data change: a file imported after a view is
on the next view, and the late-without-apology count (from the roll-ups) names exactly the
dossiers the list holds."""

import io

import pytest

from chiso.dossiers import services
from chiso.dossiers.models import Dossier, Kind, Outcome
from chiso.dossiers.tests.helpers import csv_bytes, dossier

pytestmark = pytest.mark.django_db
PAGE = "/dich-vu-cong/?tu=2025-03&den=2025-03"


def _import(rows) -> None:
    services.records_import(kind=Kind.DOSSIER, filename="a.csv", stream=io.BytesIO(csv_bytes(rows)))


def test_a_file_imported_after_a_view_is_on_the_next_view(province, client_as):
    _import([dossier("HS-001", "Sở Tư pháp", returned="12/03/2025")])  # late, no apology
    client = client_as("lanhdao")
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi (1)" in client.get(PAGE).content.decode()
    _import(
        [
            dossier("HS-002", "Sở Tài chính", returned="20/03/2025"),  # late, no apology
            dossier("HS-003", "Sở Tài chính", returned="21/03/2025", apology="Có"),
            dossier("HS-004", "Sở Tài chính", returned="05/03/2025"),  # early
        ]
    )
    page = client.get(PAGE).content.decode()
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi (2)" in page
    assert "HS-002" in page and "HS-003" not in page


def test_the_count_from_the_roll_ups_is_the_number_of_listed_dossiers(province, client_as):
    rows = [
        dossier(
            f"HS-{i:03d}",
            "Sở Tư pháp",
            returned=f"{12 + i % 15:02d}/03/2025",
            apology="Có" if i % 3 == 0 else "Không",
        )  # fmt: skip
        for i in range(30)
    ]
    _import(rows)
    late = Dossier.objects.filter(outcome=Outcome.LATE, apology=False)
    page = client_as("lanhdao").get(PAGE).content.decode()
    assert f"Hồ sơ trễ hạn chưa có phiếu xin lỗi ({late.count()})" in page
    assert late.count() == 20
    newest = late.order_by("-returned_on", "code").first()
    assert page.index(newest.code) < page.index(late.order_by("returned_on", "-code")[0].code)
