"""Occurrences: one per task, lead unit and reporting period; statuses derive from them."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from chiso.core import figures, request_memo
from chiso.core.models import TimeStampedModel
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role
from chiso.plans.models import AssignmentRole, Plan, Task, TaskAssignment
from chiso.tracking.reviewers import reviewable_q
from chiso.tracking.rollups import ROLLUP_COUNTS, rollup_rows
from chiso.tracking.status import (
    Status,
    status_changes_on_expression,
    status_expression,
    status_of,
)
from chiso.tracking.status import status_changes_on as changes_on_of

# Who sees, reports on and reviews occurrences. An occurrence is visible to whoever oversees its
# plan or its unit (subtree roles), to the officers of its lead unit, and to the officers of units
# the task names as coordinating or monitoring (and of the plan's coordinator and monitoring
# units). Reports, contributions and evidence follow their occurrence.
#
# Review: the task's monitoring unit reviews, unless it is the lead unit itself or the task names
# none; then the plan's standing body (Plan.monitoring_unit, else its coordinator unit); when that
# body leads the task itself, the unit that issued the plan (UBND tỉnh); when that one leads it
# too, the administrator. Coordinators who manage the plan may review too. Nobody reviews a
# report of their own unit. The rule is `chiso.tracking.reviewers`.
#
# Reporting (separation of duties): a unit's report, evidence, contribution and explanation are
# written only by people of that unit (its officers, or a coordinator for her own unit); a
# coordinator's wider scope lets her review, reassign, change deadlines and reopen, never write
# for another unit. Per-object predicates built on these are in `chiso.tracking.rules`.

# The roles whose holders write their own unit's reports.
REPORTING_ROLES = {Role.OFFICER, Role.COORDINATOR}


# What an occurrence's page and actions need with it, fetched in the same query.
OCCURRENCE_PAGE = (
    "task__plan",
    "unit",
    "task__plan__coordinator_unit",
    "task__plan__monitoring_unit",
    "task__plan__owner_unit",
)


def _tasks_naming(unit_ids: list[int], roles: set[str]):
    return TaskAssignment.objects.filter(unit_id__in=unit_ids, role__in=roles).values("task_id")


# The fields the status (and whether a period counts as due) is computed from.
STATUS_INPUTS = {"period_start", "due_date", "completed_on", "is_cancelled"}
STORED_STATUS = ["stored_status", "status_changes_on"]
# ... and the fields the roll-ups of counts (StatusRollup) are computed from.
ROLLUP_INPUTS = STATUS_INPUTS | {"unit", "unit_id", "task", "task_id", "first_reported_on"}


def _stored_values(day: date) -> dict:
    return {
        "stored_status": status_expression(day),
        "status_changes_on": status_changes_on_expression(day),
    }


def visible_q(user) -> models.Q | None:
    """Q over Occurrence (or StatusRollup: same paths) the user may see; None = everything."""
    if access.is_admin(user):
        return None
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
        q |= models.Q(task__plan__owner_unit_id__in=own)  # the issuing unit reviews some reports
    return q


class OccurrenceQuerySet(models.QuerySet):
    def with_status(self, today: date):
        """Each occurrence's status on `today` as `status`: the stored column when it is
        current for that day, else the rule computed in SQL (a past day, a report's cut-off)."""
        return self.annotate(status=status_column(today))

    def refresh_status(self, day: date | None = None) -> int:
        """Recompute the stored status of these occurrences for `day` (one UPDATE)."""
        return self.update(**_stored_values(day or StatusClock.current_day()))

    def update(self, **kwargs):
        # An UPDATE that changes an input of the status recomputes the stored status of the
        # same rows (found before, as the UPDATE may change what the filter matches), and the
        # roll-ups of their tasks.
        if ROLLUP_INPUTS.isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            tasks = set(self.values_list("task_id", flat=True))
            count = super().update(**kwargs)
            changed = Occurrence.objects.filter(pk__in=pks)
            day = StatusClock.current_day()
            changed.refresh_status(day)
            rollups_refresh(tasks | set(changed.values_list("task_id", flat=True)), day)
        return count

    def delete(self):
        with transaction.atomic(using=self.db):
            tasks = set(self.values_list("task_id", flat=True))
            deleted = super().delete()
            rollups_refresh(tasks, StatusClock.current_day())
        return deleted

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        day = StatusClock.current_day()
        for obj in objs:
            obj.set_stored_status(day)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            rollups_refresh({obj.task_id for obj in objs}, day)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if ROLLUP_INPUTS.isdisjoint(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        day = StatusClock.current_day()
        for obj in objs:
            obj.set_stored_status(day)
        with transaction.atomic(using=self.db):
            tasks = set(
                Occurrence.objects.filter(pk__in=[o.pk for o in objs]).values_list(
                    "task_id", flat=True
                )
            )
            count = super().bulk_update(objs, [*fields, *STORED_STATUS], *args, **kwargs)
            rollups_refresh(tasks | {obj.task_id for obj in objs}, day)
        return count

    def for_unit(self, unit: OrgUnit):
        return self.filter(unit=unit)

    def visible_to(self, user):
        return access.restrict(self, visible_q(user))

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

    # Looked up by task through the unique (task, unit, period_start) and the covering index
    # below, so the foreign key needs no index of its own.
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="occurrences", db_index=False
    )
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
    # The status on `StatusClock.as_of`, kept by every write (`save`, `update`, `bulk_*`) and
    # moved forward by the daily job (`advance_statuses`) for rows whose `status_changes_on` came.
    stored_status = models.CharField(
        "Tình trạng", max_length=20, choices=Status.choices, default=Status.NOT_DUE
    )
    status_changes_on = models.DateField(null=True, blank=True, db_index=True)

    history = HistoricalRecords(excluded_fields=STORED_STATUS)
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
        # Task lists sort a unit's open periods by due date, and a coordinating unit's by task:
        # with the status in the index, neither reads the table to choose a page of rows. The
        # dashboard's drill-down lists one status across the province by due date and unit: it
        # reads that status in this order and stops after a page, whatever the history.
        indexes = [
            models.Index(fields=["unit", "due_date", "stored_status"]),
            models.Index(fields=["task", "unit", "due_date", "stored_status"]),
            models.Index(fields=["stored_status", "due_date", "unit"]),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.unit} — {self.period_label}"

    def _inputs(self) -> dict:
        return {
            "period_start": self.period_start,
            "due_date": self.due_date,
            "completed_on": self.completed_on,
            "cancelled": self.is_cancelled,
        }

    def status_on(self, today: date) -> str:
        return status_of(today=today, **self._inputs())

    def set_stored_status(self, day: date) -> None:
        self.stored_status = self.status_on(day)
        self.status_changes_on = changes_on_of(today=day, **self._inputs())

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded_task_id = obj.__dict__.get("task_id")
        return obj

    def save(self, *args, **kwargs):
        day = StatusClock.current_day()
        self.set_stored_status(day)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *STORED_STATUS}
        with transaction.atomic():
            super().save(*args, **kwargs)
            rollups_refresh({self.task_id, getattr(self, "_loaded_task_id", None)}, day)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            rollups_refresh({self.task_id}, StatusClock.current_day())
        return deleted


