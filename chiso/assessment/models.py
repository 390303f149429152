"""PAR self-assessment and appraisal of a province's departments and communes.

A criteria set (`CriteriaSet`) is the tree a provincial decision issues for one level and year:
field (lĩnh vực) → criterion (tiêu chí) → sub-criterion (tiêu chí thành phần); leaves carry the
maximum, the scoring method and who scores them. A round (`AssessmentRound`) applies one set to
the units of a group; each unit has one `UnitAssessment` with a `LeafScore` per leaf: the unit's
own score, the council's appraised score, the survey score and the final score.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from chiso.assessment import methods
from chiso.core.models import TimeStampedModel
from chiso.orgs import access
from chiso.orgs.models import OrgUnit, Role, UnitGroup


class Level(models.TextChoices):
    DEPARTMENT = "department", "Sở, ban, ngành"
    COMMUNE = "commune", "UBND xã, phường, đặc khu"


class ScoredBy(models.TextChoices):
    UNIT = "unit", "Đơn vị tự chấm"
    COUNCIL = "council", "Hội đồng thẩm định chấm"
    SURVEY = "survey", "Điều tra xã hội học"


class CriteriaSet(TimeStampedModel):
    name = models.CharField("Tên bộ tiêu chí", max_length=255)
    level = models.CharField("Cấp áp dụng", max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField("Năm áp dụng")
    decision = models.CharField("Quyết định ban hành", max_length=120, blank=True)
    decision_date = models.DateField("Ngày ban hành", null=True, blank=True)
    is_example = models.BooleanField("Bộ tiêu chí mẫu", default=False)
    # [[min %, label], …] e.g. [[90, "Tốt"], [80, "Khá"], [65, "Trung bình"], [0, "Yếu"]]
    thresholds = models.JSONField("Ngưỡng xếp loại", default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Bộ tiêu chí chấm điểm CCHC"
        verbose_name_plural = "Bộ tiêu chí chấm điểm CCHC"
        ordering = ["-year", "level", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class CriterionKind(models.TextChoices):
    FIELD = "field", "Lĩnh vực"
    CRITERION = "criterion", "Tiêu chí"
    SUB = "sub", "Tiêu chí thành phần"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField("Mã", max_length=30)
    name = models.TextField("Nội dung")
    kind = models.CharField("Cấp", max_length=10, choices=CriterionKind.choices)
    order = models.PositiveIntegerField("Thứ tự", default=0)
    max_points = models.DecimalField("Điểm tối đa", max_digits=7, decimal_places=2)
    is_leaf = models.BooleanField(default=False)
    method = models.CharField(
        "Cách chấm", max_length=12, choices=list(methods.METHODS.items()), blank=True
    )
    method_params = models.JSONField("Tham số cách chấm", default=dict, blank=True)
    method_text = models.TextField("Cách chấm (như văn bản ghi)", blank=True)
    scored_by = models.CharField(
        "Người chấm", max_length=10, choices=ScoredBy.choices, default=ScoredBy.UNIT
    )
    evidence_required = models.TextField("Tài liệu kiểm chứng", blank=True)
    # Where chiso can propose the score from its own data, e.g. "tracking.on_time".
    data_source = models.CharField("Nguồn số liệu đề xuất", max_length=60, blank=True)

    class Meta:
        verbose_name = "Tiêu chí"
        verbose_name_plural = "Tiêu chí"
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="assessment_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name[:60]}"


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Đang chuẩn bị"
    SELF = "self", "Đơn vị tự đánh giá"
    APPRAISAL = "appraisal", "Thẩm định"
    EXPLANATION = "explanation", "Giải trình, đề nghị xem xét lại"
    FINAL = "final", "Đã chốt kết quả"
    PUBLISHED = "published", "Đã công bố"


# --- visibility ---------------------------------------------------------------------------------
# An officer reads and self-scores only their own unit's assessment; an appraiser reads and
# appraises the units their assignment lists (every unit of the round when it lists none), never
# their own unit; coordinators, leaders and appraisers read the units in their scope (subtree);
# coordinators who manage the round's organising unit run the round.


def _officer_unit_ids(user) -> list[int]:
    return [m.unit_id for m in access.memberships(user) if m.role == Role.OFFICER]


def _appraised_q(user) -> models.Q:
    assignments = AppraiserAssignment.objects.filter(user=user)
    q = models.Q(round_id__in=assignments.filter(units__isnull=True).values("round_id"))
    for round_id, unit_id in assignments.filter(units__isnull=False).values_list(
        "round_id", "units"
    ):
        q |= models.Q(round_id=round_id, unit_id=unit_id)
    return q


class AssessmentRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        if access.is_admin(user):
            return self
        units = UnitAssessment.objects.visible_to(user).values("round_id")
        q = models.Q(pk__in=units)
        scope = access.unit_scope_q(user, "coordinator_unit", purpose="view")
        if scope is not None:
            q |= scope
        return self.filter(q)

    def managed_by(self, user):
        scope = access.unit_scope_q(user, "coordinator_unit", purpose="manage")
        return self if scope is None else self.filter(scope)


class UnitAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = access.unit_scope_q(user, "unit", purpose="view")
        if scope is None:
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(scope | _appraised_q(user))

    def scorable_by(self, user):
        """Self-assessment is the unit's own word: only its officers write it."""
        return self.filter(unit_id__in=_officer_unit_ids(user))

    def appraisable_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(_appraised_q(user)).exclude(unit_id__in=_officer_unit_ids(user))


