"""Answers: the public form, the API, staff data entry, spreadsheet imports and corrections.

An answer sheet is checked against its questionnaire version (scales, required items, skip
rules) and stored once; it is never edited afterwards — a correction is a new version.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from contextlib import nullcontext
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from chiso.core.errors import DomainError
from chiso.orgs.models import OrgUnit
from chiso.surveys import rules, store
from chiso.surveys.errors import AnswersRejected, Duplicate, RateLimited, SurveyClosed
from chiso.surveys.models import Invitation, Item, Mode, Response, SurveyRound

DUPLICATE_WINDOW = timedelta(minutes=10)


def ip_hash(ip: str | None) -> str:
    """A keyed one-way hash of the address: enough to limit abuse, not to find anyone."""
    if not ip:
        return ""
    digest = hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def _fingerprint(address: str, answers: dict) -> str:
    body = address + json.dumps(answers, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()[:40]


def _columns(items: list[Item], answers: dict) -> dict:
    out = {}
    for item in items:
        value = answers.get(item.code)
        if item.slot is None or value is None:
            continue
        if isinstance(value, list):  # multiple choice: a bit per option
            value = sum(1 << (v - 1) for v in value)
        out[f"v{item.slot}"] = value
    return out


# A questionnaire version never changes once created (edits are new versions), so its items
# are kept in memory per process: the public submit path saves a query per answer.
_ITEMS: dict[tuple, list[Item]] = {}


def items_of(survey: SurveyRound) -> list[Item]:
    """The items of the round's questionnaire version, in order."""
    key = (survey.questionnaire_id, survey.questionnaire.created_at)
    cached = _ITEMS.get(key)
    if cached is None:
        cached = list(
            Item.objects.filter(questionnaire_id=survey.questionnaire_id).order_by("order")
        )
        if len(_ITEMS) > 200:
            _ITEMS.clear()
        _ITEMS[key] = cached
    return cached


def clean(survey: SurveyRound, raw: dict) -> dict:
    try:
        return rules.clean_answers([i.spec() for i in items_of(survey)], raw)
    except rules.AnswerError as exc:
        raise AnswersRejected(exc.messages) from exc


def _place(survey: SurveyRound, unit: OrgUnit | None) -> OrgUnit:
    if unit is None or unit.pk == survey.unit_id:
        return survey.unit
    if not survey.cells.filter(unit=unit).exists():
        raise AnswersRejected([f"{unit.name} không thuộc mẫu của đợt khảo sát này."])
    return unit


def _check_limits(survey: SurveyRound, address: str, fingerprint: str, now) -> None:
    """Why a guarded insert was refused: the address is over its hourly limit, or the same
    answers came from it a moment ago (also when another request won that race)."""
    limit = settings.SURVEY_RATE_LIMIT
    if limit and address:
        recent = Response.objects.filter(
            ip_hash=address, submitted_at__gte=now - timedelta(hours=1)
        )
        if recent.count() >= limit:
            raise RateLimited()
    raise Duplicate()


def _claim(survey: SurveyRound, code: str | None, now) -> Invitation | None:
    if not code:
        if survey.invitation_only:
            raise AnswersRejected(["Đợt khảo sát này cần mã mời in trên phiếu."])
        return None
    invitation = (
        Invitation.objects.select_for_update()
        .filter(round=survey, code=str(code).strip().upper()[:16])
        .first()
    )
    if invitation is None:
        raise AnswersRejected(["Mã mời không đúng."])
    if invitation.used_at is not None:
        raise AnswersRejected(["Mã mời này đã được dùng để trả lời."])
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    return invitation


def _guard(address: str, fingerprint: str, now) -> store.Guard | None:
    if not address:  # staff entry and imports: no address, no abuse limits
        return None
    return store.Guard(
        address=address,
        fingerprint=fingerprint,
        limit=settings.SURVEY_RATE_LIMIT,
        rate_since=now - timedelta(hours=1),
        duplicate_since=now - DUPLICATE_WINDOW,
    )


