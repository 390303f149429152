"""Writes on frameworks and their components: local frameworks, new versions, edited maxima and
weights (unconfirmed numbers stay editable data), component trees imported from a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from chiso.core.errors import DomainError
from chiso.frameworks.models import Aggregation, Component, Framework
from chiso.frameworks.services import ImportRejected, to_decimal
from chiso.frameworks.tabular import read_rows

FRAMEWORK_FIELDS = {
    "code",
    "index_code",
    "name",
    "level",
    "version_label",
    "decision",
    "valid_from",
    "aggregation",
    "total_max",
    "unit_label",
    "is_local",
    "owner_unit",
    "note",
}


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc


@dataclass
class ComponentSpec:
    code: str
    name: str
    parent_code: str = ""
    max_points: Decimal | None = None
    weight: Decimal | None = None


def _check_numbers(max_points, weight) -> None:
    if max_points is not None and max_points <= 0:
        raise DomainError("Điểm tối đa phải lớn hơn 0.", field="max_points")
    if weight is not None and not Decimal(0) <= weight <= Decimal(1):
        raise DomainError("Trọng số ghi dạng phần (0–1), ví dụ 0.2 cho 20%.", field="weight")


@transaction.atomic
def framework_create(*, by=None, components: list[ComponentSpec] = (), **fields) -> Framework:
    unknown = set(fields) - FRAMEWORK_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    if fields.get("aggregation") not in Aggregation.values:
        raise DomainError("Chọn cách tính điểm tổng.", field="aggregation")
    if Framework.objects.filter(
        code=fields["code"], version_label=fields["version_label"]
    ).exists():
        raise DomainError("Đã có bộ chỉ số cùng mã và phiên bản này.", field="version_label")
    framework = Framework(created_by=by, **fields)
    _clean(framework)
    framework.save()
    _create_components(framework, list(components), by=by)
    return framework


def _create_components(framework: Framework, specs: list[ComponentSpec], *, by=None) -> None:
    codes = [s.code for s in specs]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise DomainError("Mã thành phần bị trùng: " + ", ".join(duplicates))
    created: dict[str, Component] = {}
    for order, spec in enumerate(specs, start=1):
        parent = created.get(spec.parent_code) if spec.parent_code else None
        if spec.parent_code and parent is None:
            raise DomainError(
                f"Mã cấp trên “{spec.parent_code}” của “{spec.code}” chưa có ở dòng phía trên."
            )
        _check_numbers(spec.max_points, spec.weight)
        created[spec.code] = Component.objects.create(
            framework=framework,
            parent=parent,
            code=spec.code,
            name=spec.name,
            max_points=spec.max_points,
            weight=spec.weight,
            order=order,
            depth=parent.depth + 1 if parent else 0,
            created_by=by,
        )


@transaction.atomic
def framework_new_version(*, source: Framework, version_label: str, by=None, **fields) -> Framework:
    """Copy a framework's tree as a new version (then edit what the new methodology changed)."""
    specs = [
        ComponentSpec(c.code, c.name, c.parent.code if c.parent else "", c.max_points, c.weight)
        for c in source.components.select_related("parent").order_by("order")
    ]
    base = {f: getattr(source, f) for f in FRAMEWORK_FIELDS if f not in {"version_label"}}
    base.update(fields)
    return framework_create(by=by, version_label=version_label, components=specs, **base)


@transaction.atomic
def component_update(*, component: Component, by=None, **fields) -> Component:
    allowed = {"name", "max_points", "weight", "order", "confirmed", "evidence"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    _check_numbers(fields.get("max_points"), fields.get("weight"))
    for key, value in fields.items():
        setattr(component, key, value)
    _clean(component)
    component.save()
    return component


@transaction.atomic
def component_add(
    *, framework: Framework, spec: ComponentSpec, parent: Component | None = None, by=None
) -> Component:
    if framework.components.filter(code=spec.code).exists():
        raise DomainError(f"Đã có thành phần mã “{spec.code}”.", field="code")
    if parent is not None and parent.framework_id != framework.pk:
        raise DomainError("Thành phần cấp trên không thuộc bộ chỉ số này.", field="parent")
    _check_numbers(spec.max_points, spec.weight)
    last = framework.components.order_by("-order").values_list("order", flat=True).first()
    component = Component(
        framework=framework,
        parent=parent,
        code=spec.code.strip(),
        name=spec.name.strip(),
        max_points=spec.max_points,
        weight=spec.weight,
        order=(last or 0) + 1,
        depth=parent.depth + 1 if parent else 0,
        created_by=by,
    )
    _clean(component)
    component.save()
    return component


COMPONENT_COLUMNS = {
    "code": ("ma", "ma thanh phan"),
    "name": ("ten", "ten thanh phan", "ten chi so thanh phan", "noi dung"),
    "parent": ("ma cap tren", "thuoc ma"),
    "max": ("diem toi da", "toi da"),
    "weight": ("trong so",),
}


def components_from_file(data: bytes, filename: str) -> list[ComponentSpec]:
    """Component rows of a spreadsheet (Mã, Tên, Mã cấp trên, Điểm tối đa, Trọng số)."""
    rows, found = read_rows(data, filename, COMPONENT_COLUMNS)
    if not {"code", "name"} <= found:
        raise DomainError("Thiếu cột “Mã” hoặc “Tên”. Hãy dùng tệp mẫu.")
    specs, errors, seen = [], [], set()
    for row in rows:
        v = row.values
        try:
            if not v.get("code") or not v.get("name"):
                raise DomainError("thiếu mã hoặc tên")
            if v.get("parent") and v["parent"] not in seen:
                raise DomainError(f"mã cấp trên “{v['parent']}” chưa có ở dòng phía trên")
            spec = ComponentSpec(
                v["code"],
                v["name"],
                v.get("parent", ""),
                to_decimal(v.get("max"), "Điểm tối đa"),
                to_decimal(v.get("weight"), "Trọng số"),
            )
            _check_numbers(spec.max_points, spec.weight)
        except DomainError as exc:
            errors.append(f"Dòng {row.number}: {exc.message}")
            continue
        seen.add(spec.code)
        specs.append(spec)
    if errors:
        raise ImportRejected(errors)
    return specs
