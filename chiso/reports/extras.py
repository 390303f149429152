"""Report sections that modules above tracking contribute to the compiled report.

Registered by dotted path (like the API's ROUTERS) so reports imports none of them statically.
A contributor is `fn(*, unit_id, year, first_month, last_month) -> dict | None` returning
JSON-ready content: {"title", "paragraphs": [str], "table": {"headers", "rows", "widths"} | None}.
"""

from importlib import import_module
from importlib.util import find_spec

EXTRA_SECTIONS = ["chiso.dossiers.report.section"]


def collect(*, unit_id: int, year: int, first_month: int, last_month: int) -> list[dict]:
    found = []
    for dotted in EXTRA_SECTIONS:
        module, _, name = dotted.rpartition(".")
        if find_spec(module) is None:
            continue  # module not installed
        fn = getattr(import_module(module), name)
        part = fn(unit_id=unit_id, year=year, first_month=first_month, last_month=last_month)
        if part:
            found.append(part)
    return found
