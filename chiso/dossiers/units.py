"""`Cơ quan giải quyết` → org unit: remembered mappings first, then the plan importer's matching."""

from __future__ import annotations

from chiso.core.lib.agency_names import resolve_agency
from chiso.core.lib.text import fold
from chiso.dossiers.fields import CellError
from chiso.dossiers.models import UnitNameMapping
from chiso.orgs.models import OrgUnit


class UnitResolver:
    """Resolves each distinct name once per import; `allowed` limits units to the importer's."""

    def __init__(self, allowed_ids: set[int] | None = None, fixed: OrgUnit | None = None):
        self.allowed = allowed_ids
        self.fixed = fixed
        self.remembered = dict(UnitNameMapping.objects.values_list("name_folded", "unit_id"))
        self.candidates = [(u.pk, u.all_names()) for u in OrgUnit.objects.all()]
        self.cache: dict[str, int | CellError] = {}
        self.unknown: list[str] = []

    def _resolve(self, name: str) -> int:
        key = fold(name)
        unit_id = self.remembered.get(key)
        if unit_id is None:
            matches = resolve_agency(name, self.candidates, threshold=90.0)
            if not matches:
                self.unknown.append(name)
                raise CellError(f"Không xác định được đơn vị “{name}”; hãy đối chiếu tên này.")
            if len(matches) > 1 and matches[1].score == matches[0].score:
                self.unknown.append(name)
                raise CellError(f"Tên “{name}” trùng với nhiều đơn vị; hãy đối chiếu tên này.")
            unit_id = matches[0].key
        if self.allowed is not None and unit_id not in self.allowed:
            raise CellError(f"Đơn vị “{name}” nằm ngoài phạm vi bạn được nhập số liệu.")
        return unit_id

    def __call__(self, name: str) -> int:
        if self.fixed is not None:
            return self.fixed.pk
        if not name:
            raise CellError("Thiếu tên cơ quan.")
        found = self.cache.get(name)
        if found is None:
            try:
                found = self._resolve(name)
            except CellError as exc:
                found = exc
            self.cache[name] = found
        if isinstance(found, CellError):
            raise found
        return found
