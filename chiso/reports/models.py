"""Report records (a unit's or the coordinator's report for a plan and period) and their jobs."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.models import TimeStampedModel
from chiso.orgs import access
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.tracking.models import PeriodClose


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A unit's report with that unit and the plan; every report of a plan one manages."""
        if access.is_admin(user):
            return self
        return self.filter(
            plan__in=Plan.objects.visible_to(user), unit__in=access.visible_units(user)
        ) | self.filter(plan__in=Plan.objects.managed_by(user))


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A generation request is followed by whoever asked for it (and admins)."""
        return self if access.is_admin(user) else self.filter(requested_by=user)


class ReportKind(models.TextChoices):
    UNIT = "unit", "Báo cáo của đơn vị"
    COMPILED = "compiled", "Báo cáo tổng hợp"


class ReportState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    FINAL = "final", "Đã hoàn thiện"


class Report(TimeStampedModel):
    """One report: a data snapshot (`content`), editable narrative (`sections`) and its files.

    A draft is regenerated from the data as often as needed; issuing freezes it (final files are
    stored and no edit is accepted any more). One report per kind, plan, unit and period.
    """

    kind = models.CharField("Loại báo cáo", max_length=20, choices=ReportKind.choices)
    plan = models.ForeignKey(
        Plan, verbose_name="Kế hoạch", on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị báo cáo",
        on_delete=models.PROTECT,
        related_name="period_reports",
    )
    issuer = models.ForeignKey(
        OrgUnit,
        verbose_name="Cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Đơn vị đứng tên trên văn bản: đơn vị báo cáo hoặc cơ quan cấp trên mà đơn vị "
        "tham mưu (Sở Nội vụ dự thảo cho UBND tỉnh). Để trống là đơn vị báo cáo.",
    )
    period_code = models.CharField("Mã kỳ", max_length=10)
    period_label = models.CharField("Kỳ báo cáo", max_length=60)
    data_start = models.DateField("Số liệu từ ngày")
    data_end = models.DateField("Số liệu đến ngày")
    state = models.CharField(
        "Trạng thái", max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    number = models.CharField("Số, ký hiệu", max_length=60, blank=True)
    content = models.JSONField("Số liệu", default=dict, blank=True, editable=False)
    sections = models.JSONField("Nội dung thuyết minh", default=dict, blank=True)
    docx = models.FileField("Tệp Word", upload_to="reports/%Y/", blank=True)
    xlsx = models.FileField("Phụ lục Excel", upload_to="reports/%Y/", blank=True)
    generated_at = models.DateTimeField("Lập lúc", null=True, blank=True)
    issued_at = models.DateTimeField("Hoàn thiện lúc", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người hoàn thiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField("Phiên bản", default=1)

    history = HistoricalRecords(excluded_fields=["content"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "Báo cáo định kỳ"
        verbose_name_plural = "Báo cáo định kỳ"
        ordering = ["-data_end", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "plan", "unit", "period_code"], name="unique_report_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label} — {self.unit.display_name}"

    @property
    def is_final(self) -> bool:
        return self.state == ReportState.FINAL

    @property
    def issuing_unit(self) -> OrgUnit:
        return self.issuer or self.unit


class JobState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang lập"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


class ReportJob(models.Model):
    """A request to (re)generate a report, processed off the request thread.

    Operational bookkeeping rather than domain data: the report it produces carries the history.
    """

    kind = models.CharField("Loại báo cáo", max_length=20, choices=ReportKind.choices)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_jobs")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE)
    period_code = models.CharField("Mã kỳ", max_length=10)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField("Mã việc nền", max_length=64, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "Yêu cầu lập báo cáo"
        verbose_name_plural = "Yêu cầu lập báo cáo"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_code} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class ClosedPeriodContent(models.Model):
    """What the reports of a closed period print, taken when the period is closed (chốt số liệu).

    The per-unit counts are the close's `PeriodFigure` rows (tracking); this keeps the rest: the
    task rows (from which the per-component table and the units owing a report derive), the late
    work, the earlier periods' reports sent after their close, and the sections contributed by
    other modules. A report regenerated for the period reads them instead of the live data, until
    the period is reopened; closing it again takes a new snapshot.
    """

    close = models.OneToOneField(
        PeriodClose, on_delete=models.CASCADE, related_name="report_content"
    )
    tasks = models.JSONField("Tình hình thực hiện từng nhiệm vụ", default=list)
    late = models.JSONField("Nhiệm vụ chậm, quá hạn", default=list)
    after_close = models.JSONField("Báo cáo muộn của kỳ trước", default=list)
    extras = models.JSONField("Nội dung bổ sung", default=list)
    taken_at = models.DateTimeField("Lập lúc", auto_now=True)

    class Meta:
        verbose_name = "Số liệu báo cáo đã chốt"
        verbose_name_plural = "Số liệu báo cáo đã chốt"

    def __str__(self) -> str:
        return str(self.close)
