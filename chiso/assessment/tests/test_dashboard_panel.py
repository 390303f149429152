"""The dashboard shows the latest published round's unit ranking and links the PAR INDEX result
to it; before anything is closed there is no ranking card."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chiso.assessment import dashboard, publication
from chiso.orgs.models import OrgUnit
from tests.builders import build_indexed_plan

URL = "/tong-quan/"


def test_published_ranking_on_the_dashboard(finished_round, client_as, persona, province):
    build_indexed_plan(province)
    leader = client_as("lanhdao")
    assert 'data-panel="assessment"' not in leader.get(URL).content.decode()
    coordinator = persona("noivu")
    publication.round_close(round_=finished_round, by=coordinator)
    publication.round_publish(round_=finished_round, by=coordinator)
    html = leader.get(URL).content.decode()
    assert "Xếp hạng Chỉ số CCHC năm 2025 — Các Sở, ban, ngành" in html
    round_url = f"/cham-diem/{finished_round.pk}/"
    assert f'href="{round_url}">Xem bảng xếp hạng đầy đủ' in html
    assert f'<a href="{round_url}">Xếp hạng Chỉ số CCHC các đơn vị năm 2025</a>' in html
    top = finished_round.units.order_by("-index_pct", "unit__name").first()
    assert f'href="{round_url}don-vi/{top.unit_id}/">100,00</a>' in html


def test_the_panel_reads_a_bounded_number_of_queries(finished_round, persona):
    coordinator = persona("noivu")
    publication.round_close(round_=finished_round, by=coordinator)
    province = OrgUnit.objects.get(name="Ủy ban nhân dân tỉnh Đồng Nai")
    with CaptureQueriesContext(connection) as captured:
        card = dashboard.panel(user=persona("lanhdao"), unit=province, today=timezone.localdate())
    assert card["published"] is False and card["ranked"] == finished_round.units.count()
    assert len(card["top"]) == 5
    assert len(captured) <= 8
