"""Occurrences: one per task, lead unit and reporting period; statuses derive from them."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.models import TimeStampedModel
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role
from chiso.plans.models import AssignmentRole, Plan, Task, TaskAssignment
from chiso.tracking.status import Status, status_expression, status_of

# Who sees, reports on and reviews occurrences. An occurrence is visible to whoever oversees its
# plan or its unit (subtree roles), to the officers of its lead unit, and to the officers of units
# the task names as coordinating or monitoring (and of the plan's coordinator and monitoring
# units). Reports, contributions and evidence follow their occurrence.
#
# Review: the task's monitoring unit reviews, unless it is the lead unit itself or the task names
# none; then the plan's standing monitoring body (Plan.monitoring_unit), or when that is empty
# the plan's coordinator unit. Coordinators who manage the plan may review too. Nobody reviews a
# report of their own unit.
#
# Reporting (separation of duties): a unit's report, evidence, contribution and explanation are
# written only by people of that unit (its officers, or a coordinator for her own unit); a
# coordinator's wider scope lets her review, reassign, change deadlines and reopen, never write
# for another unit. Per-object predicates built on these are in `chiso.tracking.rules`.

# The roles whose holders write their own unit's reports.
REPORTING_ROLES = {Role.OFFICER, Role.COORDINATOR}


# What an occurrence's page and actions need with it, fetched in the same query.
OCCURRENCE_PAGE = ("task__plan", "unit", "task__plan__coordinator_unit")


def _tasks_naming(unit_ids: list[int], roles: set[str]):
    return TaskAssignment.objects.filter(unit_id__in=unit_ids, role__in=roles).values("task_id")


def _other_monitors(p: str, unit_ids: list[int] | None = None) -> models.Exists:
    """The occurrence's task names a monitoring unit other than its lead (among `unit_ids`)."""
    monitors = TaskAssignment.objects.filter(
        task_id=models.OuterRef(f"{p}task_id"), role=AssignmentRole.MONITORING, unit__isnull=False
    ).exclude(unit_id=models.OuterRef(f"{p}unit_id"))
    if unit_ids is not None:
        monitors = monitors.filter(unit_id__in=unit_ids)
    return models.Exists(monitors)


def reviewable_q(user, prefix: str = "") -> models.Q | None:
    """Q over Occurrence (or a relation via `prefix`) the user may review; None = everything."""
    mine = access.member_unit_ids(user)
    p = f"{prefix}__" if prefix else ""
    not_own = ~models.Q(**{f"{p}unit_id__in": mine})
    if access.is_admin(user):
        return not_own if mine else None
    q = access.subtree_roles_q(user, f"{p}task__plan__owner_unit", {Role.COORDINATOR})
    if mine:
        standing = models.Q(**{f"{p}task__plan__monitoring_unit_id__in": mine}) | models.Q(
            **{
                f"{p}task__plan__monitoring_unit__isnull": True,
                f"{p}task__plan__coordinator_unit_id__in": mine,
            }
        )
        q |= _other_monitors(p, mine) | (~_other_monitors(p) & standing)
        q &= not_own
    return q


class OccurrenceQuerySet(models.QuerySet):
    def with_status(self, today: date):
        return self.annotate(status=status_expression(today))

    def for_unit(self, unit: OrgUnit):
        return self.filter(unit=unit)

    def visible_to(self, user):
        if access.is_admin(user):
            return self
        own = access.own_unit_ids(user)
        q = (
            access.subtree_roles_q(user, "task__plan__owner_unit", access.SUBTREE_ROLES)
            | access.subtree_roles_q(user, "unit", access.SUBTREE_ROLES)
            | models.Q(unit_id__in=own)
        )
        if own:
            named = {AssignmentRole.COORDINATING, AssignmentRole.MONITORING}
            q |= models.Q(task_id__in=_tasks_naming(own, named))
            q |= models.Q(task__plan__coordinator_unit_id__in=own)
            q |= models.Q(task__plan__monitoring_unit_id__in=own)
        return self.filter(q)

    def reviewable_by(self, user):
        """Occurrences whose reports the user may accept or return."""
        return access.restrict(self, reviewable_q(user))

    def reportable_by(self, user):
        """Occurrences of the user's own units, whose report the user writes."""
        return self.filter(unit_id__in=access.member_unit_ids(user, REPORTING_ROLES))


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(occurrence__in=Occurrence.objects.visible_to(user))


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(report__occurrence__in=Occurrence.objects.visible_to(user))


