"""Example criteria sets shipped as data (chiso/assessment/data/*.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml

from chiso.assessment.models import CriteriaSet
from chiso.assessment.services import criteria_set_create

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = {"department": "example-department.yaml", "commune": "example-commune.yaml"}


def example_spec(level: str) -> dict:
    return yaml.safe_load((DATA / EXAMPLES[level]).read_text(encoding="utf-8"))


def example_set(level: str, by=None) -> CriteriaSet:
    """The example set for a level, created once (idempotent by name and year)."""
    spec = example_spec(level)
    existing = CriteriaSet.objects.filter(name=spec["name"], year=spec["year"]).first()
    return existing or criteria_set_create(spec=spec, by=by)
