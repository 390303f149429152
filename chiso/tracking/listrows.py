"""The rows of the task list and the inbox as plain values, each text computed once.

Built as model instances, a page of fifty periods makes four objects per row (period, task, plan,
unit) with every column converted, and the template then resolves a dozen lookups and filters per
row: most of the page's time, and none of it needed. The list reads the columns it shows, and
each row carries its texts ready to print (the template still escapes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from chiso.core.links import id_prefix
from chiso.core.templatetags.text_tags import clip
from chiso.tracking.models import Evidence, Occurrence, ProgressReport, ReportState, WorkStatus
from chiso.tracking.selectors import occurrence_rows
from chiso.tracking.status import Flag, Status, flag_of

_STATUS = dict(Status.choices)
_FLAG = dict(Flag.choices)
_STATE = dict(ReportState.choices)
_WORK = dict(WorkStatus.choices)
_COLUMNS = (
    "pk",
    "task__content",
    "task__index_code",
    "task__plan__number",
    "task__plan__title",
    "unit__name",
    "period_label",
    "due_date",
    "percent",
    "status",
    "report_state",
    "contribution_count",
)


@dataclass(slots=True)
class TaskRow:
    pk: int
    url: str
    content: str  # clipped to 160 characters
    index_code: str
    plan: str  # the plan's number, else its title, clipped to 40
    unit: str
    period: str
    due_date: date | None
    due: str  # dd/mm/yyyy, or "—"
    status: str
    status_label: str
    flag: str
    flag_label: str
    percent: int
    report: str  # the report's state, "Chưa báo cáo" without one
    contributions: int


def task_rows(ids, today: date) -> list[TaskRow]:
    """The rows of the periods `ids` (chosen by a list's filter and order: see `paging`).

    Read by id alone, not through the list's own filter, which the database could otherwise use
    to find them again."""
    qs = occurrence_rows(Occurrence.objects.filter(pk__in=ids), today).order_by()
    prefix = id_prefix("tracking:occurrence")
    rows = []
    for v in qs.values(*_COLUMNS):
        due, status = v["due_date"], v["status"]
        flag = flag_of(status, due, v["percent"], today)
        rows.append(
            TaskRow(
                pk=v["pk"],
                url=f"{prefix}{v['pk']}/",
                content=clip(v["task__content"], 160),
                index_code=v["task__index_code"] or "",
                plan=clip(v["task__plan__number"] or v["task__plan__title"], 40),
                unit=v["unit__name"],
                period=v["period_label"],
                due_date=due,
                due=due.strftime("%d/%m/%Y") if due else "—",
                status=status,
                status_label=_STATUS.get(status, ""),
                flag=flag,
                flag_label=_FLAG.get(flag, ""),
                percent=v["percent"],
                report=_STATE.get(v["report_state"], "Chưa báo cáo"),
                contributions=v["contribution_count"],
            )
        )
    return rows


@dataclass(slots=True)
class InboxRow:
    pk: int
    url: str  # the period's page, where the report is reviewed
    state: str
    state_label: str
    unit: str
    content: str  # clipped to 140 characters
    index_code: str
    period: str
    due: str  # dd/mm/yyyy, or "—"
    submitted: str  # dd/mm/yyyy in the local time zone, or ""
    work: str  # "Đang thực hiện, 40%"
    evidence: int


def inbox_rows(ids) -> list[InboxRow]:
    """The reviewer's inbox rows of the reports `ids` (chosen by `selectors.inbox_reports`)."""
    evidence = (
        Evidence.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        ProgressReport.objects.filter(pk__in=ids)
        .annotate(evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), 0))
        .values(
            "pk",
            "state",
            "unit__name",
            "occurrence_id",
            "occurrence__task__content",
            "occurrence__task__index_code",
            "occurrence__period_label",
            "occurrence__due_date",
            "submitted_at",
            "work_status",
            "percent",
            "evidence_count",
        )
    )
    prefix = id_prefix("tracking:occurrence")
    rows = []
    for v in qs:
        due, sent = v["occurrence__due_date"], v["submitted_at"]
        rows.append(
            InboxRow(
                pk=v["pk"],
                url=f"{prefix}{v['occurrence_id']}/",
                state=v["state"],
                state_label=_STATE.get(v["state"], "Chưa báo cáo"),
                unit=v["unit__name"],
                content=clip(v["occurrence__task__content"], 140),
                index_code=v["occurrence__task__index_code"] or "",
                period=v["occurrence__period_label"],
                due=due.strftime("%d/%m/%Y") if due else "—",
                submitted=timezone.localtime(sent).strftime("%d/%m/%Y") if sent else "",
                work=f"{_WORK.get(v['work_status'], '')}, {v['percent']}%",
                evidence=v["evidence_count"],
            )
        )
    return rows
