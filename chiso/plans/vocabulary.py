"""The roles a plan names a unit in for a task, named once for every app.

Pure (no models, no database): the importer's parsers use it as well as the models.
"""

from django.db import models


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    COORDINATING = "coordinating", "Phối hợp"
    MONITORING = "monitoring", "Theo dõi"


ASSIGNMENT_ROLES: tuple[str, ...] = tuple(AssignmentRole.values)
