from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chiso.core.errors import DomainError
from chiso.orgs import access, services
from chiso.orgs.forms import MembershipForm, UserCreateForm
from chiso.orgs.models import Membership, Role


def _grantable_roles(user) -> list[str]:
    return [r for r in Role.values if r != Role.ADMIN or access.is_admin(user)]


@login_required
def user_list(request):
    access.require(access.can_manage_users(request.user))
    users = (
        access.managed_users(request.user)
        .prefetch_related("memberships__unit")
        .order_by("username")
    )
    return render(request, "orgs/user_list.html", {"users": users})


@login_required
def user_create(request):
    access.require(access.can_manage_users(request.user))
    form = UserCreateForm(
        request.POST or None,
        units=access.managed_units(request.user),
        roles=_grantable_roles(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_create(
                    username=data["username"],
                    password=data["password"],
                    full_name=data["full_name"],
                    email=data["email"],
                    by=request.user,
                )
                services.membership_grant(
                    user=user, unit=data["unit"], role=data["role"], by=request.user
                )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Đã tạo tài khoản “{user.username}”.")
            return redirect("orgs:user_detail", user_id=user.pk)
    return render(request, "orgs/user_form.html", {"form": form})


@login_required
def user_detail(request, user_id: int):
    access.require(access.can_manage_users(request.user))
    target = access.get_managed_user(request.user, user_id)
    form = MembershipForm(
        request.POST or None,
        units=access.managed_units(request.user),
        roles=_grantable_roles(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access.require(access.can_grant_role(request.user, data["unit"], data["role"]))
            services.membership_grant(user=target, by=request.user, **data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Đã thêm vai trò.")
            return redirect("orgs:user_detail", user_id=target.pk)
    memberships = target.memberships.select_related("unit", "scope")
    return render(
        request,
        "orgs/user_detail.html",
        {"target": target, "memberships": memberships, "form": form},
    )


@login_required
@require_POST
def membership_revoke(request, user_id: int, membership_id: int):
    access.require(access.can_manage_users(request.user))
    target = access.get_managed_user(request.user, user_id)
    membership = get_object_or_404(Membership, pk=membership_id, user=target)
    access.require(access.can_manage_unit(request.user, membership.unit))
    services.membership_revoke(membership)
    messages.success(request, "Đã thu hồi vai trò.")
    return redirect("orgs:user_detail", user_id=target.pk)


@login_required
@require_POST
def user_toggle_active(request, user_id: int):
    access.require(access.can_manage_users(request.user))
    target = access.get_managed_user(request.user, user_id)
    if target == request.user:
        messages.error(request, "Bạn không thể tự khóa tài khoản của mình.")
    else:
        target.is_active = not target.is_active
        target.save(update_fields=["is_active"])
        messages.success(
            request, "Đã mở khóa tài khoản." if target.is_active else "Đã khóa tài khoản."
        )
    return redirect("orgs:user_detail", user_id=target.pk)
