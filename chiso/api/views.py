from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chiso.api.models import ApiToken
from chiso.api.services import token_create
from chiso.api.services import token_revoke as revoke
from chiso.core.errors import DomainError


@login_required
def profile(request):
    new_token = None
    if request.method == "POST":
        try:
            _token, new_token = token_create(
                user=request.user, name=request.POST.get("name", ""), request=request
            )
            messages.success(request, "Đã tạo mã truy cập. Hãy sao chép ngay: mã chỉ hiện một lần.")
        except DomainError as exc:
            messages.error(request, exc.message)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request,
        "api/profile.html",
        {"tokens": tokens, "new_token": new_token, "token_days": settings.API_TOKEN_DAYS},
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    revoke(token, request=request)
    messages.success(request, f"Đã thu hồi mã “{token.name}”.")
    return redirect("account:profile")
