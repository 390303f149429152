from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chiso.core.errors import DomainError
from chiso.core.lib.text import fold
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.reports import services
from chiso.reports.models import ReportKind


class Command(BaseCommand):
    help = (
        "Lập báo cáo định kỳ (tệp Word và phụ lục Excel) cho một kế hoạch và một kỳ. "
        "Có --unit: báo cáo của đơn vị; không có: báo cáo tổng hợp."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="Số, ký hiệu kế hoạch, vd 123/KH-UBND")
        parser.add_argument("--period", required=True, help="2024-Q4, 2024-H1, 2024-9M, 2024-Y")
        parser.add_argument("--unit", help="Tên, tên viết tắt hoặc tên gọi khác của đơn vị")
        parser.add_argument("--out", required=True, help="Thư mục ghi tệp")

    def handle(self, *args, plan, period, unit, out, **options):
        the_plan = _plan(plan)
        the_unit = _unit(unit) if unit else None
        kind = ReportKind.UNIT if the_unit else ReportKind.COMPILED
        try:
            report = services.report_generate(
                kind=kind,
                plan=the_plan,
                unit=the_unit,
                period=services.period_from_code(period),
                progress=lambda pct, msg: self.stderr.write(f"{pct:3d}% {msg}"),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for field in (report.docx, report.xlsx):
            target = folder / Path(field.name).name
            with field.open("rb") as src:
                target.write_bytes(src.read())
            self.stdout.write(str(target))


def _plan(number: str) -> Plan:
    matches = list(Plan.objects.filter(number__iexact=number.strip())[:2])
    if not matches:
        matches = list(Plan.objects.filter(number__icontains=number.strip())[:2])
    if len(matches) != 1:
        found = "Không tìm thấy" if not matches else "Có nhiều hơn một"
        raise CommandError(f"{found} kế hoạch có số “{number}”.")
    return matches[0]


def _unit(name: str) -> OrgUnit:
    key = fold(name)
    exact = [u for u in OrgUnit.objects.search(name) if key in [fold(n) for n in u.all_names()]]
    matches = exact or list(OrgUnit.objects.search(name)[:2])
    if len(matches) != 1:
        found = "Không tìm thấy" if not matches else "Có nhiều hơn một"
        raise CommandError(f"{found} đơn vị “{name}”. Ghi đủ tên hoặc tên viết tắt.")
    return matches[0]
