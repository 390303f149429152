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


def test_a_task_report_elsewhere_leaves_the_service_page_kept(
    province, client_as, persona, django_assert_max_num_queries
):
    """Officers report on their tasks all day: those writes do not move the one-stop figures'
    scopes, so the province's service page is not summed again after each of them."""
    from chiso.core import figures
    from chiso.dossiers import selectors
    from chiso.tracking import services as tracking
    from chiso.tracking.models import Occurrence
    from tests.builders import build_indexed_plan

    build_indexed_plan(province)
    _import([dossier("HS-001", "Sở Tư pháp", returned="12/03/2025")])
    client = client_as("lanhdao")
    client.get(PAGE)
    kept = figures.data_version(reads=selectors.READS)
    overall = figures.data_version()
    tracking.occurrence_cancel(
        occurrence=Occurrence.objects.filter(completed_on__isnull=True).first(),
        reason="Không còn phù hợp",
        by=persona("noivu"),
    )
    assert figures.data_version() != overall  # the task's own figures move
    assert figures.data_version(reads=selectors.READS) == kept
    with django_assert_max_num_queries(30) as queries:
        page = client.get(PAGE).content.decode()
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi (1)" in page
    assert not any("dossiers_dossiermonthly" in q["sql"] for q in queries.captured_queries)
    _import([dossier("HS-002", "Sở Tài chính", returned="20/03/2025")])  # a one-stop write
    assert figures.data_version(reads=selectors.READS) != kept
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi (2)" in client.get(PAGE).content.decode()
