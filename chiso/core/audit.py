"""Audit history across domain models (django-simple-history), scoped to what a user manages.

Each app registers its historical models with a function that narrows a history queryset to the
rows a given user may see; the audit page merges them newest first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from heapq import merge
from itertools import islice

from django.db.models import Model, QuerySet

ScopeFn = Callable[[object, QuerySet], QuerySet]
_REGISTRY: list[tuple[type[Model], ScopeFn]] = []
ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def register(model: type[Model], scope: ScopeFn) -> None:
    _REGISTRY.append((model, scope))


def scoped(field: str, allowed: Callable[[object], QuerySet]) -> ScopeFn:
    """A scope keeping history rows whose `field` is among `allowed(user)` (e.g. managed units).

    `allowed` already answers "everything" for an administrator.
    """

    def scope(user, qs: QuerySet) -> QuerySet:
        return qs.filter(**{f"{field}__in": allowed(user).values("pk")})

    return scope


@dataclass
class AuditEntry:
    when: object
    who: str
    action: str
    model_label: str
    object_label: str
    reason: str
    changes: list[tuple[str, object, object]]


def _entry(record) -> AuditEntry:
    changes = []
    if record.history_type == "~" and record.prev_record is not None:
        delta = record.diff_against(record.prev_record)
        model = record.instance_type
        for change in delta.changes:
            try:
                label = model._meta.get_field(change.field).verbose_name
            except Exception:
                label = change.field
            changes.append((str(label), change.old, change.new))
    user = record.history_user
    return AuditEntry(
        when=record.history_date,
        who=(user.get_full_name() or user.username) if user else "Hệ thống",
        action=ACTIONS.get(record.history_type, record.history_type),
        model_label=str(record.instance_type._meta.verbose_name),
        object_label=str(record.instance)[:120],
        reason=record.history_change_reason or "",
        changes=changes,
    )


def recent_entries(user, limit: int = 100) -> list[AuditEntry]:
    """The latest changes the user may see across every registered model."""
    streams = []
    for model, scope in _REGISTRY:
        qs = scope(user, model.history.select_related("history_user")).order_by("-history_date")
        streams.append(iter(qs[:limit]))
    newest = merge(*streams, key=lambda r: r.history_date, reverse=True)
    return [_entry(r) for r in islice(newest, limit)]


def object_entries(obj, limit: int = 50) -> list[AuditEntry]:
    return [_entry(r) for r in obj.history.select_related("history_user")[:limit]]
