"""Demo data: one compiled draft (quý IV năm 2024) for the Đồng Nai plan, made once."""

from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.reports import services
from chiso.reports.models import Report, ReportKind

DEMO_PERIOD = "2024-Q4"


def load_demo(stdout) -> None:
    root = OrgUnit.objects.filter(name="Ủy ban nhân dân tỉnh Đồng Nai").first()
    plan = (
        Plan.objects.filter(owner_unit=root, tasks__occurrences__isnull=False)
        .order_by("pk")
        .first()
    )
    if plan is None:
        stdout.write("Báo cáo định kỳ: chưa có kế hoạch của tỉnh Đồng Nai để lập báo cáo mẫu.")
        return
    period = services.period_from_code(DEMO_PERIOD)
    exists = Report.objects.filter(
        kind=ReportKind.COMPILED,
        plan=plan,
        unit=services.compiler_unit(plan),
        period_code=period.code,
    ).exists()
    if not exists:
        services.report_generate(kind=ReportKind.COMPILED, plan=plan, period=period)
    stdout.write(f"Báo cáo định kỳ: dự thảo báo cáo tổng hợp {period.label} đã sẵn sàng.")
