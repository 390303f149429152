"""The records a unit's breakdown lists under each component are those its source finds, for
every unit of the group: the records a draft's value says cannot exist are not looked up, and
none that exists is left out."""

from chiso.emulation import selectors
from chiso.emulation.models import EmulationModel
from chiso.emulation.sources import REGISTRY, Context
from chiso.tracking import services as tracking


def _listed(model: EmulationModel) -> dict:
    model = EmulationModel.objects.get(pk=model.pk)
    out = {}
    for unit in selectors.group_units(model):
        data = selectors.breakdown(model, unit)
        out[unit.name] = {c["code"]: (c["value"], c["records"]) for c in data["components"]}
    return out


def _found(model: EmulationModel) -> dict:
    sources = {c.code: REGISTRY[c.source] for c in model.components.all()}
    out = {}
    for unit in selectors.group_units(model):
        ctx = Context(model.year, [unit.pk], selectors.judging_day(model))
        out[unit.name] = {code: source.rows(ctx, unit) for code, source in sources.items()}
    return out


def test_each_component_lists_what_its_source_finds(model, work, persona):
    tracking.explanation_request(
        occurrence=work["Sở Tư pháp"][1], question="Vì sao quá hạn?", by=persona("noivu")
    )
    listed, found = _listed(model), _found(model)
    assert listed.keys() == found.keys()
    for name, components in listed.items():
        assert {code: records for code, (_, records) in components.items()} == found[name], name
    justice = listed["Sở Tư pháp"]
    assert [r.note for r in justice["TD1"][1]] == ["quá hạn"]  # the overdue period
    assert [r.label.split(" — ")[0] for r in justice["TD8"][1]] == ["Vì sao quá hạn?"]
    # a unit without any plan period: no value, and nothing listed
    empty = [n for n, c in listed.items() if c["TD1"][0] is None]
    assert empty and all(listed[n]["TD1"][1] == [] for n in empty)
