"""Demo data: a generated year of dossiers and feedback for the Đồng Nai units, plus the plan's
one-stop targets bound to their KPIs. Imported through the real import path, so re-running it
changes nothing."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from chiso.dossiers import generate, ingest, services
from chiso.dossiers.models import Kind, KpiTarget
from chiso.orgs.models import OrgUnit

DEMO_SOURCE = "Hệ thống một cửa (dữ liệu mẫu)"
TARGETS = (
    ("on_time_rate", ">", "99", ">99% hồ sơ giải quyết đúng và sớm hạn"),
    ("apology_rate", ">=", "100", "100% hồ sơ trễ hạn có phiếu xin lỗi"),
    ("online_rate", ">=", "80", "≥80% hồ sơ được tiếp nhận trực tuyến"),
    ("feedback_on_time_rate", ">=", "100", "100% phản ánh, kiến nghị được xử lý kịp thời"),
)


def _size(unit: OrgUnit) -> int:
    return 400 if unit.unit_type in ("department", "other", "sector") else 150


def load_demo(stdout) -> None:
    root = OrgUnit.objects.filter(name="Ủy ban nhân dân tỉnh Đồng Nai").first()
    if root is None:
        return
    today = timezone.localdate()
    start = date(today.year - 1, today.month, 1)
    units = list(OrgUnit.objects.subtree_of(root).active_on(today).exclude(pk=root.pk))
    big = [u.name for u in units if _size(u) == 400]
    small = [u.name for u in units if _size(u) == 150]
    rows = _import(Kind.DOSSIER, generate.dossier_rows(big, 400, start, today, today)).rows
    rows += _import(Kind.DOSSIER, generate.dossier_rows(small, 150, start, today, today, 767)).rows
    _import(Kind.FEEDBACK, generate.feedback_rows(big + small, 12, start, today, today))
    for kpi_name, op, value, label in TARGETS:
        KpiTarget.objects.update_or_create(
            unit=root, kpi=kpi_name, defaults={"op": op, "value": Decimal(value), "label": label}
        )
    stdout.write(f"Dịch vụ công: {rows} hồ sơ mẫu trong một năm của {len(units)} đơn vị.")


def _import(kind: str, rows) -> ingest.Report:
    source = services.source_get(kind=kind, name=DEMO_SOURCE)
    return ingest.run_import(ingest.SPECS[kind], source=source, rows=rows, skip_invalid=True)
