"""Cards that modules above tracking add to the dashboard.

Registered by dotted path, as the API's ROUTERS are, so the dashboard imports none of those
modules statically; a panel is `fn(*, user, unit, today) -> dict | None` whose dict names its
template and carries that template's context. A panel that names an `index_code` and a `url`
is also linked from that index's card (e.g. the PAR INDEX card → the units' ranking).
"""

from importlib import import_module
from importlib.util import find_spec

PANELS = ["chiso.assessment.dashboard.panel", "chiso.dossiers.dashboard.panel"]


def panels(user, unit, today) -> list[dict]:
    found = []
    for dotted in PANELS:
        module, _, name = dotted.rpartition(".")
        if find_spec(module) is None:
            continue  # module not installed
        card = getattr(import_module(module), name)(user=user, unit=unit, today=today)
        if card:
            found.append(card)
    return found
