"""Inspections (kiểm tra CCHC) with their recommendations, initiatives (sáng kiến) and dialogues
(đối thoại) with their commitments.

Recommendations and commitments are followed up as tasks of an ordinary plan (`plans.Task`, lead
= the unit that must act, monitoring = the body that follows up); whether one is closed, on time
or late is read from the task's occurrence, never stored here.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.models import TimeStampedModel
from chiso.frameworks.models import Component
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role, UnitGroup
from chiso.plans.models import Plan, Task

MANAGERS = {Role.COORDINATOR}


def _unit_visible_q(user, field: str) -> models.Q | None:
    return access.unit_scope_q(user, field, purpose="view")


class InspectionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans of units the user oversees, and plans inspecting a unit the user sees."""
        if access.is_admin(user):
            return self
        inspected = Inspection.objects.filter(_unit_visible_q(user, "unit"))
        return self.filter(
            access.subtree_roles_q(user, "owner_unit", access.SUBTREE_ROLES)
            | models.Q(pk__in=inspected.values("inspection_plan_id"))
        ).distinct()

    def managed_by(self, user):
        if access.is_admin(user):
            return self
        return self.filter(access.subtree_roles_q(user, "owner_unit", MANAGERS))


class InspectionPlan(TimeStampedModel):
    """The year's plan of administrative-reform inspections (kế hoạch kiểm tra CCHC)."""

    year = models.PositiveSmallIntegerField("Năm")
    title = models.CharField("Tên kế hoạch", max_length=300)
    number = models.CharField("Số, ký hiệu", max_length=60, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Cấp ban hành",
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    inspecting_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Cơ quan kiểm tra, theo dõi kiến nghị",
        on_delete=models.PROTECT,
        related_name="inspecting_plans",
    )
    group = models.ForeignKey(
        UnitGroup,
        verbose_name="Nhóm đơn vị thuộc phạm vi kiểm tra",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    units = models.ManyToManyField(
        OrgUnit, verbose_name="Danh sách đơn vị thuộc phạm vi", blank=True, related_name="+"
    )
    target_percent = models.PositiveSmallIntegerField("Tỉ lệ đơn vị phải kiểm tra (%)", default=30)
    follow_up_plan = models.OneToOneField(
        Plan,
        verbose_name="Kế hoạch theo dõi thực hiện kiến nghị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_plan",
    )

    history = HistoricalRecords(m2m_fields=[units])
    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "Kế hoạch kiểm tra"
        verbose_name_plural = "Kế hoạch kiểm tra"
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_percent__gte=1, target_percent__lte=100),
                name="inspection_target_percent_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if access.is_admin(user):
            return self
        return self.filter(
            access.subtree_roles_q(user, "inspection_plan__owner_unit", access.SUBTREE_ROLES)
            | _unit_visible_q(user, "unit")
        )

    def managed_by(self, user):
        if access.is_admin(user):
            return self
        return self.filter(access.subtree_roles_q(user, "inspection_plan__owner_unit", MANAGERS))


class Inspection(TimeStampedModel):
    """One planned inspection of a unit and, once held, its record."""

    inspection_plan = models.ForeignKey(
        InspectionPlan, on_delete=models.CASCADE, related_name="inspections"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị được kiểm tra", on_delete=models.PROTECT, related_name="+"
    )
    planned_on = models.DateField("Thời gian dự kiến", null=True, blank=True)
    team = models.CharField("Đoàn kiểm tra", max_length=300, blank=True)
    content = models.TextField("Nội dung kiểm tra", blank=True)
    inspected_on = models.DateField("Ngày kiểm tra", null=True, blank=True)
    members = models.TextField("Thành phần đoàn", blank=True)
    findings = models.TextField("Kết quả kiểm tra, tồn tại, hạn chế", blank=True)
    conclusion = models.FileField(
        "Văn bản kết luận", upload_to="inspections/%Y/", max_length=255, blank=True
    )
    conclusion_name = models.CharField("Tên tệp kết luận", max_length=255, blank=True)
    conclusion_type = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "Cuộc kiểm tra"
        verbose_name_plural = "Cuộc kiểm tra"
        ordering = ["planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection_plan", "unit"],
                name="unique_inspection_unit",
                violation_error_message="Đơn vị này đã có trong kế hoạch kiểm tra.",
            )
        ]

    def __str__(self) -> str:
        return f"Kiểm tra {self.unit}"

    @property
    def is_done(self) -> bool:
        return self.inspected_on is not None


class FollowUpQuerySet(models.QuerySet):
    """Recommendations and commitments follow their inspection or dialogue."""

    parent_field = ""

    def visible_to(self, user):
        parent = self.model._meta.get_field(self.parent_field).related_model
        return self.filter(**{f"{self.parent_field}__in": parent.objects.visible_to(user)})


class RecommendationQuerySet(FollowUpQuerySet):
    parent_field = "inspection"


