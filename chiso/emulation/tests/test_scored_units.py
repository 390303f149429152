"""After a report the live ranking shows the new result of the unit reported on, and every
figure of the ranking is what a full computation from the sources gives, whatever units kept
their earlier results (`chiso.emulation.scored`)."""

from datetime import date, timedelta
from decimal import Decimal as D

from chiso.emulation import scoring, selectors
from chiso.emulation.models import EmulationModel
from chiso.emulation.sources import REGISTRY, Context

from .conftest import unit


def _full(model: EmulationModel, weights=None) -> list[tuple]:
    """The ranking computed from the sources directly, with nothing kept from earlier."""
    members = selectors.group_members(model)
    components = list(model.components.all())
    ctx = Context(model.year, [u.pk for u in members], selectors.judging_day(model))
    values = {c.code: REGISTRY[c.source].values(ctx) for c in components}
    inputs = [
        scoring.UnitInput(
            u.pk,
            u.name,
            {code: (m[u.pk].value if u.pk in m else None) for code, m in values.items()},
            u.active_to,
        )
        for u in members
    ]
    specs = selectors.specs_of(components, weights)
    scores = scoring.score_units(
        inputs, specs, selectors.thresholds_of(model), year_end=date(model.year, 12, 31)
    )
    return [
        (s.unit_id, s.score, s.rank, s.classification, s.note, [c.points for c in s.components])
        for s in scores
    ]


def _live(model: EmulationModel, weights=None) -> list[tuple]:
    model = EmulationModel.objects.get(pk=model.pk)
    rows = selectors.rows_of(selectors.compute(model, weights=weights))
    return [
        (
            r["unit_id"],
            r["score"],
            r["rank"],
            r["classification"],
            r["note"],
            [c["points"] for c in r["components"]],
        )
        for r in rows
    ]


def _on_time(model, name: str):
    row = next(r for r in selectors.rows_of(selectors.compute(model)) if r["unit"] == name)
    return next(c for c in row["components"] if c["code"] == "TD1")


def test_a_report_moves_its_unit_and_the_ranking_equals_a_full_computation(model, work):
    assert _live(model) == _full(model)
    overdue = work["Sở Tư pháp"][1]
    before = _on_time(model, "Sở Tư pháp")
    assert before["detail"].startswith("1/2 kỳ hoàn thành đúng hạn")

    overdue.completed_on = overdue.first_reported_on = overdue.due_date - timedelta(days=1)
    overdue.save()
    after = _on_time(model, "Sở Tư pháp")
    assert after["detail"].startswith("2/2 kỳ hoàn thành đúng hạn")
    assert after["points"] > before["points"]
    assert _live(model) == _full(model)

    # a second unit's period done late, then the first one's undone: each view is exact
    finance = work["Sở Tài chính"][1]
    finance.completed_on = finance.due_date + timedelta(days=3)
    finance.save()
    assert _live(model) == _full(model)
    overdue.completed_on = overdue.first_reported_on = None
    overdue.save()
    assert _on_time(model, "Sở Tư pháp")["detail"] == before["detail"]
    assert _live(model) == _full(model)


def test_trial_weights_score_every_unit_with_those_weights(model):
    first = model.components.order_by("pk").first()
    assert _live(model) == _full(model)  # the saved weights' results are kept
    trial = {first.code: first.weight + D(40)}
    assert _live(model, trial) == _full(model, trial)
    assert _live(model) == _full(model)


def test_a_renamed_unit_shows_its_new_name_in_the_ranking(model, persona):
    justice = unit("Sở Tư pháp")
    selectors.ranking(model, persona("noivu"))
    justice.name = "Sở Tư pháp (đổi tên)"
    justice.save()
    names = {r["unit"] for r in selectors.ranking(model, persona("noivu"))}
    assert "Sở Tư pháp (đổi tên)" in names and "Sở Tư pháp" not in names
