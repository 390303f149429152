"""The dashboard card of the one-stop service KPIs (registered in chiso.dashboard.panels)."""

from datetime import date

from chiso.core import figures
from chiso.dossiers import kpi, selectors
from chiso.orgs import access

CARD_KPIS = ("on_time_rate", "apology_rate", "online_rate", "digitised_rate")


def panel(*, user, unit, today: date) -> dict | None:
    """The last twelve months for the unit's subtree, against the targets bound to each KPI
    (cached under the data version: the dashboard is the most opened page)."""
    return figures.cached(
        "dossiers-card",
        (user.pk, unit.pk, today),
        lambda: _panel(user=user, unit=unit, today=today),
        reads=selectors.READS,
    )


def _panel(*, user, unit, today: date) -> dict | None:
    last = kpi.month_of(today)
    period = selectors.Period(kpi.months_before(last, 11), last)
    units = None if access.is_admin(user) else access.visible_units(user)
    scope = {"period": period, "units": units, "subtree": unit}
    total = selectors.dossier_kpi(by=(), **scope)[0]
    feedback = selectors.feedback_kpi(by=(), **scope)[0]
    if not (total["received"] or total["resolved"] or feedback["received"]):
        return None
    values = {**total, **{f"feedback_{k}": v for k, v in feedback.items()}}
    targets = {t.kpi: t for t in selectors.targets_for(unit)}
    rows = []
    for key in (*CARD_KPIS, "feedback_on_time_rate", "feedback_satisfaction_rate"):
        t = targets.get(key)
        light = kpi.light(values.get(key), t.op, t.value) if t else None
        rows.append(
            {"label": kpi.KPI_LABELS[key], "value": values.get(key), "target": t, "light": light}
        )
    return {
        "template": "dossiers/_dashboard_card.html",
        "unit": unit,
        "rows": rows,
        "pending_overdue": total["pending_overdue"],
        "late_no_apology": total["late"] - total["late_apology"],
        "first": kpi.month_label(period.first),
        "last": kpi.month_label(period.last),
        "lights": kpi.LIGHT_LABELS,
    }
