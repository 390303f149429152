"""Reads for the importer: agency candidates of a scope, remembered mappings, duplicates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from chiso.core.lib.text import fold
from chiso.importer.models import AgencyMapping, ImportJob
from chiso.importer.parse.agencies import resolve_agency
from chiso.orgs.models import OrgUnit, UnitGroup, UnitType
from chiso.plans.models import Plan


def name_key(name: str) -> str:
    """The folded form under which a written agency name is remembered."""
    return re.sub(r"[\s.,;:]+$", "", fold(name))[:500]


@dataclass(frozen=True)
class Candidate:
    """A unit or group an agency name may resolve to; `key` is ("unit"|"group", pk)."""

    kind: str
    pk: int
    label: str
    names: tuple[str, ...]

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.pk)

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.pk}"


def agency_candidates(scope_unit: OrgUnit) -> list[Candidate]:
    """Units in the scope's subtree and groups defined inside it (2 queries).

    Nearer the scope comes first, so an equal score prefers the scope's own group ("UBND các
    xã" of the province plan) over a district's group of the same name.
    """
    units = OrgUnit.objects.subtree_of(scope_unit).order_by("depth", "path")
    groups = UnitGroup.objects.filter(scope__path__startswith=scope_unit.path).order_by(
        "scope__depth", "name"
    )
    found = [Candidate("unit", u.pk, u.name, tuple(u.all_names())) for u in units]
    found += [Candidate("group", g.pk, g.name, tuple(g.all_names())) for g in groups]
    return found


def agency_choices(scope_unit: OrgUnit) -> tuple[list, list]:
    """The (value, label) choices of the review's agency drop-downs: units, then groups, in the
    order of `agency_candidates`, read without the names a match needs (2 light queries)."""
    units = OrgUnit.objects.subtree_of(scope_unit).order_by("depth", "path")
    groups = UnitGroup.objects.filter(scope__path__startswith=scope_unit.path).order_by(
        "scope__depth", "name"
    )
    return (
        [(f"unit:{pk}", name) for pk, name in units.values_list("pk", "name")],
        [(f"group:{pk}", name) for pk, name in groups.values_list("pk", "name")],
    )


def remembered_mappings(scope_unit: OrgUnit) -> dict[str, AgencyMapping]:
    """Mappings saved for the scope or any unit above it; the nearest scope wins."""
    ids = [*scope_unit.ancestor_ids(), scope_unit.pk]
    rows = AgencyMapping.objects.filter(scope_id__in=ids).select_related("unit", "group", "scope")
    best: dict[str, AgencyMapping] = {}
    for row in sorted(rows, key=lambda m: m.scope.depth):
        best[row.name_folded] = row
    return best


def duplicate_plan(
    owner_unit: OrgUnit, *, sha256: str = "", number: str | None = None, day: date | None = None
) -> Plan | None:
    """An existing plan of the owner unit from the same file, or with the same number and date."""
    q = Q(source_sha256=sha256) if sha256 else Q(pk__in=[])
    if number and day:
        q |= Q(number__iexact=number.strip(), date=day)
    return Plan.objects.filter(q, owner_unit=owner_unit).order_by("pk").first()


def job_duplicate_plan(job: ImportJob) -> Plan | None:
    plan = (job.draft or {}).get("plan") or {}
    day = plan.get("date")
    try:
        parsed = date.fromisoformat(day) if day else None
    except ValueError:
        parsed = None
    return duplicate_plan(job.owner_unit, sha256=job.sha256, number=plan.get("number"), day=parsed)


def recent_jobs(jobs_qs, limit: int = 10):
    return jobs_qs.select_related("owner_unit", "plan", "user").order_by("-created_at")[:limit]


def guess_owner_unit(draft: dict, units) -> OrgUnit | None:
    """The province or district whose plan this is, from the issuer, place or title.

    `units` limits the answer (e.g. the units a user may import into). The issuer is matched
    first ("UBND huyện Tuy Phong"); then the deepest unit the place or title names
    ("... huyện Tuy Phước giai đoạn 2023 - 2025").
    """
    bodies = list(units.filter(unit_type__in=[UnitType.PROVINCE, UnitType.DISTRICT]))
    plan = draft.get("plan") or {}
    if plan.get("issuer"):
        found = resolve_agency(plan["issuer"], [(u, u.all_names()) for u in bodies], threshold=95)
        if found:
            return found[0].key
    text = fold(" ".join(str(plan.get(k) or "") for k in ("place", "title", "issuer")))
    named = [u for u in bodies if _place_words(u) and _place_words(u) in text]
    return max(named, key=lambda u: u.depth, default=None)


def _place_words(unit: OrgUnit) -> str:
    """'Ủy ban nhân dân huyện Tuy Phước' -> 'huyen tuy phuoc'."""
    name = fold(unit.name)
    prefix = "uy ban nhan dan "
    return name[len(prefix) :] if name.startswith(prefix) else ""
