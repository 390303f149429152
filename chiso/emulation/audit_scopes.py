"""Emulation model history on the audit page: models the user can see."""

from chiso.core.audit import register as audit_register
from chiso.core.audit import scoped
from chiso.emulation.models import Component, EmulationModel


def register() -> None:
    audit_register(EmulationModel, scoped("id", EmulationModel.objects.visible_to))
    audit_register(Component, scoped("model_id", EmulationModel.objects.visible_to))
