"""Writes: imports (file, upload, hand entry), header and unit mappings, KPI targets."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from typing import BinaryIO

from django.conf import settings
from django.db import transaction

from chiso.core.errors import DomainError
from chiso.core.lib.text import fold
from chiso.dossiers import fields as F
from chiso.dossiers import ingest, kpi
from chiso.dossiers.models import Kind, KpiTarget, Source, UnitNameMapping
from chiso.dossiers.readers import read_rows
from chiso.orgs import access
from chiso.orgs.models import OrgUnit

DEFAULT_SOURCE = "Hệ thống thông tin giải quyết TTHC"
HAND_SOURCE = "Nhập trực tiếp"


def source_get(*, kind: str, name: str | None) -> Source:
    name = " ".join((name or DEFAULT_SOURCE).split())[:120]
    source, _ = Source.objects.get_or_create(kind=kind, name=name)
    return source


def _allowed(user) -> set[int] | None:
    """Units whose records the user may import: None for the command line and admins."""
    if user is None or access.is_admin(user):
        return None
    return set(access.actable_units(user).values_list("pk", flat=True))


def can_import(user) -> bool:
    return access.is_admin(user) or access.actable_units(user).exists()


def records_import(
    *,
    kind: str,
    filename: str,
    stream: BinaryIO,
    source_name: str | None = None,
    skip_invalid: bool = False,
    by=None,
    progress: Callable[[int], None] | None = None,
) -> ingest.Report:
    """Import one export file of dossiers or feedback; see ingest.run_import."""
    source = source_get(kind=kind, name=source_name)
    rows = read_rows(filename, stream)
    return ingest.run_import(
        ingest.SPECS[kind],
        source=source,
        rows=rows,
        skip_invalid=skip_invalid,
        allowed_unit_ids=_allowed(by),
        progress=progress,
    )


def rejected_csv(report: ingest.Report) -> bytes:
    """The rejected rows with their reasons, as a CSV Excel opens (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Dòng", "Lý do", *report.headers])
    writer.writerows(report.rejected_rows)
    return out.getvalue().encode("utf-8-sig")


def check_upload_size(size: int) -> None:
    if size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise DomainError(f"Tệp quá lớn (tối đa {settings.MAX_UPLOAD_MB} MB).", field="file")


# --- mappings ------------------------------------------------------------------------------------


@transaction.atomic
def source_map_headers(*, source: Source, mapping: dict[str, str], by) -> Source:
    """Remember which header of this source's export holds which field ({file header: key})."""
    access.require(can_import(by), "Bạn không có quyền sửa cấu hình nhập số liệu.")
    keys = {c.key for c in ingest.SPECS[source.kind].columns}
    clean = {F.header_key(h): k for h, k in mapping.items() if k in keys and F.header_key(h)}
    source.header_map = {**source.header_map, **clean}
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def unit_name_map(*, name: str, unit: OrgUnit, by) -> UnitNameMapping:
    """Map an agency name as exports write it to a unit, once for every later import."""
    access.require(access.can_act_for_unit(by, unit), "Bạn không được đối chiếu vào đơn vị này.")
    mapping, _ = UnitNameMapping.objects.update_or_create(
        name_folded=fold(name)[:255],
        defaults={"name_as_written": name[:255], "unit": unit, "created_by": by},
    )
    return mapping


# --- hand entry ----------------------------------------------------------------------------------


def record_enter(*, kind: str, unit: OrgUnit, values: dict[str, str], by) -> ingest.Report:
    """One record typed in by a unit without an export: the same checks as a file row."""
    access.require(access.can_act_for_unit(by, unit), "Bạn không được nhập số liệu cho đơn vị này.")
    spec = ingest.SPECS[kind]
    headers = [c.header for c in spec.columns]
    row = [values.get(c.key, "") for c in spec.columns]
    row[[c.key for c in spec.columns].index("unit")] = unit.name
    report = ingest.run_import(
        spec,
        source=source_get(kind=kind, name=HAND_SOURCE),
        rows=iter([headers, row]),
        allowed_unit_ids=_allowed(by),
        fixed_unit=unit,
    )
    if report.rejected:
        raise DomainError(" ".join(r["message"] for r in report.rejected))
    return report


# --- targets -------------------------------------------------------------------------------------


@transaction.atomic
def target_bind(
    *, unit: OrgUnit, kpi_name: str, op: str, value: Decimal, label: str, task=None, by
):
    """Bind a plan target to a KPI for a unit's subtree (replaces the unit's earlier binding)."""
    access.require(access.can_manage_unit(by, unit), "Chỉ cán bộ điều phối được gắn chỉ tiêu.")
    if kpi_name not in kpi.KPI_LABELS:
        raise DomainError("Chỉ số không hợp lệ.", field="kpi")
    target = KpiTarget.objects.filter(unit=unit, kpi=kpi_name).first() or KpiTarget(
        unit=unit, kpi=kpi_name, created_by=by
    )
    target.op, target.value, target.label, target.task = op, value, label[:500], task
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_delete(*, target: KpiTarget, by) -> None:
    access.require(
        access.can_manage_unit(by, target.unit), "Chỉ cán bộ điều phối được bỏ chỉ tiêu."
    )
    target.delete()


KINDS = {k.value for k in Kind}
