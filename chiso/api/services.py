from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chiso.api.models import ApiToken, hash_token
from chiso.core import security
from chiso.core.errors import DomainError
from chiso.core.models import SecurityEventKind


@transaction.atomic
def token_create(*, user, name: str, days: int | None = None, request=None) -> tuple[ApiToken, str]:
    """Create a token and return it with its raw value (shown to the user once)."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Hãy đặt tên gợi nhớ cho mã truy cập.", field="name")
    raw = ApiToken.new_raw()
    days = settings.API_TOKEN_DAYS if days is None else days
    if days < 1 or days > 3650:
        raise DomainError("Thời hạn của mã truy cập từ 1 đến 3650 ngày.", field="days")
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=hash_token(raw),
        prefix=raw[:12],
        expires_at=timezone.now() + timedelta(days=days),
    )
    security.record(
        SecurityEventKind.TOKEN_CREATED,
        request=request,
        user=user,
        detail=f"{token.name} ({token.prefix}…), hết hạn sau {days} ngày",
    )
    return token, raw


def token_revoke(token: ApiToken, *, request=None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security.record(
            SecurityEventKind.TOKEN_REVOKED,
            request=request,
            user=token.user,
            detail=f"{token.name} ({token.prefix}…)",
        )


def token_authenticate(raw: str):
    """The active user owning this raw token, or None."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=hash_token(raw or ""))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
