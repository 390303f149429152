"""A draft ranking is kept whole, and each source's values too, while nothing changed, and a change
made through any module's own workflow shows in the next ranking: every model a source reads
moves the data version, and the model's own settings are part of what the ranking is kept by."""

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
from chiso.emulation import scoring, selectors, services
from chiso.emulation.models import EmulationModel
from chiso.orgs import services as org_services
from chiso.orgs.models import UnitType
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


def test_a_kept_ranking_is_read_in_a_few_queries(model, persona):
    noivu = persona("noivu")
    _queries(model, noivu)
    # the model's components, the versions of what it reads, the units the user sees
    assert _queries(model, noivu) <= 3


def _ranking(model, user) -> list[dict]:
    """The ranking as a page shows it: the model read afresh, as each request reads it."""
    return selectors.ranking(EmulationModel.objects.get(pk=model.pk), user)


def _row(model, user, name: str) -> dict:
    return next(r for r in _ranking(model, user) if r["unit"] == name)


def test_a_weight_and_thresholds_saved_show_at_once(model, persona):
    noivu = persona("noivu")
    first = _row(model, noivu, "Sở Tư pháp")["components"][0]
    model = services.weights_save(
        model=model, weights={first["code"]: first["weight"] + 5}, by=noivu, version=model.version
    )
    now = _row(model, noivu, "Sở Tư pháp")["components"][0]
    assert (now["code"], now["weight"]) == (first["code"], first["weight"] + 5)
    model = services.thresholds_save(
        model=model, excellent=99, good=98, done=97, by=noivu, version=model.version
    )
    scored = [r for r in _ranking(model, noivu) if r["classification"]]
    assert scored and all(
        r["classification"] == scoring.NOT_DONE for r in scored if r["score"] < 97
    )


def test_a_unit_joining_the_group_shows_at_once(model, persona, province):
    noivu = persona("noivu")
    assert all(r["unit"] != "Sở Khoa học và Công nghệ mới" for r in _ranking(model, noivu))
    org_services.unit_create(
        name="Sở Khoa học và Công nghệ mới", unit_type=UnitType.DEPARTMENT, parent=province
    )
    row = _row(model, noivu, "Sở Khoa học và Công nghệ mới")
    assert row["rank"] is None and row["note"]  # no data yet: listed, not ranked


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


def test_explanation_requests_count_per_unit_for_periods_due_in_the_year(model, work, persona):
    from chiso.emulation.sources import REGISTRY, Context

    noivu = persona("noivu")
    justice, finance = work["Sở Tư pháp"], work["Sở Tài chính"]
    for occurrence in (justice[1], justice[1], justice[0], finance[0]):
        tracking.explanation_request(occurrence=occurrence, question="Vì sao?", by=noivu)
    next_year = finance[1]
    next_year.due_date = date(2026, 1, 31)
    next_year.save()
    tracking.explanation_request(occurrence=next_year, question="Vì sao?", by=noivu)
    ids = [unit("Sở Tư pháp").pk, unit("Sở Tài chính").pk, unit("Sở Nội vụ").pk]
    found = REGISTRY["explanations"].values(Context(2025, ids, date(2025, 12, 31)))
    assert [found[pk].value for pk in ids] == [D(3), D(1), D(0)]
    assert found[ids[2]].detail == "0 yêu cầu"


def test_a_frozen_ranking_is_read_once_and_shows_its_stored_results(model, persona):
    noivu = persona("noivu")
    live = _ranking(model, noivu)
    frozen = services.model_freeze(model=model, by=noivu, version=model.version)
    first = _ranking(frozen, noivu)
    assert [(r["unit_id"], r["score"], r["rank"]) for r in first] == [
        (r["unit_id"], r["score"], r["rank"]) for r in live
    ]
    with CaptureQueriesContext(connection) as ctx:
        again = _ranking(frozen, noivu)
    assert again == first
    assert not any("emulation_emulationresult" in q["sql"] for q in ctx.captured_queries)
