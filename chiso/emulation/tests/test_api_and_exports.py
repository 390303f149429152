"""The scores API (exact field names, per persona) and the proposal exports."""

import io
from decimal import Decimal as D

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pydantic import TypeAdapter

from chiso.emulation import demo
from chiso.emulation.api import ScoreOut
from chiso.emulation.models import EmulationModel

FIELDS = {"unit_id", "unit", "score", "rank", "classification", "components"}
COMPONENT_FIELDS = {"code", "name", "weight", "value", "points"}


def _url(model):
    return f"/api/v1/emulation/{model.year}/scores?group={model.group_id}"


def test_api_gives_every_unit_to_the_coordinator_with_exact_fields(model, client_as):
    data = client_as("noivu").get(_url(model)).json()
    finance = next(r for r in data if r["unit"] == "Sở Tài chính")
    assert set(finance) == FIELDS
    assert {k for c in finance["components"] for k in c} == COMPONENT_FIELDS
    assert finance["score"] == 66.7 and finance["rank"] == 1
    assert finance["components"][0] == {
        "code": "TD1",
        "name": "Hoàn thành nhiệm vụ đúng hạn",
        "weight": 35.0,
        "value": 66.7,
        "points": 23.35,
    }
    health = next(r for r in data if r["unit"] == "Sở Y tế")
    assert health["score"] is None and health["rank"] is None  # no data, not zero


def test_api_gives_an_officer_its_own_row_only(model, client_as):
    data = client_as("tuphap").get(_url(model)).json()
    assert [r["unit"] for r in data] == ["Sở Tư pháp"] and data[0]["rank"] == 2


def test_api_unknown_group_or_year_is_404(model, client_as):
    client = client_as("lanhdao")
    assert len(client.get(_url(model)).json()) > 2
    assert client.get(f"/api/v1/emulation/2024/scores?group={model.group_id}").status_code == 404
    assert client.get("/api/v1/emulation/2025/scores?group=abc").status_code == 404


def test_xlsx_has_numbers_as_numbers_and_no_data_in_words(model, client_as):
    response = client_as("noivu").get(reverse("emulation:export_xlsx", args=[model.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[1]
    total = headers.index("Tổng điểm")
    finance = next(r for r in rows if r[1] == "Sở Tài chính")
    assert finance[0] == 1 and finance[total] == 66.7 and isinstance(finance[2], float)
    health = next(r for r in rows if r[1] == "Sở Y tế")
    assert health[total] == "chưa có dữ liệu"


def test_docx_proposal_in_the_state_format(model, client_as):
    response = client_as("noivu").get(reverse("emulation:export_docx", args=[model.pk]))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "TỜ TRÌNH" in text and "Hoàn thành nhiệm vụ: 2 đơn vị;" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in c for c in cells)  # the header block
    assert "Sở Tài chính" in cells and "66,70" in cells


def test_demo_model_is_idempotent(province):
    demo.load_demo()
    demo.load_demo()
    models = EmulationModel.objects.filter(year=2025, group__name="Các Sở, ban, ngành")
    assert models.count() == 1
    assert models.get().components.get(code="TD1").weight == D("35.00")


def test_api_answer_is_what_its_schema_gives(model, client_as):
    """The rows are written as they are: the same JSON the `ScoreOut` schema would give."""
    response = client_as("noivu").get(_url(model))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    checked = TypeAdapter(list[ScoreOut]).validate_python(data)
    assert [row.model_dump() for row in checked] == data
