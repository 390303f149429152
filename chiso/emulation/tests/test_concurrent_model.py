"""Two coordinators editing the same emulation model: each write carries the version its page was
loaded with; of writers who loaded the same version exactly one wins, the others are told who
saved first and when, and nothing of theirs is written."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from chiso.emulation import services
from chiso.emulation.models import EmulationModel
from tests.races import race, writer_count

CONFLICT = "lưu phiên bản mới lúc"


def _weights(model) -> dict[str, D]:
    return dict(model.components.values_list("code", "weight"))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_weight_saves_keep_one_writers_weights(model, persona):
    noivu, before = persona("noivu"), model.version
    count = writer_count()

    def save(i, _loaded):
        services.weights_save(
            model=EmulationModel.objects.get(pk=model.pk),
            weights={"TD1": D(i + 1), "TD2": D(100 - i)},  # a pair no other writer has
            by=noivu,
            version=before,
        )

    winners, conflicts, errors = race(count, lambda i: None, save)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    assert all(CONFLICT in message and "tải lại trang" in message for message in conflicts)
    (winner,) = winners
    saved = _weights(model)
    assert (saved["TD1"], saved["TD2"]) == (D(winner + 1), D(100 - winner))  # not a mix
    model.refresh_from_db()
    assert model.version == before + 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_component_adds_add_one_component(model, persona):
    noivu, before = persona("noivu"), model.version
    codes_before = set(_weights(model))
    count = writer_count()

    def add(i, _loaded):
        services.component_add(
            model=EmulationModel.objects.get(pk=model.pk),
            code=f"TM{i}",
            name="",
            source="reporting",
            weight="5",
            param="",
            by=noivu,
            version=before,
        )

    winners, conflicts, errors = race(count, lambda i: None, add)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    (winner,) = winners
    assert set(_weights(model)) - codes_before == {f"TM{winner}"}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("weights", {"trong_so_TD1": "60"}),
        ("thresholds", {"xuat_sac": "99", "tot": "90", "hoan_thanh": "60"}),
        ("component_add", {"ma": "TD9", "nguon": "reporting", "trong_so": "5"}),
        ("component_delete", {}),
        ("freeze", {}),
    ],
)
def test_every_form_refuses_a_stale_version_and_says_who_saved(
    model, client_as, persona, name, data
):
    noivu = persona("noivu")
    noivu.first_name, noivu.last_name = "Lan", "Nguyễn Thị"
    noivu.save()
    page = client_as("noivu").get(reverse("emulation:detail", args=[model.pk]))
    assert f'name="version" value="{model.version}"' in page.content.decode()
    weights, components = _weights(model), model.components.count()
    # someone else saves the thresholds first (as noivu: the message names them)
    stale = model.version
    services.thresholds_save(
        model=model, excellent="95", good="80", done="55", by=noivu, version=stale
    )
    args = [model.components.get(code="TD8").pk] if name == "component_delete" else []
    url = reverse(f"emulation:{name}", args=[model.pk, *args])
    response = client_as("noivu").post(url, {**data, "version": stale}, follow=True)
    html = response.content.decode()
    assert "Bảng tiêu chí thi đua đã được" in html and CONFLICT in html
    assert "tải lại trang và thử lại" in html
    model.refresh_from_db()
    assert model.version == stale + 1 and not model.is_frozen
    assert (model.excellent_from, model.good_from) == (D("95.00"), D("80.00"))
    assert _weights(model) == weights and model.components.count() == components
    # with the version of the page reloaded, the same form goes through
    fresh = {**data, "version": model.version}
    assert (
        "Bảng tiêu chí thi đua đã được"
        not in client_as("noivu").post(url, fresh, follow=True).content.decode()
    )
    model.refresh_from_db()
    assert model.version == stale + 2
