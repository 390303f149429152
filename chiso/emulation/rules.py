"""Per-object rules of the emulation module."""

from chiso.emulation.models import EmulationModel
from chiso.orgs import access
from chiso.orgs.models import UnitGroup


def can_create_for(user, group: UnitGroup) -> bool:
    """The coordinator of the group's scope sets the group's scoring model."""
    return access.can_manage_unit(user, group.scope)


def can_manage(user, model: EmulationModel) -> bool:
    return EmulationModel.objects.managed_by(user).filter(pk=model.pk).exists()


def can_edit(user, model: EmulationModel) -> bool:
    """Weights, components, thresholds and the what-if: a draft, by its coordinator."""
    return not model.is_frozen and can_manage(user, model)
