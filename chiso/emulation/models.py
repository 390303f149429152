"""Emulation scoring models (one per year and unit group, set by the coordinator as data) and the
results frozen with them.

A model is a draft while the coordinator adjusts it (the ranking is computed live from the
modules' data); once frozen, each unit's score, rank, classification and component breakdown are
stored in `EmulationResult` and never recomputed, whatever the data does afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.models import TimeStampedModel
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, UnitGroup


class ModelState(models.TextChoices):
    DRAFT = "draft", "Đang xây dựng"
    FROZEN = "frozen", "Đã chốt"


class EmulationModelQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The models of the groups the user sees: coordinators, leaders and appraisers those of
        their scope, an officer those of groups defined at or above their unit (and only their own
        unit's row in them, see `EmulationResult.objects.visible_to`)."""
        if access.is_admin(user):
            return self
        return self.filter(group__in=access.visible_groups(user))

    def managed_by(self, user):
        """The coordinator of the group's scope sets, adjusts and freezes the model."""
        return access.restrict(self, access.unit_scope_q(user, "group__scope", purpose="manage"))


class EmulationModel(TimeStampedModel):
    year = models.PositiveSmallIntegerField("Năm")
    group = models.ForeignKey(
        UnitGroup, verbose_name="Nhóm đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("Tên bảng tiêu chí", max_length=255)
    state = models.CharField(
        "Trạng thái", max_length=10, choices=ModelState.choices, default=ModelState.DRAFT
    )
    excellent_from = models.DecimalField(
        "Hoàn thành xuất sắc nhiệm vụ từ (điểm)", max_digits=5, decimal_places=2, default=90
    )
    good_from = models.DecimalField(
        "Hoàn thành tốt nhiệm vụ từ (điểm)", max_digits=5, decimal_places=2, default=75
    )
    done_from = models.DecimalField(
        "Hoàn thành nhiệm vụ từ (điểm)", max_digits=5, decimal_places=2, default=50
    )
    # Optimistic locking: every change to the model or its components raises it by one; a
    # write carrying the version its page was loaded with is refused when it moved since.
    version = models.PositiveIntegerField("Phiên bản", default=1)
    frozen_at = models.DateTimeField("Chốt lúc", null=True, blank=True)
    frozen_on = models.DateField("Số liệu tính đến ngày", null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người chốt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EmulationModelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Bảng tiêu chí thi đua"
        verbose_name_plural = "Bảng tiêu chí thi đua"
        ordering = ["-year", "group__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "group"], name="emulation_model_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.state == ModelState.FROZEN


class Component(models.Model):
    model = models.ForeignKey(EmulationModel, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    code = models.CharField("Mã", max_length=20)
    name = models.CharField("Tên tiêu chí", max_length=255)
    weight = models.DecimalField("Trọng số (điểm)", max_digits=6, decimal_places=2)
    source = models.CharField("Nguồn số liệu", max_length=40)
    params = models.JSONField("Tham số", default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Tiêu chí thi đua"
        verbose_name_plural = "Tiêu chí thi đua"
        ordering = ["model", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="emulation_component_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class EmulationResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators and leaders see every unit in their scope; an officer its own unit."""
        return access.restrict(self, access.unit_scope_q(user, "unit", purpose="view"))


class EmulationResult(models.Model):
    """One unit's result, stored when the model is frozen and never recomputed."""

    model = models.ForeignKey(EmulationModel, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=255)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    classification = models.CharField(max_length=60, blank=True)
    partial = models.BooleanField(default=False)
    note = models.CharField(max_length=255, blank=True)
    ended = models.DateField(null=True, blank=True)
    # [{code, name, weight, kind, value, points, detail}] with decimals as strings.
    components = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)

    objects = EmulationResultQuerySet.as_manager()

    class Meta:
        verbose_name = "Kết quả thi đua của đơn vị"
        verbose_name_plural = "Kết quả thi đua của đơn vị"
        ordering = ["model", "position"]
        constraints = [
            models.UniqueConstraint(fields=["model", "unit"], name="emulation_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} — {self.model}"