class Occurrence(TimeStampedModel):
    """What one lead unit owes for one task in one reporting period.

    One-off tasks have a single occurrence; recurring and continuous tasks one per period of
    the plan. `completed_on` is the completion date the unit reported, copied from the report when
    the reviewer accepts it (the acceptance date stays on the report as `reviewed_at`); it is the
    only input (with dates) to the status.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    unit = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị chủ trì", on_delete=models.PROTECT, related_name="occurrences"
    )
    period_label = models.CharField("Kỳ", max_length=60, blank=True)
    period_start = models.DateField("Từ ngày", null=True, blank=True)
    period_end = models.DateField("Đến ngày", null=True, blank=True)
    due_date = models.DateField("Hạn", null=True, blank=True, db_index=True)
    completed_on = models.DateField("Ngày hoàn thành", null=True, blank=True)
    percent = models.PositiveSmallIntegerField("Tiến độ (%)", default=0)
    is_cancelled = models.BooleanField("Không thực hiện, dừng", default=False)
    cancel_reason = models.TextField("Lý do", blank=True)
    first_reported_on = models.DateField(
        "Ngày gửi báo cáo lần đầu",
        null=True,
        blank=True,
        help_text="Căn cứ tính tỉ lệ báo cáo đúng hạn.",
    )
    due_changed = models.BooleanField(
        "Hạn do điều phối viên đặt", default=False, help_text="Đồng bộ lại không ghi đè hạn này."
    )

    history = HistoricalRecords()
    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "Kỳ thực hiện nhiệm vụ"
        verbose_name_plural = "Kỳ thực hiện nhiệm vụ"
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "period_start"], name="unique_occurrence_period"
            )
        ]
        indexes = [models.Index(fields=["unit", "due_date"])]

    def __str__(self) -> str:
        return f"{self.task} — {self.unit} — {self.period_label}"

    def status_on(self, today: date) -> str:
        return status_of(
            today=today,
            period_start=self.period_start,
            due_date=self.due_date,
            completed_on=self.completed_on,
            cancelled=self.is_cancelled,
        )


class ReportState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã gửi, chờ duyệt"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã chấp nhận"


class WorkStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"


class ProgressReport(TimeStampedModel):
    """The lead unit's report for one occurrence; it goes draft → submitted → returned/accepted.

    One report per occurrence and unit: a returned report is edited and submitted again, and
    every step is kept in its history. `version` guards against silent overwrites.
    """

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị báo cáo", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "Trạng thái báo cáo", max_length=20, choices=ReportState.choices, default="draft"
    )
    work_status = models.CharField(
        "Tình hình thực hiện",
        max_length=20,
        choices=WorkStatus.choices,
        default=WorkStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(
        "Tiến độ (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField("Kết quả thực hiện", blank=True)
    completed_on = models.DateField(
        "Ngày hoàn thành thực tế",
        null=True,
        blank=True,
        help_text="Ngày công việc thực sự hoàn thành (không phải ngày gửi hay ngày duyệt báo cáo).",
    )
    result_value = models.DecimalField(
        "Kết quả đạt được (số liệu)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField("Ngày gửi", null=True, blank=True)
    first_submitted_at = models.DateTimeField("Ngày gửi lần đầu", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người gửi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("Ngày duyệt", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người duyệt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField("Ý kiến thẩm định", blank=True)
    after_close = models.BooleanField(
        "Gửi sau khi đã chốt số liệu",
        default=False,
        help_text="Lần gửi đầu tiên đến sau khi kỳ báo cáo chứa hạn của nhiệm vụ đã chốt số "
        "liệu: báo cáo muộn, được đưa vào báo cáo kỳ sau.",
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = "Báo cáo tiến độ"
        verbose_name_plural = "Báo cáo tiến độ"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "unit"], name="unique_report_per_unit")
        ]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return f"Báo cáo của {self.unit} — {self.occurrence.period_label}"

    @property
    def is_locked(self) -> bool:
        return self.state == ReportState.ACCEPTED and self.work_status == WorkStatus.DONE

    @property
    def is_editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED) or (
            self.state == ReportState.ACCEPTED and not self.is_locked
        )


class Contribution(TimeStampedModel):
    """What a coordinating unit (phối hợp) sends the lead unit for one occurrence."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="contributions"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị phối hợp", on_delete=models.PROTECT, related_name="+"
    )
    narrative = models.TextField("Nội dung phối hợp")
    submitted_at = models.DateTimeField("Ngày gửi", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Ý kiến phối hợp"
        verbose_name_plural = "Ý kiến phối hợp"
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"Phối hợp của {self.unit}"


class Evidence(TimeStampedModel):
    """A file proving a report; stored under MEDIA_ROOT with a random name, served by a view."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("Tệp", upload_to="evidence/%Y/%m/", max_length=255)
    original_name = models.CharField("Tên tệp", max_length=255)
    content_type = models.CharField("Loại tệp", max_length=120)
    size = models.PositiveBigIntegerField("Dung lượng (byte)")

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "Tài liệu minh chứng"
        verbose_name_plural = "Tài liệu minh chứng"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ExplanationRequest(TimeStampedModel):
    """Yêu cầu giải trình: a leader or coordinator asks the lead unit to explain a result."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="explanations"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người yêu cầu",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question = models.TextField("Nội dung yêu cầu giải trình")
    answer = models.TextField("Nội dung giải trình", blank=True)
    answered_at = models.DateTimeField("Ngày giải trình", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Yêu cầu giải trình"
        verbose_name_plural = "Yêu cầu giải trình"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.question[:80]


class NotificationKind(models.TextChoices):
    GENERAL = "", "Thông báo"
    REVIEW = "review", "Việc cần thẩm định"


class Notification(models.Model):
    """An in-app message (the same words as the e-mail digest), shown on the home page.

    Review notifications (a report submitted or resubmitted, an explanation answered) are also
    sent by e-mail in the daily digest unless read before; `digested_at` records that.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices, default="", blank=True)
    message = models.TextField()
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message[:80]


class PeriodClose(TimeStampedModel):
    """Chốt số liệu: a plan's figures for one report period, frozen at the close.

    The snapshot (one PeriodFigure per lead unit) is what every report of that period shows from
    then on, whatever is edited later. Reopening (with a reason, kept in the history) makes the
    figures live again until the period is closed anew.
    """

    plan = models.ForeignKey(
        Plan, verbose_name="Kế hoạch", on_delete=models.CASCADE, related_name="period_closes"
    )
    period_code = models.CharField("Mã kỳ", max_length=10)
    period_label = models.CharField("Kỳ báo cáo", max_length=60)
    data_start = models.DateField("Số liệu từ ngày")
    data_end = models.DateField("Số liệu đến ngày")
    as_of = models.DateField("Tình trạng tính đến ngày")
    is_closed = models.BooleanField("Đã chốt", default=True)
    automatic = models.BooleanField("Tự động chốt", default=False)
    closed_at = models.DateTimeField("Chốt lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người chốt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField("Lý do mở lại", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Chốt số liệu kỳ báo cáo"
        verbose_name_plural = "Chốt số liệu kỳ báo cáo"
        ordering = ["-data_end", "plan_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period_code"], name="unique_period_close")
        ]

    def __str__(self) -> str:
        return f"Chốt số liệu {self.period_label} — {self.plan}"


class PeriodFigure(models.Model):
    """The counts of one lead unit in a closed period (rates derive from them, `rates.rates_of`)."""

    close = models.ForeignKey(PeriodClose, on_delete=models.CASCADE, related_name="figures")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    not_due = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    due_reported = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "Số liệu đã chốt của đơn vị"
        verbose_name_plural = "Số liệu đã chốt của đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["close", "unit"], name="unique_period_figure")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.close.period_label}"


class FailedEmail(models.Model):
    """An e-mail the mail server refused or could not take: kept for the administrator to see
    (Django admin) and resend by hand, never silently dropped."""

    subject = models.CharField("Tiêu đề", max_length=255)
    recipients = models.TextField("Người nhận")
    body = models.TextField("Nội dung")
    error = models.TextField("Lỗi")
    created_at = models.DateTimeField("Thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "Thư điện tử gửi không thành công"
        verbose_name_plural = "Thư điện tử gửi không thành công"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipients}"


class SentReminder(models.Model):
    """A reminder digest already sent: the key that makes the reminder job idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=20)  # "digest" | "escalation"
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "kind"], name="unique_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"


__all__ = [
    "Contribution",
    "Evidence",
    "ExplanationRequest",
    "FailedEmail",
    "Notification",
    "NotificationKind",
    "Occurrence",
    "PeriodClose",
    "PeriodFigure",
    "ProgressReport",
    "ReportState",
    "SentReminder",
    "Status",
    "WorkStatus",
]
