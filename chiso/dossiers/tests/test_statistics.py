"""After a large import the planner's statistics describe the new rows (PostgreSQL): the pages'
reads are planned for a province's data at once, not after autovacuum gets to the table."""

import csv
import io
from datetime import date

import pytest
from django.db import connection

from chiso.dossiers import generate, ingest, services
from chiso.dossiers.models import Kind
from chiso.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db
UNITS = ["Sở Tư pháp", "Sở Tài chính"]


def _import(per_unit: int) -> None:
    out = io.StringIO()
    span = (date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31))
    csv.writer(out).writerows(generate.dossier_rows(UNITS, per_unit, *span))
    services.records_import(
        kind=Kind.DOSSIER, filename="hs.csv", stream=io.BytesIO(out.getvalue().encode())
    )


def _most_common_units() -> set[int]:
    """PostgreSQL's statistics of the dossiers' unit column: its most common values."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text FROM pg_stats "
            "WHERE tablename = 'dossiers_dossier' AND attname = 'unit_id'"
        )
        row = cursor.fetchone()
    return {int(v) for v in row[0].strip("{}").split(",")} if row and row[0] else set()


def _sqlite_statistics() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        return cursor.fetchone() is not None


def test_a_large_import_refreshes_the_statistics(province):
    _import(ingest.ANALYZE_AFTER // len(UNITS))
    imported = set(OrgUnit.objects.filter(name__in=UNITS).values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        assert _most_common_units() == imported
    else:  # SQLite plans these reads well without statistics, and gathering them is slow
        assert not _sqlite_statistics()