class AssessmentRound(TimeStampedModel):
    name = models.CharField("Tên đợt", max_length=255)
    year = models.PositiveSmallIntegerField("Năm đánh giá")
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="Bộ tiêu chí", on_delete=models.PROTECT, related_name="rounds"
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name="Nhóm đơn vị", on_delete=models.PROTECT, related_name="+"
    )
    coordinator_unit = models.ForeignKey(
        OrgUnit, verbose_name="Cơ quan tổ chức", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "Giai đoạn", max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    self_opens = models.DateField("Mở tự đánh giá", null=True, blank=True)
    self_closes = models.DateField("Hạn nộp tự đánh giá", null=True, blank=True)
    appraisal_closes = models.DateField("Hạn thẩm định", null=True, blank=True)
    explanation_closes = models.DateField("Hạn giải trình", null=True, blank=True)
    published_on = models.DateField("Ngày công bố", null=True, blank=True)

    objects = AssessmentRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Đợt đánh giá chỉ số CCHC"
        verbose_name_plural = "Đợt đánh giá chỉ số CCHC"
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.criteria_set.level


class AppraiserAssignment(models.Model):
    """A council member appraises the units listed (empty list: every unit of the round)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="appraisers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="assessment_appraiser_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.round}"


class UnitStatus(models.TextChoices):
    DRAFT = "draft", "Đang tự đánh giá"
    SUBMITTED = "submitted", "Đã nộp tự đánh giá"
    APPRAISED = "appraised", "Đã thẩm định"
    FINAL = "final", "Đã chốt"


class UnitAssessment(TimeStampedModel):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=UnitStatus.choices, default=UnitStatus.DRAFT)
    submitted_at = models.DateTimeField("Nộp lúc", null=True, blank=True)
    appraised_at = models.DateTimeField("Thẩm định lúc", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Totals kept by the services after every write, so rankings read one row per unit.
    self_total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    appraised_total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    appraised_count = models.PositiveIntegerField(default=0)
    survey_total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    index_pct = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    index_provisional = models.BooleanField(default=False)
    # The coordinator may let one unit self-assess after the round's closing date.
    self_extended_until = models.DateField("Gia hạn tự đánh giá đến", null=True, blank=True)

    objects = UnitAssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Kết quả chấm điểm của đơn vị"
        verbose_name_plural = "Kết quả chấm điểm của đơn vị"
        ordering = ["round", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="assessment_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.round}"


class LeafScore(models.Model):
    assessment = models.ForeignKey(UnitAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    self_note = models.TextField("Giải thích của đơn vị", blank=True)
    proposed_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    proposed_source = models.CharField(max_length=255, blank=True)
    appraised_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    appraisal_reason = models.TextField("Lý do điều chỉnh", blank=True)
    survey_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    objection = models.TextField("Giải trình, đề nghị xem xét lại", blank=True)
    objection_decision = models.TextField("Kết luận của hội đồng", blank=True)
    final_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    evidence = models.ManyToManyField(
        "tracking.Evidence", blank=True, related_name="assessment_scores"
    )
    # Files uploaded for the same criterion in an earlier year, used again (no copy).
    carried_files = models.ManyToManyField(
        "assessment.AssessmentFile", blank=True, related_name="carried_to"
    )

    history = HistoricalRecords(m2m_fields=[evidence, carried_files])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="assessment_leaf_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.self_score}"

    def counted(self) -> Decimal | None:
        """The score that counts: final, else appraised, else survey for survey leaves."""
        for value in (self.final_score, self.appraised_score):
            if value is not None:
                return value
        return None


class AssessmentFile(TimeStampedModel):
    """Evidence uploaded for a leaf directly (not taken from a task report)."""

    score = models.ForeignKey(LeafScore, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("Tệp", upload_to="assessment/%Y/", max_length=255)
    original_name = models.CharField("Tên tệp", max_length=255)
    content_type = models.CharField("Loại tệp", max_length=120)
    size = models.PositiveBigIntegerField("Dung lượng (byte)")

    class Meta:
        verbose_name = "Tài liệu kiểm chứng chấm điểm"
        verbose_name_plural = "Tài liệu kiểm chứng chấm điểm"

    def __str__(self) -> str:
        return self.original_name
