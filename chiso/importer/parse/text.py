"""Small text utilities shared by the parsers: cell cleaning, numbering, bullets."""

from __future__ import annotations

import re

from chiso.core.lib.vntext import fold

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BLOCK_TAG = re.compile(r"<(?:/?(?:p|li|ul|ol|div|tr)|br\s*/?)(?:\s[^>]*)?>", re.IGNORECASE)
_STT = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6}|[a-zđ])$")
_BULLET = re.compile(r"^\s*(?:[-–—+•*·▪●○]|\d{1,2}[.)]\s)\s*")
_MD = re.compile(r"^\*+|\*+$")


def strip_html(text: str) -> str:
    """HTML fragments pasted into cells: <li>/<p>/<br> become line breaks, other tags vanish."""
    if "<" not in text or not _TAG.search(text):
        return text
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    for entity, char in (("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(entity, char)
    return text


def clean_cell(text: str | None) -> str:
    """Cell text without HTML, markdown emphasis, doubled spaces or empty lines."""
    text = strip_html(text or "")
    lines = []
    for line in text.split("\n"):
        line = _MD.sub("", re.sub(r"[ \t\u00a0]+", " ", line).strip()).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def norm_stt(text: str | None) -> str | None:
    """Normalise a row number: '1.1.' -> '1.1', '8.1. 1' -> '8.1.1', 'II' -> 'II'."""
    if not text:
        return None
    compact = re.sub(r"\s+", "", text).rstrip(".)")
    if len(compact) > 14 or not compact:
        return None
    return compact if _STT.match(compact) else None


def is_roman(stt: str | None) -> bool:
    return bool(stt) and bool(re.fullmatch(r"[IVXL]+", stt or ""))


def stt_depth(stt: str) -> int:
    return 0 if is_roman(stt) else stt.count(".") + 1


def is_child(parent: str, child: str) -> bool:
    """'1.3' is the parent of '1.3.1'; a roman numeral is the parent of everything below it."""
    if is_roman(parent):
        return not is_roman(child)
    return child.startswith(parent + ".")


def is_bullet(line: str) -> bool:
    return bool(re.match(r"^\s*[-–—+•·▪●○]\s*\S", line))


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip() if is_bullet(line) else line.strip()


def folded(text: str) -> str:
    return fold(text)


# Lines a web page adds around the plan it shows ("Nguồn tra cứu: vanban.phaplyvn.com"), never
# the plan's own words; matched on folded text.
_WEB_FOOTER = re.compile(
    r"^(?:nguon tra cuu|nguon van ban|nguon\s*:\s*\S+\.(?:vn|com|net|org)\b|"
    r"(?:https?://|www\.)\S+$|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org)/?$)"
)


def is_web_footer(line: str) -> bool:
    return bool(_WEB_FOOTER.match(fold(line).strip()))


def tidy_task_text(text: str | None) -> str:
    """A task's text as the plan wrote it: web-page footers removed, and the dash in front of its
    first line dropped ("- Rà soát…" reads "Rà soát…"); the bullets of the lines below stay."""
    lines = [line for line in (text or "").split("\n") if not is_web_footer(line)]
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and re.match(r"^\s*[-–—]\s*\S", lines[0]):
        lines[0] = re.sub(r"^\s*[-–—]\s*", "", lines[0], count=1)
    return "\n".join(lines).strip()
