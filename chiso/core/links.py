"""Addresses for tables of links: one `reverse` per table instead of one per row."""

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse


def id_prefix(name: str, *args) -> str:
    """The address of the page `name` (with `args`, then an id) without its id: the address of
    the page of id N is the prefix + f"{N}/". Raises if the address does not end with the id."""
    url = reverse(name, args=[*args, 0])
    if not url.endswith("/0/"):
        raise ImproperlyConfigured(f"{name} must end with the id: {url}")
    return url[:-2]
