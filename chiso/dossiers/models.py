"""One-stop dossier records, citizen feedback (PAKN), their monthly roll-up and KPI targets.

Raw records keep the dates the KPIs are defined on plus a few derived month columns (YYYYMM
integers computed at import) so that every KPI is a plain GROUP BY; KPI reads go to
`DossierMonthly`, never to the raw rows.
"""

from django.db import models
from django.db.models import Q

from chiso.core.models import TimeStampedModel
from chiso.orgs import access
from chiso.orgs.models import OrgUnit


class Kind(models.TextChoices):
    DOSSIER = "dossier", "Hồ sơ thủ tục hành chính"
    FEEDBACK = "feedback", "Phản ánh, kiến nghị"


class Source(TimeStampedModel):
    """A system the records come from; remembers how its export names the columns."""

    kind = models.CharField("Loại dữ liệu", max_length=10, choices=Kind.choices)
    name = models.CharField("Tên nguồn", max_length=120)
    header_map = models.JSONField("Tên cột của nguồn → cột chuẩn", default=dict, blank=True)

    class Meta:
        verbose_name = "Nguồn dữ liệu"
        verbose_name_plural = "Nguồn dữ liệu"
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_source")]

    def __str__(self) -> str:
        return self.name


class UnitNameMapping(TimeStampedModel):
    """An agency name as exports write it, mapped once to an org unit."""

    name_folded = models.CharField(max_length=255, unique=True)
    name_as_written = models.CharField("Tên trong tệp", max_length=255)
    unit = models.ForeignKey(OrgUnit, verbose_name="Đơn vị", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "Tên cơ quan đã đối chiếu"
        verbose_name_plural = "Tên cơ quan đã đối chiếu"


class Procedure(models.Model):
    code = models.CharField("Mã thủ tục", max_length=60, unique=True)
    name = models.CharField("Tên thủ tục", max_length=500, blank=True)
    field = models.CharField("Lĩnh vực", max_length=255, blank=True)

    class Meta:
        verbose_name = "Thủ tục hành chính"
        verbose_name_plural = "Thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name or self.code


class Channel(models.TextChoices):
    DIRECT = "direct", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POST = "post", "Bưu chính công ích"


class Outcome(models.IntegerChoices):
    PENDING = 0, "Đang giải quyết"
    EARLY = 1, "Trước hạn"
    ON_TIME = 2, "Đúng hạn"
    LATE = 3, "Trễ hạn"


class RecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        q = access.unit_scope_q(user, "unit", purpose="view")
        return self if q is None else self.filter(q)

    def in_subtree(self, unit: OrgUnit):
        return self.filter(unit__path__startswith=unit.path)


class Dossier(models.Model):
    """One dossier of the one-stop shop, as the dossier system exported it."""

    # No single-column indexes on the foreign keys: (source, code) and (unit, month) cover the
    # reads, and each index more costs a million-row import several seconds.
    # No database constraints on them either: on PostgreSQL a constraint is checked row by row at
    # commit (a million-row import spent a third of its time there). Every id written is resolved
    # by the import itself in the same transaction (its source, units looked up, procedures it
    # creates), and deletions go through Django, whose PROTECT refuses to delete a source,
    # procedure or unit that still has dossiers, constraint or not (test_integrity.py).
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
        db_constraint=False,
    )
    code = models.CharField("Mã hồ sơ", max_length=80)
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.PROTECT,
        verbose_name="Thủ tục",
        db_index=False,
        db_constraint=False,
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        verbose_name="Cơ quan giải quyết",
        db_index=False,
        db_constraint=False,
    )
    received_on = models.DateField("Ngày tiếp nhận")
    due_on = models.DateField("Ngày hẹn trả")
    returned_on = models.DateField("Ngày trả kết quả", null=True, blank=True)
    channel = models.CharField("Hình thức nộp", max_length=10, choices=Channel.choices)
    digitised = models.BooleanField("Số hóa", default=False)
    paid_online = models.BooleanField("Thanh toán trực tuyến", null=True, blank=True)
    apology = models.BooleanField("Phiếu xin lỗi", default=False)
    # Derived at import (see kpi.derive): months as YYYYMM, outcome by calendar date.
    recv_month = models.IntegerField()
    ret_month = models.IntegerField(null=True)
    od_open_month = models.IntegerField()
    od_close_month = models.IntegerField(null=True)
    outcome = models.SmallIntegerField(choices=Outcome.choices, default=Outcome.PENDING)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = "Hồ sơ"
        verbose_name_plural = "Hồ sơ"
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="unique_dossier_code")
        ]
        indexes = [
            models.Index(fields=["unit", "recv_month"], name="dossier_unit_recv"),
            models.Index(fields=["unit", "ret_month"], name="dossier_unit_ret"),
            # the few late dossiers without an apology, latest first (the service page's list)
            models.Index(
                fields=["-returned_on", "code"],
                condition=Q(outcome=Outcome.LATE, apology=False),
                name="dossier_late_no_apology",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class MonthlyCounters(models.Model):
    """The KPI counters of one month (see rollup.DOSSIER_FLOWS)."""

    month = models.IntegerField()
    received = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    payable = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    late_apology = models.IntegerField(default=0)
    # pending_overdue at a month's end = Σ over months ≤ it of (od_open − od_close).
    od_open = models.IntegerField(default=0)
    od_close = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DossierMonthly(MonthlyCounters):
    """Counters per unit × procedure × month; recomputed for the touched units at each import."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "procedure", "month"], name="unique_dossier_monthly"
            )
        ]
        indexes = [models.Index(fields=["month", "unit"], name="dossier_monthly_month")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.procedure_id}/{self.month}"


class DossierProcedureMonthly(MonthlyCounters):
    """The same counters per procedure × month, over every unit: the province's page reads its
    late procedures here (summing the unit × procedure rows took a third of its time)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "month"], name="unique_dossier_procedure_monthly"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id}/{self.month}"


