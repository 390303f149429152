"""Org units as a tree of any depth, the groups documents name, and who holds which role where."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from chiso.core.lib.text import fold
from chiso.core.models import TimeStampedModel
from chiso.core.roles import Role  # noqa: F401  (memberships store it; imported from here)


class UnitType(models.TextChoices):
    PROVINCE = "province", "Tỉnh, thành phố"
    DEPARTMENT = "department", "Sở, ban, ngành"
    DISTRICT = "district", "Huyện, thị xã, thành phố thuộc tỉnh"
    COMMUNE = "commune", "Xã, phường, thị trấn"
    OFFICE = "office", "Phòng, ban chuyên môn"
    SECTOR = "sector", "Cơ quan ngành dọc"
    OTHER = "other", "Khác"


def active_q(day: date) -> models.Q:
    """Units in operation on `day` (both ends inclusive, open ends unbounded)."""
    return (models.Q(active_from__isnull=True) | models.Q(active_from__lte=day)) & (
        models.Q(active_to__isnull=True) | models.Q(active_to__gte=day)
    )


class OrgUnitQuerySet(models.QuerySet):
    def active_on(self, day: date):
        """Units that exist on `day`: the old tree for a past day, the new one for today."""
        return self.filter(active_q(day))

    def active(self):
        """Units that exist today: what every "chọn đơn vị" list offers."""
        return self.active_on(timezone.localdate())

    def active_or(self, *keep):
        """Units that exist today, plus `keep` (units or ids): a value chosen before the unit
        was dissolved stays selectable on the form that edits it."""
        ids = [getattr(k, "pk", k) for k in keep if k]
        return self.filter(active_q(timezone.localdate()) | models.Q(pk__in=ids))

    def dissolved_on(self, day: date):
        """Units whose end date has passed on `day` (merged, split, abolished before it)."""
        return self.filter(active_to__lt=day)

    def subtree_of(self, unit: "OrgUnit"):
        return self.filter(path__startswith=unit.path)

    def search(self, text: str):
        return self.filter(search_text__contains=fold(text)) if text else self


class OrgUnit(TimeStampedModel):
    """A province, department, district, commune, office... Depth is not fixed.

    `path` is a materialised path ("000001/000007/") so a subtree is one indexed prefix query.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name="Đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit_type = models.CharField("Loại đơn vị", max_length=20, choices=UnitType.choices)
    name = models.CharField("Tên đầy đủ", max_length=255)
    short_name = models.CharField("Tên viết tắt", max_length=100, blank=True)
    aliases = models.JSONField("Tên gọi khác trong văn bản", default=list, blank=True)
    code = models.CharField("Mã đơn vị", max_length=40, blank=True)
    document_code = models.CharField(
        "Ký hiệu trên văn bản",
        max_length=20,
        blank=True,
        help_text="Phần sau dấu gạch ngang trong số văn bản của đơn vị, ví dụ: UBND, SNV.",
    )
    email = models.EmailField("Thư điện tử", blank=True)
    active_from = models.DateField("Hoạt động từ", null=True, blank=True)
    active_to = models.DateField("Hoạt động đến", null=True, blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords()
    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def all_names(self) -> list[str]:
        return [n for n in [self.name, self.short_name, *self.aliases] if n]

    def refresh_search_text(self) -> None:
        self.search_text = " | ".join(fold(n) for n in self.all_names())

    def is_active_on(self, day) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]


class SuccessionKind(models.TextChoices):
    MERGED = "merged", "Hợp nhất, sáp nhập vào"
    SPLIT = "split", "Chia tách thành"
    RENAMED = "renamed", "Đổi tên thành"
    ABOLISHED = "abolished", "Giải thể, chuyển giao nhiệm vụ cho"


class UnitSuccession(TimeStampedModel):
    """Which unit(s) a unit became in a reorganisation (e.g. the 2025 mergers)."""

    predecessor = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị cũ", on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị kế nhiệm", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("Hình thức", max_length=20, choices=SuccessionKind.choices)
    effective_date = models.DateField("Ngày hiệu lực")
    legal_basis = models.CharField(
        "Căn cứ pháp lý",
        max_length=255,
        blank=True,
        help_text="Số, ký hiệu văn bản quyết định việc sắp xếp, ví dụ Nghị quyết 202/2025/QH15.",
    )
    note = models.TextField("Ghi chú", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Đơn vị kế nhiệm"
        verbose_name_plural = "Đơn vị kế nhiệm"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_unit_succession"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="succession_not_self",
            ),
        ]


class UnitGroup(TimeStampedModel):
    """A named set of units as documents say it: "UBND các xã, phường", "Các Sở, ban, ngành".

    Members are the explicit list plus, when a rule is set, every active unit of the given types
    under `scope` (so a new commune joins "UBND các xã, phường" without editing the group).
    """

    name = models.CharField("Tên nhóm", max_length=255)
    aliases = models.JSONField("Tên gọi khác trong văn bản", default=list, blank=True)
    scope = models.ForeignKey(
        OrgUnit,
        verbose_name="Thuộc phạm vi",
        on_delete=models.CASCADE,
        related_name="groups_scoped",
    )
    rule_unit_types = models.JSONField("Gồm mọi đơn vị thuộc loại", default=list, blank=True)
    members = models.ManyToManyField(
        OrgUnit, verbose_name="Đơn vị thành viên", blank=True, related_name="unit_groups"
    )
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "Nhóm đơn vị"
        verbose_name_plural = "Nhóm đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]

    def refresh_search_text(self) -> None:
        self.search_text = " | ".join(fold(n) for n in self.all_names())


class Membership(TimeStampedModel):
    """A user holds a role in a unit; coordinator, leader and appraiser roles cover the subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người dùng",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="Đơn vị", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("Vai trò", max_length=20, choices=Role.choices)
    scope = models.ForeignKey(
        OrgUnit,
        verbose_name="Phạm vi phụ trách",
        help_text="Để trống nếu phạm vi là chính đơn vị. Ví dụ: Sở Nội vụ điều phối toàn tỉnh.",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scoped_memberships",
    )
    position = models.CharField("Chức vụ", max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Phân quyền"
        verbose_name_plural = "Phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    @property
    def scope_unit(self) -> OrgUnit:
        """The subtree a coordinator, leader or appraiser covers (the unit itself by default)."""
        return self.scope or self.unit
