"""Index frameworks as versioned component trees, results and targets per unit and year.

Numbers that are not confirmed by a primary source (most component maxima, SIPAS formula...)
live here as editable data, never in code. How a framework's total is computed is data too
(`Framework.aggregation`); the arithmetic is in `scoring.py`.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.lib.text import fold
from chiso.core.models import TimeStampedModel
from chiso.frameworks.vocabulary import IndexCode  # noqa: F401  (also imported from here)
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role

# Plans sit above frameworks: the few references from here to a plan or a task (the plan a
# target or result was read from, the tasks serving a component) name the model as a string so
# that this module never imports plans.
PLAN = "plans.Plan"
TASK = "plans.Task"


class Aggregation(models.TextChoices):
    SUM = "sum", "Tổng điểm các thành phần"
    WEIGHTED_MEAN = "weighted_mean", "Bình quân gia quyền theo trọng số"
    PERCENT_OF_MAX = "percent_of_max", "Tỷ lệ % trên điểm tối đa"
    OBSERVED = "observed", "Không tự tính: dùng giá trị công bố"


class Level(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DEPARTMENT = "department", "Sở, ban, ngành"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class FrameworkQuerySet(models.QuerySet):
    def current(self):
        """The newest version of each framework code (by valid_from, then id)."""
        newer = self.model.objects.filter(
            code=models.OuterRef("code"), valid_from__gt=models.OuterRef("valid_from")
        )
        return self.exclude(models.Exists(newer))

    def visible_to(self, user):
        """National frameworks for everyone signed in; a local one with its owner unit."""
        if access.is_admin(user):
            return self
        return self.filter(
            models.Q(owner_unit__isnull=True) | models.Q(owner_unit__in=access.visible_units(user))
        )

    def managed_by(self, user):
        """Local frameworks of managed units; national ones for province-wide coordinators."""
        if access.is_admin(user):
            return self
        province_coordinator = any(
            m.role == Role.COORDINATOR and m.scope_unit.parent_id is None
            for m in access.memberships(user)
        )
        q = models.Q(owner_unit__in=access.managed_units(user))
        if province_coordinator:
            q |= models.Q(owner_unit__isnull=True)
        return self.filter(q)


class UnitScopedQuerySet(models.QuerySet):
    """Results and targets follow their unit: seen with the unit, written by its managers."""

    def visible_to(self, user):
        return access.restrict(self, access.unit_scope_q(user, "unit", purpose="view"))

    def managed_by(self, user):
        return access.restrict(self, access.unit_scope_q(user, "unit", purpose="manage"))


class Framework(TimeStampedModel):
    code = models.CharField("Mã bộ chỉ số", max_length=60)
    index_code = models.CharField("Chỉ số", max_length=20, choices=IndexCode.choices)
    name = models.CharField("Tên", max_length=300)
    level = models.CharField(
        "Áp dụng cho", max_length=20, choices=Level.choices, default=Level.PROVINCE
    )
    version_label = models.CharField("Phiên bản", max_length=120)
    decision = models.CharField("Căn cứ (quyết định)", max_length=200, blank=True)
    valid_from = models.DateField("Áp dụng từ", null=True, blank=True)
    aggregation = models.CharField(
        "Cách tính điểm tổng", max_length=20, choices=Aggregation.choices
    )
    total_max = models.DecimalField(
        "Điểm tổng tối đa", max_digits=8, decimal_places=3, null=True, blank=True
    )
    unit_label = models.CharField("Đơn vị đo", max_length=20, blank=True, default="điểm")
    is_local = models.BooleanField("Bộ chỉ số của địa phương", default=False)
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị ban hành (bộ chỉ số địa phương)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    note = models.TextField("Ghi chú, nguồn", blank=True)

    history = HistoricalRecords()
    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = "Bộ chỉ số"
        verbose_name_plural = "Bộ chỉ số"
        ordering = ["index_code", "code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version_label"], name="unique_fw_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version_label})"


class Component(TimeStampedModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="components")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField("Mã", max_length=40)
    name = models.CharField("Tên chỉ số thành phần", max_length=500)
    max_points = models.DecimalField(
        "Điểm tối đa", max_digits=8, decimal_places=3, null=True, blank=True
    )
    weight = models.DecimalField("Trọng số", max_digits=6, decimal_places=4, null=True, blank=True)
    order = models.PositiveIntegerField("Thứ tự", default=0)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    confirmed = models.BooleanField("Đã đối chiếu nguồn chính thức", default=False)
    evidence = models.TextField("Nguồn, ghi chú", blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Chỉ số thành phần"
        verbose_name_plural = "Chỉ số thành phần"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_component_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)[:600]
        super().save(*args, **kwargs)


class Source(models.TextChoices):
    PUBLISHED = "published", "Kết quả công bố chính thức"
    SELF_ASSESSMENT = "self_assessment", "Tự đánh giá"
    SURVEY = "survey", "Điều tra, khảo sát"
    PLAN_DOCUMENT = "plan_document", "Số liệu trong kế hoạch"
    REFERENCE = "reference", "Số liệu tham chiếu"
    # The province's own measurement between official editions (chiso.surveys); shown beside the
    # official result, never in its place.
    INTERNAL_SURVEY = "internal_survey", "Khảo sát nội bộ"


class Result(TimeStampedModel):
    """A score of a unit for a component (or, with component empty, the index total) in a year."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="index_results")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="results")
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.CASCADE, related_name="results"
    )
    year = models.PositiveSmallIntegerField("Năm đánh giá")
    score = models.DecimalField("Điểm, giá trị", max_digits=9, decimal_places=4)
    max_score = models.DecimalField(
        "Điểm tối đa", max_digits=9, decimal_places=4, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField("Xếp hạng", null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField("Trên tổng số", null=True, blank=True)
    source = models.CharField("Nguồn", max_length=20, choices=Source.choices)
    source_plan = models.ForeignKey(
        PLAN, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "Kết quả chỉ số"
        verbose_name_plural = "Kết quả chỉ số"
        ordering = ["framework", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "framework", "component", "year", "source"],
                name="unique_result_component",
                condition=models.Q(component__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["unit", "framework", "year", "source"],
                name="unique_result_total",
                condition=models.Q(component__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["unit", "framework", "year"])]

    def __str__(self) -> str:
        what = self.component.code if self.component_id else "Tổng"
        return f"{self.framework.code} {what} {self.year}: {self.score}"


class Target(TimeStampedModel):
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="index_targets")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="targets")
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("Năm mục tiêu")
    value = models.DecimalField(
        "Giá trị mục tiêu", max_digits=9, decimal_places=4, null=True, blank=True
    )
    rank_text = models.CharField("Mục tiêu xếp hạng", max_length=120, blank=True)
    source_plan = models.ForeignKey(
        PLAN, null=True, blank=True, on_delete=models.SET_NULL, related_name="index_targets"
    )

    history = HistoricalRecords()
    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "Mục tiêu chỉ số"
        verbose_name_plural = "Mục tiêu chỉ số"
        ordering = ["framework", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "framework", "component", "year"],
                name="unique_target_component",
                condition=models.Q(component__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["unit", "framework", "year"],
                name="unique_target_total",
                condition=models.Q(component__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        what = self.component.code if self.component_id else "Tổng"
        return f"{self.framework.code} {what} → {self.year}: {self.value}"


class TaskComponent(TimeStampedModel):
    """Which component(s) of an index a task serves (set by the importer, editable)."""

    task = models.ForeignKey(TASK, on_delete=models.CASCADE, related_name="component_links")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="task_links")
    matched_text = models.CharField("Theo văn bản", max_length=500, blank=True)
    score = models.PositiveSmallIntegerField("Độ khớp (%)", default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Nhiệm vụ phục vụ chỉ số thành phần"
        verbose_name_plural = "Nhiệm vụ phục vụ chỉ số thành phần"
        constraints = [
            models.UniqueConstraint(fields=["task", "component"], name="unique_task_component")
        ]


class BenchmarkProvince(models.Model):
    """A province as national index tables name it (the 63 before 1 July 2025, the 34 after)."""

    name = models.CharField("Tỉnh, thành phố", max_length=100)
    region = models.CharField("Vùng", max_length=100, blank=True)
    active_from = models.DateField("Hoạt động từ", null=True, blank=True)
    active_to = models.DateField("Hoạt động đến", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="Hợp nhất vào (từ 01/7/2025)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    search_text = models.CharField(max_length=120, editable=False, default="")

    class Meta:
        verbose_name = "Tỉnh (số liệu tham chiếu)"
        verbose_name_plural = "Tỉnh (số liệu tham chiếu)"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "active_to"], name="unique_benchmark_province")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)


class BenchmarkResult(models.Model):
    """A published national result of one province (reference data, e.g. PAPI 2011–2024)."""

    province = models.ForeignKey(
        BenchmarkProvince, on_delete=models.CASCADE, related_name="results"
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="benchmark_results"
    )
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("Năm")
    score = models.DecimalField("Điểm", max_digits=10, decimal_places=6)
    source = models.CharField("Nguồn", max_length=200, blank=True)

    class Meta:
        verbose_name = "Kết quả tham chiếu toàn quốc"
        verbose_name_plural = "Kết quả tham chiếu toàn quốc"
        indexes = [models.Index(fields=["framework", "year", "component"])]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "framework", "component", "year"],
                name="unique_benchmark_component",
                condition=models.Q(component__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["province", "framework", "year"],
                name="unique_benchmark_total",
                condition=models.Q(component__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        what = self.component.code if self.component_id else "Tổng"
        return f"{self.province} {self.year} {what}: {self.score}"