def response_submit(
    *,
    survey: SurveyRound,
    answers: dict,
    mode: str = Mode.ONLINE,
    unit: OrgUnit | None = None,
    village: str = "",
    counter: str = "",
    invitation: str | None = None,
    nonce: str | None = None,
    ip: str | None = None,
    by=None,
    now=None,
) -> Response:
    """Store one questionnaire. Public submissions pass `ip` (rate limit, duplicates) and a
    `nonce` from the form (a double-click returns the first response instead of a second).

    The limits are checked by the insert itself (`store.insert`); a transaction is opened only
    when an invitation must be claimed with the answer, or inside a caller's transaction (a
    savepoint, so a clash does not spoil the caller's work)."""
    now = now or timezone.now()
    if not survey.accepts_on(timezone.localdate(now)):
        raise SurveyClosed()
    if nonce:
        earlier = Response.objects.filter(nonce=nonce, round=survey).first()
        if earlier is not None:
            return earlier
    clean_answers = clean(survey, answers)
    place = _place(survey, unit)
    address = ip_hash(ip)
    fingerprint = _fingerprint(address, clean_answers) if address else ""
    response = Response(
        round=survey,
        unit=place,
        village=village.strip()[:120],
        mode=mode,
        counter=counter.strip()[:60],
        submitted_at=now,
        month=timezone.localdate(now).replace(day=1),
        answers=clean_answers,
        created_by=by,
        nonce=nonce or None,
        ip_hash=address,
        fingerprint=fingerprint,
        **_columns(items_of(survey), clean_answers),
    )
    needs_transaction = invitation or survey.invitation_only or connection.in_atomic_block
    try:
        with transaction.atomic() if needs_transaction else nullcontext():
            response.invitation = _claim(survey, invitation, now)
            if not store.insert(response, _guard(address, fingerprint, now)):
                _check_limits(survey, address, fingerprint, now)
    except IntegrityError as exc:  # the same invitation or nonce used at the same moment
        if nonce and (earlier := Response.objects.filter(nonce=nonce).first()):
            return earlier
        raise AnswersRejected(["Mã mời này đã được dùng để trả lời."]) from exc
    return response


@transaction.atomic
def response_correct(*, response: Response, answers: dict, reason: str, by) -> Response:
    """A staff correction: a new version with the reason; the original stays as submitted."""
    if not reason.strip():
        raise DomainError("Cần ghi lý do sửa phiếu.", field="reason")
    old = Response.objects.select_for_update().get(pk=response.pk)
    if not old.is_current:
        raise DomainError("Phiếu này đã được sửa trước đó; hãy sửa bản mới nhất.")
    survey = old.round
    clean_answers = clean(survey, answers)
    Response.objects.filter(pk=old.pk).update(is_current=False)
    return Response.objects.create(
        round=survey,
        unit=old.unit,
        village=old.village,
        mode=old.mode,
        counter=old.counter,
        submitted_at=old.submitted_at,
        month=old.month,
        answers=clean_answers,
        version=old.version + 1,
        supersedes=old,
        reason=reason.strip()[:300],
        created_by=by,
        **_columns(items_of(survey), clean_answers),
    )


def _moment(day: date | None, now):
    """A collection day as a moment (noon local time); now when the row gives no day."""
    if day is None:
        return now
    return timezone.make_aware(datetime.combine(day, time(12)))


def import_rows(
    *, survey: SurveyRound, rows: list[dict], by, mode: str = Mode.IMPORT
) -> list[Response]:
    """Answers read from a spreadsheet: all rows are stored, or none (errors listed by row)."""
    errors: list[str] = []
    checked = []
    for number, row in enumerate(rows, start=2):
        try:
            checked.append((clean(survey, row["answers"]), row))
        except AnswersRejected as exc:
            errors += [f"Dòng {number}: {m}" for m in exc.messages[:3]]
    if errors:
        raise DomainError(f"Tệp có {len(errors)} lỗi, chưa ghi phiếu nào: " + "; ".join(errors[:8]))
    now = timezone.now()
    items = items_of(survey)
    places = {row["unit"].pk: _place(survey, row["unit"]) for _, row in checked if row.get("unit")}
    with transaction.atomic():
        return Response.objects.bulk_create(
            Response(
                round=survey,
                unit=places.get(row["unit"].pk) if row.get("unit") else survey.unit,
                village=row.get("village", "")[:120],
                mode=mode,
                submitted_at=_moment(row.get("day"), now),
                month=(row.get("day") or timezone.localdate(now)).replace(day=1),
                answers=answers,
                created_by=by,
                **_columns(items, answers),
            )
            for answers, row in checked
        )
    # bulk_create skips the per-row queries; the cells were checked once per unit above
