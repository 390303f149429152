"""The four governance indices, named once for every app.

Pure (no models, no database): the importer's parsers use it as well as the models.
"""

from django.db import models


class IndexCode(models.TextChoices):
    PAR_INDEX = "PAR INDEX", "PAR INDEX"
    SIPAS = "SIPAS", "SIPAS"
    PAPI = "PAPI", "PAPI"
    PCI = "PCI", "PCI"


# In the order pages and reports list them.
INDEX_CODES: tuple[str, ...] = tuple(IndexCode.values)
