"""Recording a reorganisation: the succession form, then a confirmation page listing what moves
(and, for a split, a successor to choose for each open occurrence)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from chiso.core.errors import DomainError
from chiso.orgs import access
from chiso.orgs.forms import SuccessionForm
from chiso.tracking import reorganisation
from chiso.tracking.forms import HandoverForm


def _done_message(handover) -> str:
    s = handover.summary
    return (
        f"Đã ghi nhận sắp xếp {handover.predecessor.name}: chuyển {s['occurrences']} kỳ báo cáo, "
        f"{s['assignments']} phân công, {s['people']} người, {s['children']} đơn vị trực thuộc."
    )


@login_required
def unit_reorganise(request, unit_id: int):
    unit = access.get_managed_unit(request.user, unit_id)
    candidates = access.visible_units(request.user).exclude(pk=unit.pk)
    form = SuccessionForm(request.POST or None, units=candidates)
    if request.method != "POST" or not form.is_valid():
        return render(request, "tracking/reorganisation_form.html", {"form": form, "unit": unit})
    data = {**form.cleaned_data, "successors": list(form.cleaned_data["successors"])}
    handover = reorganisation.succession_preview(
        predecessor=unit, **{k: data[k] for k in ("successors", "kind", "effective_date")}
    )
    confirm = HandoverForm(request.POST if "xac_nhan" in request.POST else None, handover=handover)
    if confirm.is_bound and confirm.is_valid():
        try:
            done = reorganisation.succession_apply(
                predecessor=unit,
                choices=confirm.choices(),
                members_confirmed=confirm.cleaned_data.get("members_confirmed", False),
                by=request.user,
                **data,
            )
        except DomainError as exc:
            confirm.add_error(None, exc.message)
        else:
            messages.success(request, _done_message(done))
            return redirect("orgs:unit_detail", unit_id=unit.pk)
    context = {"form": form, "confirm": confirm, "handover": handover, "unit": unit}
    return render(request, "tracking/reorganisation_confirm.html", context)
