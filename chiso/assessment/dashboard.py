"""The dashboard card of the PAR assessment (registered in chiso.dashboard.panels): the latest
published round's unit ranking (else the latest closed one), top and bottom few, linked to the
round's ranking page. A bounded number of queries whatever the number of units."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from chiso.assessment import publication, selectors
from chiso.assessment.models import AssessmentRound, RoundStatus
from chiso.core.links import id_prefix

SHOWN = 5  # units at the top and at the bottom


def _latest_round(user) -> AssessmentRound | None:
    rounds = AssessmentRound.objects.visible_to(user).filter(status__in=publication.CLOSED)
    rounds = rounds.select_related("criteria_set", "group")
    return (
        rounds.filter(status=RoundStatus.PUBLISHED).order_by("-year", "-published_on").first()
        or rounds.order_by("-year", "-updated_at").first()
    )


def _row(result, base: str) -> dict:
    return {
        "rank": result.rank,
        "unit": result.assessment.unit.name,
        "index": result.index_pct,
        "classification": result.classification,
        "url": f"{base}{result.assessment.unit_id}/",
    }


def panel(*, user, unit, today: date) -> dict | None:
    round_ = _latest_round(user)
    if round_ is None:
        return None
    ranked = [r for r in selectors.round_results(round_) if r.rank]
    if not ranked:
        return None
    base = id_prefix("assessment:unit", round_.pk)
    top = ranked[:SHOWN]
    bottom = ranked[max(SHOWN, len(ranked) - SHOWN) :]
    return {
        "template": "assessment/_dashboard_card.html",
        "index_code": "PAR INDEX",
        "round": round_,
        "url": reverse("assessment:round", args=[round_.pk]),
        "top": [_row(r, base) for r in top],
        "bottom": [_row(r, base) for r in bottom],
        "ranked": len(ranked),
        "published": round_.status == RoundStatus.PUBLISHED,
    }
