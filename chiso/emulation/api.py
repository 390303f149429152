"""Emulation API: a year's scores of a unit group, under the usual permissions (coordinators and
leaders see every unit of their scope, an officer its own unit's row)."""

from __future__ import annotations

import orjson
from django.http import Http404, HttpResponse
from ninja import Router, Schema

from chiso.core.lookup import parse_id
from chiso.emulation import selectors
from chiso.emulation.models import EmulationModel

router = Router(tags=["Thi đua"])


class ComponentOut(Schema):
    code: str
    name: str
    weight: float
    value: float | None
    points: float | None


class ScoreOut(Schema):
    unit_id: int
    unit: str
    score: float | None
    rank: int | None
    classification: str
    components: list[ComponentOut]


def _num(value) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/emulation/{year}/scores", response=list[ScoreOut], summary="Điểm thi đua của một nhóm đơn vị"
)
def scores(request, year: int, group: str = ""):
    group_id = parse_id(group)
    if group_id is None:
        raise Http404("Chọn nhóm đơn vị (?group=).")
    model = (
        EmulationModel.objects.visible_to(request.user)
        .filter(year=year, group_id=group_id)
        .select_related("group")
        .first()
    )
    if model is None:
        raise Http404("Không tìm thấy bảng tiêu chí thi đua của nhóm này trong năm.")
    data = [
        {
            "unit_id": r["unit_id"],
            "unit": r["unit"],
            "score": _num(r["score"]),
            "rank": r["rank"],
            "classification": r["classification"],
            "components": [
                {
                    "code": c["code"],
                    "name": c["name"],
                    "weight": float(c["weight"]),
                    "value": _num(c["value"]),
                    "points": _num(c["points"]),
                }
                for c in r["components"]
            ],
        }
        for r in selectors.ranking(model, request.user)
    ]
    # The rows are already of the schema's types (text, numbers, null) and in its field order:
    # written as they are, by orjson (validating a group's thousands of components against
    # `ScoreOut` cost as much as computing them, and the standard encoder took a quarter of
    # the answer's time). `ScoreOut` still documents the answer.
    return HttpResponse(orjson.dumps(data), content_type="application/json; charset=utf-8")
