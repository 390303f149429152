"""Initiatives per unit and year, and the "≥ 1 per unit" coverage (/sang-kien/)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from chiso.accountability import rules, selectors, services
from chiso.accountability.forms import InitiativeForm
from chiso.accountability.models import Initiative
from chiso.accountability.views.common import form_error, group_param, saved, year_param
from chiso.core.downloads import attachment
from chiso.core.errors import DomainError
from chiso.core.lookup import get_visible_or_404
from chiso.frameworks.models import Component, Framework
from chiso.frameworks.vocabulary import IndexCode
from chiso.orgs import access

NOT_FOUND = "Không tìm thấy sáng kiến"
MANAGE_ONLY = "Chỉ cơ quan điều phối mới ghi nhận, thay đổi sáng kiến."


def par_components(user):
    """Criteria of the current PAR INDEX frameworks the user sees (what rewards initiatives)."""
    frameworks = Framework.objects.visible_to(user).current().filter(index_code=IndexCode.PAR_INDEX)
    return Component.objects.filter(framework__in=frameworks).order_by("framework_id", "order")


@login_required
def initiative_list(request):
    year = year_param(request)
    group, groups = group_param(request)
    visible = None if access.is_admin(request.user) else access.visible_units(request.user)
    context = {
        "year": year,
        "group": group,
        "groups": groups,
        "coverage": group
        and selectors.initiative_coverage(group, year, timezone.localdate(), visible),
        "initiatives": selectors.initiative_rows(
            Initiative.objects.visible_to(request.user).filter(year=year), request.GET
        ),
        "can_create": rules.can_create(request.user),
    }
    return render(request, "accountability/initiative_list.html", context)


def _save(request, form, initiative=None):
    try:
        saved_one = services.initiative_save(
            initiative=initiative, **form.cleaned_data, by=request.user
        )
        saved(request, "Đã lưu sáng kiến.")
        return redirect("accountability:initiative", saved_one.pk)
    except DomainError as exc:
        form_error(form, exc)
        return None


@login_required
def initiative_create(request):
    access.require(rules.can_create(request.user), MANAGE_ONLY)
    form = InitiativeForm(
        request.POST or None,
        request.FILES or None,
        units=access.managed_units(request.user),
        components=par_components(request.user),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid() and (done := _save(request, form)):
        return done
    status = 400 if request.method == "POST" else 200
    return render(request, "accountability/initiative_form.html", {"form": form}, status=status)


@login_required
def initiative_detail(request, initiative_id):
    qs = Initiative.objects.visible_to(request.user).select_related("unit", "component")
    initiative = get_visible_or_404(qs, initiative_id, NOT_FOUND)
    can_manage = rules.can_manage_initiative(request.user, initiative)
    form = None
    if request.method == "POST":
        access.require(can_manage, MANAGE_ONLY)
    if can_manage:
        initial = {
            f: getattr(initiative, f)
            for f in InitiativeForm.base_fields
            if f not in {"evidence", "unit", "component"}
        }
        form = InitiativeForm(
            request.POST or None,
            request.FILES or None,
            units=access.managed_units(request.user),
            components=par_components(request.user),
            initial={**initial, "unit": initiative.unit_id, "component": initiative.component_id},
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and (done := _save(request, form, initiative))
        ):
            return done
    context = {"initiative": initiative, "form": form, "can_manage": can_manage}
    status = 400 if request.method == "POST" else 200
    return render(request, "accountability/initiative.html", context, status=status)


@login_required
def evidence_download(request, initiative_id):
    qs = Initiative.objects.visible_to(request.user)
    initiative = get_visible_or_404(qs, initiative_id, NOT_FOUND)
    if not initiative.evidence:
        return redirect("accountability:initiative", initiative.pk)
    return attachment(
        initiative.evidence, name=initiative.evidence_name, content_type=initiative.evidence_type
    )
