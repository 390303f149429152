"""Serving a stored file as a download under a name that cannot mislead.

Names come from users (an evidence file's original name, a plan's number). Before they reach a
browser, direction-override and other invisible characters are dropped, path and shell
characters replaced, and the name is made to end in the extension of the file's real type:
"bao-cao.pdf.exe" holding a PDF is served as "bao-cao.pdf", never as an .exe.
"""

from __future__ import annotations

import re
import unicodedata

import filetype
from django.http import FileResponse, Http404

_FORBIDDEN = re.compile(r'[\\/:*?"<>|;]+')
_SPACES = re.compile(r"\s+")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,8})$")
MAX_NAME = 120
_TEXT_MARKERS = (b"<!doctype html", b"<html", b"<body", b"<table", b"<p", b"<div")


def _visible(text: str) -> str:
    """Without control and format characters (U+202E RIGHT-TO-LEFT OVERRIDE, zero-width, ...)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch)[0] != "C"
    )


def safe_filename(name: str, extension: str, fallback: str = "tep") -> str:
    """`name` cleaned for a Content-Disposition header, ending in ".<extension>"."""
    extension = extension.lower().lstrip(".")
    text = _SPACES.sub(" ", _FORBIDDEN.sub("-", _visible(name or ""))).strip(" .-")
    found = _EXTENSION.search(text)
    if found and not found.group(1).isdigit():
        text = text[: found.start()]  # the claimed extension is replaced by the real one
    while text.lower().endswith(f".{extension}"):
        text = text[: -len(extension) - 1]
    stem = text.strip(" .-")[: MAX_NAME - len(extension) - 1] or fallback
    return f"{stem}.{extension}"


def sniff(head: bytes) -> tuple[str, str]:
    """(content type, extension) of a stored document from its first bytes."""
    guess = filetype.guess(head)
    if guess is not None:
        return guess.mime, guess.extension
    lowered = head[:2048].lower()
    if any(marker in lowered for marker in _TEXT_MARKERS):
        return "text/html", "html"
    return "text/plain", "txt"


def attachment(
    field_file, *, name: str, content_type: str = "", extension: str = ""
) -> FileResponse:
    """A download of `field_file` named from `name`; its type is sniffed when not given.

    A file missing from storage is a 404 with a message, never a server error.
    """
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    if not content_type or not extension:
        sniffed_type, sniffed_ext = sniff(handle.read(8192))
        handle.seek(0)
        content_type, extension = content_type or sniffed_type, extension or sniffed_ext
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(name, extension),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