class DossierUnitMonthly(MonthlyCounters):
    """The same counters per unit × month (summed over procedures): what KPI tables read."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="unique_dossier_unit_monthly")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.month}"


class Feedback(models.Model):
    """One citizen feedback or petition (phản ánh, kiến nghị)."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="feedback")
    code = models.CharField("Mã phản ánh", max_length=80)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, verbose_name="Cơ quan xử lý")
    received_on = models.DateField("Ngày tiếp nhận")
    due_on = models.DateField("Hạn xử lý")
    handled_on = models.DateField("Ngày xử lý xong", null=True, blank=True)
    channel = models.CharField("Kênh", max_length=120, blank=True)
    published = models.BooleanField("Công khai", default=False)
    satisfied = models.BooleanField("Hài lòng", null=True, blank=True)
    recv_month = models.IntegerField()
    ret_month = models.IntegerField(null=True)
    od_open_month = models.IntegerField()
    od_close_month = models.IntegerField(null=True)
    outcome = models.SmallIntegerField(choices=Outcome.choices, default=Outcome.PENDING)
    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = "Phản ánh, kiến nghị"
        verbose_name_plural = "Phản ánh, kiến nghị"
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="unique_feedback_code")
        ]
        indexes = [models.Index(fields=["unit", "recv_month"], name="feedback_unit_recv")]

    def __str__(self) -> str:
        return self.code


class RunState(models.TextChoices):
    QUEUED = "queued", "Đang chờ nhập"
    RUNNING = "running", "Đang nhập"
    DONE = "done", "Đã xử lý xong"
    FAILED = "failed", "Không nhập được"


ACTIVE_STATES = (RunState.QUEUED, RunState.RUNNING)


class ImportRun(TimeStampedModel):
    """An uploaded export and what importing it did; the import itself is a background job
    (see chiso/dossiers/jobs.py) whose state and progress this row shows."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="runs")
    file = models.FileField(upload_to="dossiers/%Y/")
    filename = models.CharField("Tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    skip_invalid = models.BooleanField("Bỏ qua dòng lỗi", default=False)
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    rows_read = models.IntegerField("Số dòng đã đọc", default=0)
    message = models.CharField(max_length=255, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    rejected_file = models.FileField(upload_to="dossiers/rejected/%Y/", blank=True)

    class Meta:
        verbose_name = "Lần nhập dữ liệu"
        verbose_name_plural = "Lần nhập dữ liệu"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same file sent twice by the same person while the first is under way: one job.
            models.UniqueConstraint(
                fields=["created_by", "kind", "source", "sha256", "skip_invalid"],
                condition=Q(state__in=["queued", "running"]) & ~Q(sha256=""),
                name="unique_active_dossier_import",
            )
        ]

    @property
    def is_finished(self) -> bool:
        return self.state in (RunState.DONE, RunState.FAILED)

    @property
    def imported(self) -> bool:
        return self.state == RunState.DONE and bool(self.result.get("written"))


class KpiTarget(TimeStampedModel):
    """A plan target bound once to a KPI (">99% hồ sơ đúng hạn" → on_time_rate ≥ 99)."""

    unit = models.ForeignKey(OrgUnit, verbose_name="Áp dụng cho", on_delete=models.CASCADE)
    kpi = models.CharField("Chỉ số", max_length=40)
    op = models.CharField("So sánh", max_length=2, choices=[(">=", "≥"), (">", ">"), ("<=", "≤")])
    value = models.DecimalField("Giá trị (%)", max_digits=5, decimal_places=2)
    label = models.CharField("Chỉ tiêu trong kế hoạch", max_length=500)
    task = models.ForeignKey(
        "plans.Task", null=True, blank=True, on_delete=models.SET_NULL, verbose_name="Nhiệm vụ"
    )

    class Meta:
        verbose_name = "Chỉ tiêu gắn với chỉ số"
        verbose_name_plural = "Chỉ tiêu gắn với chỉ số"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kpi"], name="unique_kpi_target"),
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=100), name="kpi_target_percent"
            ),
        ]
