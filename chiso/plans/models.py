"""A plan (kế hoạch), its tasks and who is assigned to them, as the document states it."""

from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.lib.text import sentence_title
from chiso.core.models import TimeStampedModel
from chiso.frameworks.vocabulary import IndexCode
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role, UnitGroup
from chiso.plans.vocabulary import AssignmentRole  # noqa: F401  (also imported from here)


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Đang thực hiện"
    CLOSED = "closed", "Đã kết thúc"


class ReportingFrequency(models.TextChoices):
    MONTH = "month", "Hằng tháng"
    QUARTER = "quarter", "Hằng quý"
    HALF_YEAR = "half_year", "6 tháng"
    YEAR = "year", "Hằng năm"


def _assigned_to_user_q(user) -> models.Q:
    """Assignments to units the user oversees (subtree roles) or is an officer of."""
    return access.subtree_roles_q(user, "unit", access.SUBTREE_ROLES) | models.Q(
        unit_id__in=access.own_unit_ids(user)
    )


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans of units the user oversees, and plans assigning work to the user's units."""
        if access.is_admin(user):
            return self
        assigned = TaskAssignment.objects.filter(_assigned_to_user_q(user))
        return self.filter(
            access.subtree_roles_q(user, "owner_unit", access.SUBTREE_ROLES)
            | models.Q(pk__in=assigned.values("task__plan_id"))
        )

    def managed_by(self, user):
        """Plans whose owner unit lies in a coordinator scope of the user."""
        if access.is_admin(user):
            return self
        return self.filter(access.subtree_roles_q(user, "owner_unit", {Role.COORDINATOR}))


class Plan(TimeStampedModel):
    number = models.CharField("Số, ký hiệu", max_length=60, blank=True)
    issuer = models.CharField("Cơ quan ban hành", max_length=255, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị chủ quản",
        help_text="Kế hoạch thuộc phạm vi đơn vị này (ví dụ UBND tỉnh).",
        on_delete=models.PROTECT,
        related_name="plans",
    )
    coordinator_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Cơ quan theo dõi chung",
        help_text="Cơ quan tổng hợp, thẩm định báo cáo khi nhiệm vụ không ghi cơ quan theo dõi.",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
    )
    monitoring_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Cơ quan thường trực theo dõi",
        help_text=(
            "Thẩm định báo cáo của nhiệm vụ không ghi cơ quan theo dõi, hoặc ghi chính đơn vị chủ "
            "trì. Để trống: cơ quan theo dõi chung."
        ),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitored_plans",
    )
    place = models.CharField("Địa danh", max_length=100, blank=True)
    date = models.DateField("Ngày ban hành", null=True, blank=True)
    title = models.TextField("Trích yếu")
    period_start = models.DateField("Thực hiện từ")
    period_end = models.DateField("Thực hiện đến")
    status = models.CharField(
        "Trạng thái", max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    source_file = models.FileField("Văn bản gốc", upload_to="plans/%Y/", blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    reporting_frequency = models.CharField(
        "Kỳ báo cáo nhiệm vụ thường xuyên",
        max_length=20,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.QUARTER,
        help_text="Nhiệm vụ “Thường xuyên” được báo cáo một lần mỗi kỳ này.",
    )

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "Kế hoạch"
        verbose_name_plural = "Kế hoạch"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_ordered",
            ),
            # One plan per document and owner, even when imports of the same file race.
            models.UniqueConstraint(
                fields=["owner_unit", "source_sha256"],
                condition=~models.Q(source_sha256=""),
                name="unique_plan_source_per_owner",
                violation_error_message="Kế hoạch này đã được nhập trước đó.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title[:80]}" if self.number else self.title[:100]

    @property
    def display_title(self) -> str:
        """The title as a sentence, for a plan stored with its heading in capitals."""
        return sentence_title(self.title)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tasks of plans the user oversees, plus tasks assigned to the user's own units."""
        if access.is_admin(user):
            return self
        assigned = TaskAssignment.objects.filter(_assigned_to_user_q(user))
        return self.filter(
            access.subtree_roles_q(user, "plan__owner_unit", access.SUBTREE_ROLES)
            | models.Q(pk__in=assigned.values("task_id"))
        )


class Task(TimeStampedModel):
    """One task (nhiệm vụ) of a plan. `deadline` holds the structured value of plans.deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField("Thứ tự", default=0)
    number = models.CharField("Số thứ tự trong văn bản", max_length=40, blank=True)
    section_path = models.JSONField("Mục", default=list, blank=True)
    appendix = models.CharField("Phụ lục", max_length=255, blank=True)
    index_code = models.CharField("Chỉ số", max_length=20, choices=IndexCode.choices, blank=True)
    component_text = models.CharField(
        "Chỉ số thành phần (như văn bản ghi)", max_length=500, blank=True
    )
    content = models.TextField("Nội dung nhiệm vụ")
    content_original = models.TextField("Nội dung gốc (trước khi khôi phục dấu)", blank=True)
    expected_output = models.TextField("Chỉ tiêu, kết quả, sản phẩm", blank=True)
    target_value = models.DecimalField(
        "Chỉ tiêu (số)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField("Đơn vị tính của chỉ tiêu", max_length=40, blank=True)
    deadline = models.JSONField("Thời hạn (cấu trúc)", default=dict, blank=True)
    deadline_raw = models.CharField("Thời hạn (như văn bản ghi)", max_length=500, blank=True)
    deadline_kind = models.CharField("Loại thời hạn", max_length=20, blank=True)
    due_date = models.DateField("Hạn cuối", null=True, blank=True, db_index=True)
    is_cancelled = models.BooleanField("Không thực hiện, dừng", default=False)
    cancel_reason = models.TextField("Lý do dừng", blank=True)

    history = HistoricalRecords()
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "Nhiệm vụ"
        verbose_name_plural = "Nhiệm vụ"
        ordering = ["plan", "order", "pk"]
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self) -> str:
        return f"{self.number} {self.content[:80]}".strip()


class TaskAssignment(TimeStampedModel):
    """A unit (or a group, until it is split) named for a task in one of the three roles."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField("Vai trò", max_length=20, choices=AssignmentRole.choices)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    group = models.ForeignKey(
        UnitGroup,
        verbose_name="Nhóm đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    name_as_written = models.CharField("Tên trong văn bản", max_length=500, blank=True)
    from_group = models.ForeignKey(
        UnitGroup,
        verbose_name="Tách từ nhóm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Phân công"
        verbose_name_plural = "Phân công"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(group__isnull=False),
                name="assignment_has_target",
            ),
            models.UniqueConstraint(
                fields=["task", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="unique_unit_assignment",
            ),
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        target = self.unit or self.group
        return f"{self.get_role_display()}: {target}"
