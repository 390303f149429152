"""Where to go after a form: a `next` parameter is followed only when it is a path on this site."""

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The `next` query parameter if it is a same-host path ("/chi-so/..."), else `default`.

    Full URLs, scheme-relative ("//evil.example") and backslash tricks are refused, so a link
    sent by someone else can never carry a user off-site after they save.
    """
    target = (request.GET.get("next") or "").strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default
