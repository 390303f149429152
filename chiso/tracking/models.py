"""Occurrences: one per task, lead unit and reporting period; statuses derive from them."""

from datetime import date

from django.db import models
from simple_history.models import HistoricalRecords

from chiso.core.models import TimeStampedModel
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Task
from chiso.tracking.status import Status, status_expression


class OccurrenceQuerySet(models.QuerySet):
    def with_status(self, today: date):
        return self.annotate(status=status_expression(today))

    def for_unit(self, unit: OrgUnit):
        return self.filter(unit=unit)


class Occurrence(TimeStampedModel):
    """What one lead unit owes for one task in one reporting period.

    One-off tasks have a single occurrence; recurring and continuous tasks one per period of
    the plan. `completed_on` is set when the reviewer accepts a report saying the work is done,
    and is the only input (with dates) to the status.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
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

    history = HistoricalRecords()
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
        indexes = [models.Index(fields=["unit", "due_date"])]

    def __str__(self) -> str:
        return f"{self.task} — {self.unit} — {self.period_label}"

    def status_on(self, today: date) -> str:
        from chiso.tracking.status import status_of

        return status_of(
            today=today,
            period_start=self.period_start,
            due_date=self.due_date,
            completed_on=self.completed_on,
            cancelled=self.is_cancelled,
        )


__all__ = ["Occurrence", "Status"]
