"""The one place that decides what a user may see and change.

`from chiso.orgs import access` gives every rule: the unit scopes in `core` and, built on them, one
module per domain (plans, tracking, frameworks, reports, importer). Views and API endpoints fetch
objects only through these helpers, so an outsider gets 404 by construction.
"""

from chiso.orgs.access.core import *  # noqa: F403
from chiso.orgs.access.frameworks import *  # noqa: F403
from chiso.orgs.access.importer import *  # noqa: F403
from chiso.orgs.access.plans import *  # noqa: F403
from chiso.orgs.access.reports import *  # noqa: F403
from chiso.orgs.access.tracking import *  # noqa: F403
