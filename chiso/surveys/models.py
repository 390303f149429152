"""Questionnaires as versioned data, survey rounds with their sample design, and answers.

Answers are immutable: a staff correction is a new `Response` that supersedes the old one (which
stays, flagged not current). Every numeric answer is also written to a value column (`v1`…`vN`,
the item's `slot`), so results aggregate in one SQL pass over a round's responses.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.models import TimeStampedModel
from chiso.frameworks.models import Component, Framework
from chiso.orgs.access import unit_scope_q
from chiso.orgs.models import OrgUnit
from chiso.surveys import rules
from chiso.surveys.stats import RULE_MEAN, RULE_TOP_BOX

SLOTS = 120  # value columns on Response: numeric items of one questionnaire version at most


def _scoped(qs: models.QuerySet, user, field: str, purpose: str) -> models.QuerySet:
    q = unit_scope_q(user, field, purpose=purpose)
    return qs if q is None else qs.filter(q)


class Rule(models.TextChoices):
    TOP_BOX = RULE_TOP_BOX, "Tỷ lệ trả lời “hài lòng” và “rất hài lòng” (mức 4–5)"
    MEAN = RULE_MEAN, "Điểm trung bình quy về thang 0–100"


class Kind(models.TextChoices):
    SAT5 = rules.SAT5, rules.KIND_LABELS[rules.SAT5]
    SCALE4 = rules.SCALE4, rules.KIND_LABELS[rules.SCALE4]
    STARS = rules.STARS, rules.KIND_LABELS[rules.STARS]
    YESNO = rules.YESNO, rules.KIND_LABELS[rules.YESNO]
    CHOICE = rules.CHOICE, rules.KIND_LABELS[rules.CHOICE]
    NUMBER = rules.NUMBER, rules.KIND_LABELS[rules.NUMBER]
    TEXT = rules.TEXT, rules.KIND_LABELS[rules.TEXT]


class QuestionnaireQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National questionnaires (no owner) for everyone signed in, local ones with the unit."""
        q = unit_scope_q(user, "owner_unit", purpose="view")
        return self if q is None else self.filter(q | models.Q(owner_unit__isnull=True))

    def current(self):
        newer = self.model.objects.filter(
            code=models.OuterRef("code"), version__gt=models.OuterRef("version")
        )
        return self.exclude(models.Exists(newer))


class Questionnaire(TimeStampedModel):
    """One version of a questionnaire; editing a version in use means importing a new one."""

    code = models.CharField("Mã bộ câu hỏi", max_length=40)
    version = models.PositiveSmallIntegerField("Phiên bản", default=1)
    title = models.CharField("Tên phiếu", max_length=300)
    intro = models.TextField("Lời giới thiệu trên phiếu", blank=True)
    rule = models.CharField(
        "Cách tính mức độ hài lòng", max_length=10, choices=Rule.choices, default=Rule.TOP_BOX
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name="Bộ chỉ số được phục vụ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaires",
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị ban hành (để trống: dùng chung)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    note = models.TextField("Nguồn, ghi chú", blank=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = "Bộ câu hỏi khảo sát"
        verbose_name_plural = "Bộ câu hỏi khảo sát"
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_questionnaire_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"


class Section(models.Model):
    """What parts and criteria share: a code, a name, a place, the index component fed."""

    code = models.CharField("Mã", max_length=40)
    name = models.CharField("Tên", max_length=300)
    order = models.PositiveIntegerField(default=0)
    component = models.ForeignKey(
        Component,
        verbose_name="Chỉ số thành phần được phục vụ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["questionnaire", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Part(Section):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="parts")

    class Meta(Section.Meta):
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_part_code")
        ]


class Criterion(Section):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="criteria"
    )
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="criteria")

    class Meta(Section.Meta):
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_criterion_code")
        ]


