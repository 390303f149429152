"""Sources of emulation values, one small module each; importing this package fills REGISTRY."""

from chiso.emulation.sources import (
    accountability,
    assessment,
    explanations,
    one_stop,
    tracking_rates,
)
from chiso.emulation.sources.base import (
    REGISTRY,
    Context,
    Measure,
    Row,
    Source,
    choices,
    ordered,
)

__all__ = [
    "REGISTRY",
    "accountability",
    "Context",
    "Measure",
    "Row",
    "Source",
    "assessment",
    "choices",
    "explanations",
    "one_stop",
    "ordered",
    "tracking_rates",
]
