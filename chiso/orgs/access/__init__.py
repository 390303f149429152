"""The permission mechanism: roles, memberships and unit scopes, and the org-level rules.

Each app above orgs states its own visibility on its models (`Plan.objects.visible_to(user)`,
`Occurrence.objects.reviewable_by(user)`) and its per-object predicates (`tracking/rules.py`),
built on the scopes here. Objects named by an id from a URL are fetched with
`chiso.core.lookup.get_visible_or_404(queryset, pk, message)`.
"""

from chiso.orgs.access.core import *  # noqa: F403