class Recommendation(TimeStampedModel):
    """A recommendation (kiến nghị) of an inspection; followed up as `task`."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    content = models.TextField("Nội dung kiến nghị")
    deadline = models.DateField("Thời hạn thực hiện")
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, related_name="recommendation", editable=False
    )

    history = HistoricalRecords()
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "Kiến nghị sau kiểm tra"
        verbose_name_plural = "Kiến nghị sau kiểm tra"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.content[:100]


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", "Đề xuất"
    UNDER_REVIEW = "under_review", "Đang xem xét"
    RECOGNISED = "recognised", "Được công nhận"
    NOT_RECOGNISED = "not_recognised", "Không được công nhận"


class RecognitionLevel(models.TextChoices):
    BASE = "base", "Cấp cơ sở"
    PROVINCE = "province", "Cấp tỉnh"
    MINISTRY = "ministry", "Cấp bộ, ngành"
    NATIONAL = "national", "Cấp toàn quốc"


class UnitScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        return access.restrict(self, _unit_visible_q(user, "unit"))

    def managed_by(self, user):
        return access.restrict(self, access.unit_scope_q(user, "unit", purpose="manage"))


class Initiative(TimeStampedModel):
    """An initiative or new solution in administrative reform (sáng kiến, giải pháp mới)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="initiatives"
    )
    year = models.PositiveSmallIntegerField("Năm")
    title = models.CharField("Tên sáng kiến", max_length=300)
    field = models.CharField("Lĩnh vực", max_length=200, blank=True)
    summary = models.TextField("Tóm tắt nội dung", blank=True)
    status = models.CharField(
        "Trạng thái",
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PROPOSED,
    )
    recognition_level = models.CharField(
        "Cấp công nhận", max_length=20, choices=RecognitionLevel.choices, blank=True
    )
    decision_number = models.CharField("Số quyết định công nhận", max_length=60, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    component = models.ForeignKey(
        Component,
        verbose_name="Tiêu chí Chỉ số CCHC được tính điểm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence = models.FileField(
        "Tài liệu minh chứng", upload_to="initiatives/%Y/", max_length=255, blank=True
    )
    evidence_name = models.CharField("Tên tệp minh chứng", max_length=255, blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)

    history = HistoricalRecords()
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "Sáng kiến"
        verbose_name_plural = "Sáng kiến"
        ordering = ["-year", "unit__path", "pk"]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return self.title


class Audience(models.TextChoices):
    CITIZENS = "citizens", "Người dân"
    BUSINESSES = "businesses", "Doanh nghiệp"
    COMMUNE = "commune", "Một xã, phường"


class Dialogue(TimeStampedModel):
    """A dialogue of a unit's leaders with citizens or businesses (hội nghị đối thoại)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị tổ chức", on_delete=models.PROTECT, related_name="dialogues"
    )
    held_on = models.DateField("Ngày đối thoại")
    chair = models.CharField("Người chủ trì", max_length=200)
    audience = models.CharField("Đối tượng", max_length=20, choices=Audience.choices)
    audience_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Xã, phường đối thoại",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topics = models.TextField("Chủ đề")
    participants = models.PositiveIntegerField("Số người tham dự", default=0)
    questions = models.TextField("Ý kiến, câu hỏi được nêu", blank=True)
    monitoring_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Cơ quan theo dõi thực hiện cam kết",
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "Hội nghị đối thoại"
        verbose_name_plural = "Hội nghị đối thoại"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self) -> str:
        return f"Đối thoại {self.held_on:%d/%m/%Y} — {self.unit}"


class CommitmentQuerySet(FollowUpQuerySet):
    parent_field = "dialogue"


class Commitment(TimeStampedModel):
    """A commitment made at a dialogue (cam kết); followed up as `task`."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    content = models.TextField("Nội dung cam kết")
    deadline = models.DateField("Thời hạn thực hiện")
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, related_name="commitment", editable=False
    )

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = "Cam kết tại đối thoại"
        verbose_name_plural = "Cam kết tại đối thoại"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.content[:100]


class FollowUpPlan(models.Model):
    """The plan that follows up a year's dialogue commitments of one owner (the province)."""

    year = models.PositiveSmallIntegerField("Năm")
    owner_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Kế hoạch theo dõi cam kết đối thoại"
        verbose_name_plural = "Kế hoạch theo dõi cam kết đối thoại"
        constraints = [
            models.UniqueConstraint(fields=["year", "owner_unit"], name="unique_follow_up_plan")
        ]

    def __str__(self) -> str:
        return f"{self.owner_unit} — {self.year}"


class DialogueTargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(group__in=access.visible_groups(user))

    def managed_by(self, user):
        if access.is_admin(user):
            return self
        return self.filter(access.subtree_roles_q(user, "group__scope", MANAGERS))


class DialogueTarget(TimeStampedModel):
    """How many dialogues each unit of a group is expected to hold in a year and a quarter."""

    year = models.PositiveSmallIntegerField("Năm")
    group = models.ForeignKey(
        UnitGroup, verbose_name="Nhóm đơn vị", on_delete=models.CASCADE, related_name="+"
    )
    per_year = models.PositiveSmallIntegerField("Số cuộc mỗi năm", default=1)
    per_quarter = models.PositiveSmallIntegerField("Số cuộc mỗi quý", default=0)

    history = HistoricalRecords()
    objects = DialogueTargetQuerySet.as_manager()

    class Meta:
        verbose_name = "Chỉ tiêu đối thoại"
        verbose_name_plural = "Chỉ tiêu đối thoại"
        ordering = ["-year", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "group"],
                name="unique_dialogue_target",
                violation_error_message="Nhóm này đã có chỉ tiêu đối thoại của năm.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} — {self.year}"