class StatusClock(models.Model):
    """The day the stored statuses of occurrences are computed for (one row).

    `current_day()` brings the stored statuses up to today first (`advance_statuses`), so a
    write never mixes days; reads use the stored column only when it is current for their day.
    """

    as_of = models.DateField()

    class Meta:
        verbose_name = "Ngày tính tình trạng"

    def __str__(self) -> str:
        return f"{self.as_of:%d/%m/%Y}"

    @classmethod
    def current_day(cls) -> date:
        today = timezone.localdate()
        advance_statuses(today)
        return today


def status_is_stored_for(day: date) -> bool:
    # Once the stored statuses are the day's, they stay so for the rest of a request (the clock
    # only moves on to that day): a page asks several times and reads the clock once.
    return request_memo.remembered(
        ("status-stored", day),
        lambda: StatusClock.objects.filter(pk=1, as_of=day).exists(),
        keep=bool,
    )


def status_column(day: date, prefix: str = ""):
    """The status on `day` of an Occurrence (or a relation to it through `prefix`) as a database
    expression: the stored column when it holds that day's statuses, else the rule in SQL."""
    if status_is_stored_for(day):
        return models.F(f"{prefix}__stored_status" if prefix else "stored_status")
    return status_expression(day, prefix)


@transaction.atomic
def advance_statuses(day: date) -> int:
    """Bring the stored statuses to `day`: only rows whose `status_changes_on` has come are
    rewritten (one bounded UPDATE); going back in time (a restored backup) recomputes all."""
    if status_is_stored_for(day):
        return 0  # the usual case, without taking the clock's lock
    clock = StatusClock.objects.select_for_update().filter(pk=1).first()
    if clock is not None and clock.as_of == day:
        return 0
    rows = Occurrence.objects.all()
    if clock is not None and clock.as_of < day:
        rows = rows.filter(status_changes_on__lte=day)
    tasks = set(rows.values_list("task_id", flat=True).distinct())
    changed = rows.update(**_stored_values(day))
    StatusClock.objects.update_or_create(pk=1, defaults={"as_of": day})
    rollups_refresh(tasks, day)
    return changed