class Item(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("Mã câu hỏi", max_length=40)
    text = models.CharField("Câu hỏi", max_length=500)
    kind = models.CharField("Loại câu trả lời", max_length=10, choices=Kind.choices)
    scale_min = models.IntegerField("Giá trị nhỏ nhất", null=True, blank=True)
    scale_max = models.IntegerField("Giá trị lớn nhất", null=True, blank=True)
    options = models.JSONField("Các phương án / nhãn mức", default=list, blank=True)
    multiple = models.BooleanField("Được chọn nhiều phương án", default=False)
    required = models.BooleanField("Bắt buộc", default=False)
    show_if = models.JSONField("Điều kiện hiển thị", default=dict, blank=True)
    counts = models.BooleanField("Tính vào mức độ hài lòng của tiêu chí", default=False)
    slot = models.PositiveSmallIntegerField("Cột giá trị", null=True, blank=True, editable=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_item_code"),
            models.UniqueConstraint(fields=["questionnaire", "slot"], name="unique_item_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def spec(self) -> rules.ItemSpec:
        return rules.ItemSpec(
            code=self.code,
            kind=self.kind,
            text=self.text,
            low=self.scale_min,
            high=self.scale_max,
            required=self.required,
            options=tuple(self.options or ()),
            multiple=self.multiple,
            show_if=self.show_if or {},
        )

    @property
    def column(self) -> str | None:
        return f"v{self.slot}" if self.slot else None


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    OPEN = "open", "Đang thu phiếu"
    CLOSED = "closed", "Đã kết thúc"


class Mode(models.TextChoices):
    ONLINE = "online", "Trực tuyến (đường dẫn, mã QR)"
    COUNTER = "counter", "Thiết bị đánh giá tại quầy"
    PAPER = "paper", "Phiếu giấy (cán bộ nhập)"
    IMPORT = "import", "Tệp Excel (bưu điện thu phiếu)"
    API = "api", "Hệ thống khác (API)"


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped(self, user, "unit", "view")

    def actable_by(self, user):
        """Rounds whose answers the user may enter (paper forms, imports)."""
        return _scoped(self, user, "unit", "act")

    def managed_by(self, user):
        return _scoped(self, user, "unit", "manage")


class SurveyRound(TimeStampedModel):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="Bộ câu hỏi", on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField("Tên đợt khảo sát", max_length=300)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="Đơn vị tổ chức khảo sát",
        on_delete=models.PROTECT,
        related_name="survey_rounds",
    )
    code = models.SlugField("Mã công khai (đường dẫn, mã QR)", max_length=40, unique=True)
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày")
    status = models.CharField(
        "Trạng thái", max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    modes = models.JSONField("Hình thức thu phiếu", default=list, blank=True)
    margin = models.DecimalField(
        "Sai số cho phép (e)", max_digits=4, decimal_places=3, default=0.05
    )
    invitation_only = models.BooleanField("Chỉ nhận phiếu có mã mời", default=False)

    history = HistoricalRecords()
    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "Đợt khảo sát"
        verbose_name_plural = "Đợt khảo sát"
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="round_dates_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def accepts_on(self, day) -> bool:
        return self.status == RoundStatus.OPEN and self.starts_on <= day <= self.ends_on


class SampleCell(models.Model):
    """A commune (and optionally one of its villages) in a round's sample: population, quota."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="cells")
    unit = models.ForeignKey(OrgUnit, verbose_name="Xã, phường, đơn vị", on_delete=models.CASCADE)
    village = models.CharField("Thôn, ấp, tổ dân phố", max_length=120, blank=True)
    population = models.PositiveIntegerField("Dân số (N)")
    needed = models.PositiveIntegerField("Số phiếu cần thu", default=0)

    class Meta:
        ordering = ["round", "unit__path", "village"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "village"], name="unique_sample_cell")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.village}".strip()


class Invitation(models.Model):
    """A one-time code printed on a slip or sent by SMS: one answer per code."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField("Mã mời", max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code


class ResponseQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Response(models.Model):
    """One submitted questionnaire. Never edited: a correction is a new version."""

    # indexed with the id below: a round's last answer is read from the index alone
    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="Xã, phường, đơn vị", null=True, blank=True, on_delete=models.PROTECT
    )
    village = models.CharField("Thôn, ấp", max_length=120, blank=True)
    mode = models.CharField("Hình thức", max_length=10, choices=Mode.choices)
    counter = models.CharField("Quầy, điểm thu phiếu", max_length=60, blank=True)
    submitted_at = models.DateTimeField("Thời điểm gửi")
    month = models.DateField("Tháng (ngày đầu tháng)")
    answers = models.JSONField("Câu trả lời")
    version = models.PositiveSmallIntegerField("Lần sửa", default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    is_current = models.BooleanField(default=True)
    reason = models.CharField("Lý do sửa", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    nonce = models.CharField(max_length=40, null=True, blank=True, unique=True)
    ip_hash = models.CharField(max_length=24, blank=True)
    fingerprint = models.CharField(max_length=40, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "Phiếu trả lời"
        verbose_name_plural = "Phiếu trả lời"
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["round", "is_current"], name="response_round_current"),
            models.Index(fields=["round", "id"], name="response_round_last"),
            models.Index(fields=["ip_hash", "submitted_at"], name="response_ip_time"),
            models.Index(fields=["round", "fingerprint"], name="response_fingerprint"),
        ]

    def __str__(self) -> str:
        return f"Phiếu số {self.pk} (lần {self.version})"


class AnswerCount(models.Model):
    """How many answer rows a round has, kept by the database itself (triggers created by
    migration 0003) in the transaction that writes the rows, so it becomes visible together with
    them. The kept sums (`chiso.surveys.sums`) read it instead of counting a round's answers.

    On PostgreSQL a round's count is spread over a few rows (`shard`, from the writing
    connection), so answers arriving together do not queue for one row; the count is their sum.
    """

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    shard = models.PositiveSmallIntegerField()
    total = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "shard"], name="answer_count_round_shard")
        ]

    def __str__(self) -> str:
        return f"{self.total} phiếu (đợt {self.round_id}, phần {self.shard})"


for _slot in range(1, SLOTS + 1):
    Response.add_to_class(f"v{_slot}", models.IntegerField(null=True, blank=True, editable=False))
