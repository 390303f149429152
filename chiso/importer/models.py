"""Import jobs (an uploaded plan document and its draft) and remembered agency mappings."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.models import TimeStampedModel
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, UnitGroup


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An import is seen and confirmed by whoever manages its owner unit."""
        return access.restrict(self, access.unit_scope_q(user, "owner_unit", purpose="manage"))


class JobState(models.TextChoices):
    PARSING = "parsing", "Đang đọc tài liệu"
    READY = "ready", "Chờ kiểm tra"
    FAILED = "failed", "Không đọc được"
    CONFIRMED = "confirmed", "Đã tạo kế hoạch"


class ImportJob(TimeStampedModel):
    """One uploaded document on its way to becoming a plan: stored file, draft, outcome."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị chủ quản",
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    file = models.FileField("Tệp tải lên", upload_to="imports/%Y/%m/")
    filename = models.CharField("Tên tệp", max_length=255)
    size = models.PositiveIntegerField("Dung lượng (byte)", default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    state = models.CharField(
        "Trạng thái", max_length=20, choices=JobState.choices, default=JobState.PARSING
    )
    progress = models.PositiveSmallIntegerField("Tiến độ (%)", default=0)
    error_message = models.TextField("Lỗi", blank=True)
    task_id = models.CharField("Mã việc nền", max_length=64, blank=True)
    draft = models.JSONField("Bản nháp", default=dict, blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name="Kế hoạch đã tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )

    history = HistoricalRecords(excluded_fields=["draft", "progress"])
    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "Lượt nhập kế hoạch"
        verbose_name_plural = "Lượt nhập kế hoạch"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class AgencyMapping(TimeStampedModel):
    """A name as documents write it, mapped once by a user to a unit or group of a scope."""

    scope = models.ForeignKey(
        OrgUnit,
        verbose_name="Phạm vi",
        on_delete=models.CASCADE,
        related_name="agency_mappings",
    )
    name_folded = models.CharField(max_length=500, editable=False)
    name_as_written = models.CharField("Tên trong văn bản", max_length=500)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.ForeignKey(
        UnitGroup,
        verbose_name="Nhóm đơn vị",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Ánh xạ tên cơ quan"
        verbose_name_plural = "Ánh xạ tên cơ quan"
        constraints = [
            models.UniqueConstraint(fields=["scope", "name_folded"], name="unique_agency_mapping"),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(group__isnull=False),
                name="agency_mapping_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_as_written} → {self.unit or self.group}"