# --- roll-ups -----------------------------------------------------------------------------------


class StatusRollupQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.restrict(self, visible_q(user))


class StatusRollup(models.Model):
    """Counts of one task's periods by stored status, per lead unit and year of the due date.

    Kept in step by every write to occurrences (same transaction) and by `advance_statuses`;
    the aggregate pages (dashboard, plan pages, home) sum these rows instead of judging every
    period. The counts are those of `rates.count_by` on `StatusClock.as_of`; `rollups_rebuild`
    recomputes them from scratch. `year` is empty for periods without a due date.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    not_due = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    due_reported = models.PositiveIntegerField(default=0)

    objects = StatusRollupQuerySet.as_manager()

    class Meta:
        verbose_name = "Số liệu tổng hợp tình trạng"
        indexes = [
            models.Index(fields=["task", "unit"]),
            models.Index(fields=["plan", "unit"]),
            models.Index(fields=["unit", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} — {self.unit_id} — {self.year}"


def _rollup_rows(occurrences, day: date, *, recompute: bool = False) -> list:
    return rollup_rows(occurrences, day, StatusRollup, recompute=recompute)


CHUNK = 500


def rollups_refresh(task_ids, day: date) -> None:
    """Recompute the roll-ups of these tasks from their occurrences' stored statuses (and move
    the data version of cached figures forward, in the same transaction)."""
    ids = sorted(t for t in task_ids if t is not None)
    if ids:
        figures.bump(labels=["tracking"])
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        StatusRollup.objects.filter(task_id__in=chunk).delete()
        rows = _rollup_rows(Occurrence.objects.filter(task_id__in=chunk), day)
        StatusRollup.objects.bulk_create(rows, batch_size=1000)


def _key(row: StatusRollup) -> tuple:
    return (row.task_id, row.unit_id, row.year)


def rollup_differences(day: date) -> list[dict]:
    """Roll-up rows that differ from a recomputation over the occurrences as they are now."""
    expected = {_key(r): r for r in _rollup_rows(Occurrence.objects.all(), day, recompute=True)}
    stored = {_key(r): r for r in StatusRollup.objects.all()}
    out = []
    for key in sorted(expected.keys() | stored.keys(), key=str):
        want = expected.get(key)
        have = stored.get(key)
        want_counts = [getattr(want, k) for k in ROLLUP_COUNTS] if want else None
        have_counts = [getattr(have, k) for k in ROLLUP_COUNTS] if have else None
        if want_counts != have_counts or (want and have and want.plan_id != have.plan_id):
            out.append({"key": key, "stored": have_counts, "expected": want_counts})
    return out


@transaction.atomic
def rollups_rebuild(*, check: bool = False) -> dict:
    """Recompute stored statuses and roll-ups from scratch (with `check`: only compare).

    Returns the differences found before rebuilding: stored statuses that differ from the
    rule on the clock's day, and roll-up rows that differ from the occurrences.
    """
    clock = StatusClock.objects.filter(pk=1).first()
    day = clock.as_of if clock else timezone.localdate()
    found = {
        "day": day,
        "statuses": stored_status_differences(day),
        "rollups": rollup_differences(day),
    }
    if not check:
        today = timezone.localdate()
        Occurrence.objects.all().update(**_stored_values(today))
        StatusClock.objects.update_or_create(pk=1, defaults={"as_of": today})
        StatusRollup.objects.all().delete()
        rows = _rollup_rows(Occurrence.objects.all(), today)
        StatusRollup.objects.bulk_create(rows, batch_size=1000)
        figures.bump(labels=["tracking"])
    return found


def stored_status_differences(day: date) -> list[dict]:
    """Occurrences whose stored status or change date differs from the rule on `day`."""
    rows = Occurrence.objects.annotate(
        expected=status_expression(day), expected_change=status_changes_on_expression(day)
    ).values_list("pk", "stored_status", "status_changes_on", "expected", "expected_change")
    return [
        {"occurrence": pk, "stored": (st, ch), "expected": (est, ech)}
        for pk, st, ch, est, ech in rows.order_by("pk").iterator(chunk_size=5000)
        if (st, ch) != (est, ech)
    ]


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
        # The inbox lists one state newest first (submitted_at, then id): with the id in the
        # index PostgreSQL reads a page in index order and stops, with no sort.
        indexes = [models.Index(fields=["state", "submitted_at", "id"])]

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
    "StatusClock",
    "StatusRollup",
    "WorkStatus",
]
