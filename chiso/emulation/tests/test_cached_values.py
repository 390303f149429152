"""A draft ranking reads each source's values from the cache while nothing changed, and a change
made through any module's own workflow shows in the next ranking: every model a source reads
moves the data version."""

import io
from datetime import date
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chiso.accountability import services as acc
from chiso.accountability.models import Audience, InitiativeStatus, RecognitionLevel
from chiso.assessment.tests.helpers import appraise, department_round, self_assess, unit_of
from chiso.dossiers import services as dossier_services
from chiso.dossiers.models import Kind
from chiso.dossiers.tests.helpers import csv_bytes, dossier
from chiso.emulation import selectors
from chiso.tracking import services as tracking

from .conftest import unit


def _value(model, user, name: str, code: str):
    row = next(r for r in selectors.ranking(model, user) if r["unit"] == name)
    return next(c for c in row["components"] if c["code"] == code)["value"]


def _queries(model, user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        selectors.ranking(model, user)
    return len(ctx.captured_queries)


def test_a_second_view_reads_no_source_again(model, persona):
    noivu = persona("noivu")
    first = _queries(model, noivu)
    again = _queries(model, noivu)
    # the components, the group and the data version; none of the eight sources
    assert again <= first - 8


def test_an_appraised_assessment_shows_at_once(model, persona):
    noivu = persona("noivu")
    assert _value(model, noivu, "Sở Tư pháp", "TD3") is None
    round_ = department_round(2025)
    justice = unit_of(round_)
    self_assess(justice)
    appraise(justice)
    assert _value(model, noivu, "Sở Tư pháp", "TD3") == D("100.00")  # provisional, at maximum


def test_an_imported_dossier_file_shows_at_once(model, persona):
    noivu = persona("noivu")
    assert _value(model, noivu, "Sở Tư pháp", "TD4") is None
    rows = [
        dossier("H1", returned="05/03/2025 10:00"),  # early
        dossier("H2", returned="12/03/2025 10:00"),  # late
    ]
    dossier_services.records_import(
        kind=Kind.DOSSIER, filename="hoso.csv", stream=io.BytesIO(csv_bytes(rows)), by=None
    )
    assert _value(model, noivu, "Sở Tư pháp", "TD4") == D("50.00")


def test_a_recognised_initiative_shows_at_once(model, persona):
    noivu = persona("noivu")
    assert _value(model, noivu, "Sở Tài chính", "TD6") is None
    acc.initiative_save(
        unit=unit("Sở Tài chính"),
        year=2025,
        title="Số hóa hồ sơ quyết toán",
        status=InitiativeStatus.RECOGNISED,
        recognition_level=RecognitionLevel.values[0],
        decision_number="12/QĐ-UBND",
        decision_date=date(2025, 11, 1),
        by=noivu,
    )
    assert _value(model, noivu, "Sở Tài chính", "TD6") == D(1)


def test_a_dialogue_commitment_shows_at_once(model, persona):
    noivu = persona("noivu")
    assert _value(model, noivu, "Sở Tư pháp", "TD7") is None
    dialogue = acc.dialogue_create(
        unit=unit("Sở Tư pháp"),
        held_on=date(2025, 2, 10),
        chair="Giám đốc Sở Tư pháp",
        audience=Audience.CITIZENS,
        topics="Thủ tục lý lịch tư pháp",
        monitoring_unit=unit("Sở Nội vụ"),
        today=date(2025, 2, 10),
        by=noivu,
    )
    acc.commitment_add(
        dialogue=dialogue, content="Rút ngắn thời gian cấp phiếu", deadline=date(2025, 4, 30)
    )
    assert _value(model, noivu, "Sở Tư pháp", "TD7") == D("0.00")  # due, not yet kept


def test_an_explanation_request_shows_at_once(model, work, persona):
    noivu = persona("noivu")
    assert _value(model, noivu, "Sở Tư pháp", "TD8") == D(0)
    tracking.explanation_request(
        occurrence=work["Sở Tư pháp"][1], question="Vì sao quá hạn?", by=noivu
    )
    assert _value(model, noivu, "Sở Tư pháp", "TD8") == D(1)


def test_the_unit_page_lists_a_record_added_after_a_first_view(model, persona, client_as):
    finance = unit("Sở Tài chính")
    url = reverse("emulation:unit", args=[model.pk, finance.pk])
    client = client_as("noivu")
    assert "Số hóa hồ sơ quyết toán" not in client.get(url).content.decode()
    acc.initiative_save(
        unit=finance, year=2025, title="Số hóa hồ sơ quyết toán", by=persona("noivu")
    )
    assert "Số hóa hồ sơ quyết toán" in client.get(url).content.decode()
