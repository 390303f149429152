"""Load the framework definitions shipped with chiso (data/frameworks.yaml) into the database.

Idempotent, and it never overwrites what coordinators edited: an existing framework version or
component is left as it is; only missing ones are created.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from chiso.frameworks.models import Component, Framework
from chiso.orgs.models import OrgUnit

DATA_DIR = Path(__file__).resolve().parent / "data"
FRAMEWORKS_FILE = DATA_DIR / "frameworks.yaml"
FRAMEWORK_FIELDS = (
    "index_code",
    "name",
    "level",
    "decision",
    "aggregation",
    "unit_label",
    "is_local",
    "note",
)


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def read_definitions(path: Path = FRAMEWORKS_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["frameworks"]


def _components(framework: Framework, specs: list[dict], existing: dict, parent=None, depth=0):
    for spec in specs:
        code = str(spec["code"])
        comp = existing.get(code)
        if comp is None:
            comp = Component.objects.create(
                framework=framework,
                parent=parent,
                code=code,
                name=spec["name"],
                max_points=_dec(spec.get("max_points")),
                weight=_dec(spec.get("weight")),
                order=len(existing) + 1,
                depth=depth,
                confirmed=bool(spec.get("confirmed")),
                evidence=spec.get("evidence", ""),
            )
            existing[code] = comp
        _components(framework, spec.get("children") or [], existing, comp, depth + 1)


@transaction.atomic
def load_framework(spec: dict) -> Framework:
    framework = Framework.objects.filter(
        code=spec["code"], version_label=spec["version_label"]
    ).first()
    if framework is None:
        owner = None
        if spec.get("owner_unit"):
            owner = OrgUnit.objects.filter(name=spec["owner_unit"]).first()
        framework = Framework.objects.create(
            code=spec["code"],
            version_label=spec["version_label"],
            valid_from=date.fromisoformat(spec["valid_from"]) if spec.get("valid_from") else None,
            total_max=_dec(spec.get("total_max")),
            owner_unit=owner,
            **{f: spec[f] for f in FRAMEWORK_FIELDS if f in spec},
        )
    existing = {c.code: c for c in framework.components.all()}
    _components(framework, spec.get("components") or [], existing)
    return framework


def load_shipped_frameworks(path: Path = FRAMEWORKS_FILE) -> list[Framework]:
    return [load_framework(spec) for spec in read_definitions(path)]
