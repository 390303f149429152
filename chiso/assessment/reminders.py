"""Reminders driven by an assessment round's timeline, through the in-app notifications and
e-mail of tracking.

- opening: from `self_opens` until `self_closes`, the officers of every unit still drafting are
  told the self-assessment is open and until when;
- self-assessment due: from `ASSESSMENT_REMIND_DAYS_BEFORE` days (default 5) before `self_closes`
  until that day, the officers of units not yet submitted;
- appraisal due: the same number of days before `appraisal_closes`, each appraiser gets one
  digest of the units they appraise that are submitted and not yet appraised;
- explanation: once a unit is appraised with a score lower than its own on some leaf, and while
  the explanation window is open, its officers are told which leaves and until when.

Each message is recorded in tracking's SentReminder keyed by user + an anchor day fixed by the
round (the closing date) + a kind naming the event and the round, before it is sent: a retry,
a restart or a second scheduler never sends it twice, and a day missed is caught up on the next
run while the window is open.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from chiso.assessment.models import (
    AppraiserAssignment,
    AssessmentRound,
    LeafScore,
    RoundStatus,
    ScoredBy,
    UnitAssessment,
    UnitStatus,
)
from chiso.orgs.models import Membership, Role
from chiso.tracking.models import Notification, SentReminder
from chiso.tracking.notify import link, send_email


def _days_before() -> int:
    return int(getattr(settings, "ASSESSMENT_REMIND_DAYS_BEFORE", 5))


def _send(user, anchor: date, kind: str, subject: str, message: str, url: str) -> bool:
    """Record, then notify in the app and by e-mail; False if already sent."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(user=user, day=anchor, kind=kind, items=1)
    except IntegrityError:
        return False
    Notification.objects.create(user=user, message=message, url=url)
    if user.email:
        send_email(f"[chiso] {subject}", f"{message}\n\nXem chi tiết: {link(url)}", [user.email])
    return True


def _officers(unit_ids) -> dict[int, list]:
    found = defaultdict(list)
    for m in Membership.objects.filter(
        unit_id__in=list(unit_ids), role=Role.OFFICER, user__is_active=True
    ).select_related("user"):
        found[m.unit_id].append(m.user)
    return found


def _unit_url(round_: AssessmentRound, unit_id: int) -> str:
    return reverse("assessment:unit", args=[round_.pk, unit_id])


def _to_unit_officers(round_, assessments, anchor, kind, subject, text_of) -> int:
    officers = _officers(a.unit_id for a in assessments)
    sent = 0
    for a in assessments:
        for user in officers[a.unit_id]:
            sent += _send(user, anchor, kind, subject, text_of(a), _unit_url(round_, a.unit_id))
    return sent


def _opening(round_: AssessmentRound, today: date) -> int:
    opens, closes = round_.self_opens, round_.self_closes
    if opens is None or today < opens or (closes is not None and today > closes):
        return 0
    drafting = list(round_.units.filter(status=UnitStatus.DRAFT))
    until = f" đến hết ngày {closes:%d/%m/%Y}" if closes else ""
    return _to_unit_officers(
        round_,
        drafting,
        opens,
        f"par-open-{round_.pk}",
        "Mở tự đánh giá chỉ số CCHC",
        lambda a: (
            f"{round_.name}: đơn vị tự đánh giá, chấm điểm và nộp tài liệu kiểm chứng{until}."
        ),
    )


def _self_due(round_: AssessmentRound, today: date) -> int:
    closes = round_.self_closes
    if closes is None or not closes - timedelta(days=_days_before()) <= today <= closes:
        return 0
    pending = list(
        round_.units.filter(status=UnitStatus.DRAFT).filter(
            Q(self_extended_until__isnull=True) | Q(self_extended_until__lte=closes)
        )
    )
    left = (closes - today).days
    when = "hết hạn hôm nay" if left == 0 else f"còn {left} ngày"
    return _to_unit_officers(
        round_,
        pending,
        closes,
        f"par-self-{round_.pk}",
        "Sắp hết hạn nộp tự đánh giá chỉ số CCHC",
        lambda a: (
            f"{round_.name}: đơn vị chưa nộp kết quả tự đánh giá; hạn nộp "
            f"{closes:%d/%m/%Y} ({when})."
        ),
    )


def _appraisal_due(round_: AssessmentRound, today: date) -> int:
    closes = round_.appraisal_closes
    if closes is None or not closes - timedelta(days=_days_before()) <= today <= closes:
        return 0
    waiting = {
        a.unit_id: a
        for a in round_.units.filter(status=UnitStatus.SUBMITTED).select_related("unit")
    }
    if not waiting:
        return 0
    sent = 0
    assignments = AppraiserAssignment.objects.filter(round=round_, user__is_active=True)
    for assignment in assignments.select_related("user").prefetch_related("units"):
        own = {
            m.unit_id for m in Membership.objects.filter(user=assignment.user, role=Role.OFFICER)
        }
        listed = {u.pk for u in assignment.units.all()} or set(waiting)
        units = sorted(
            (waiting[u].unit.name for u in listed if u in waiting and u not in own),
        )
        if not units:
            continue
        message = (
            f"{round_.name}: {len(units)} đơn vị đã nộp, chờ thẩm định trước ngày "
            f"{closes:%d/%m/%Y}: {', '.join(units)}."
        )
        url = reverse("assessment:round", args=[round_.pk])
        sent += _send(
            assignment.user,
            closes,
            f"par-appr-{round_.pk}",
            "Sắp hết hạn thẩm định chỉ số CCHC",
            message,
            url,
        )
    return sent


def _explanation(round_: AssessmentRound, today: date) -> int:
    closes = round_.explanation_closes
    if closes is not None and today > closes:
        return 0
    reduced = (
        LeafScore.objects.filter(
            assessment__round=round_,
            assessment__status=UnitStatus.APPRAISED,
            criterion__scored_by=ScoredBy.UNIT,
            appraised_score__lt=F("self_score"),
        )
        .values_list("assessment_id", "criterion__code")
        .order_by("assessment_id", "criterion__order")
    )
    codes = defaultdict(list)
    for assessment_id, code in reduced:
        codes[assessment_id].append(code)
    if not codes:
        return 0
    assessments = list(UnitAssessment.objects.filter(pk__in=list(codes)))
    until = f" đến hết ngày {closes:%d/%m/%Y}" if closes else ""
    return _to_unit_officers(
        round_,
        assessments,
        closes or date(round_.year, 1, 1),
        f"par-expl-{round_.pk}",
        "Kết quả thẩm định chỉ số CCHC: có tiêu chí bị giảm điểm",
        lambda a: (
            f"{round_.name}: hội đồng thẩm định giảm điểm ở tiêu chí "
            f"{', '.join(codes[a.pk][:15])}. Đơn vị có thể giải trình, đề nghị xem xét lại{until}."
        ),
    )


def send_round_reminders(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {"opening": 0, "self": 0, "appraisal": 0, "explanation": 0}
    rounds = AssessmentRound.objects.exclude(
        status__in=[RoundStatus.DRAFT, RoundStatus.FINAL, RoundStatus.PUBLISHED]
    ).select_related("criteria_set")
    for round_ in rounds:
        counts["opening"] += _opening(round_, today)
        counts["self"] += _self_due(round_, today)
        counts["appraisal"] += _appraisal_due(round_, today)
        counts["explanation"] += _explanation(round_, today)
    return counts


@task()
def assessment_reminders_send() -> dict[str, int]:
    """Periodic background task (hourly): the rounds' timeline reminders."""
    return send_round_reminders()
