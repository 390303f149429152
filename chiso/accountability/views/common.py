"""What the three groups of pages share: the year and group filters, forms' error display."""

from django.contrib import messages
from django.utils import timezone

from chiso.core.errors import DomainError
from chiso.core.lookup import parse_id
from chiso.orgs import access


def year_param(request) -> int:
    """?nam=YYYY, this year by default (an invalid year falls back to it too)."""
    text = request.GET.get("nam", "")
    year = int(text) if text.isascii() and text.isdigit() else 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def group_param(request):
    """?nhom=<id> among the groups the user sees; the first of them by default."""
    groups = access.visible_groups(request.user).order_by("name")
    chosen = parse_id(request.GET.get("nhom", ""))
    found = groups.filter(pk=chosen).first() if chosen else None
    return found or groups.filter(name="Các Sở, ban, ngành").first() or groups.first(), groups


def form_error(form, exc: DomainError) -> None:
    """Show a service's error next to its field when the form has that field."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def saved(request, text: str) -> None:
    messages.success(request, text)
