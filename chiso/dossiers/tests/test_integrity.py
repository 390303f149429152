"""The dossier table keeps its references without database constraints (they cost a large import
a third of its time on PostgreSQL): what is written comes from the import's own resolution, and
deleting what dossiers point to is refused by Django, as the constraint would have refused it."""

import io

import pytest
from django.db.models import ProtectedError

from chiso.dossiers import services
from chiso.dossiers.models import Dossier, Kind, Procedure, Source
from chiso.dossiers.tests.helpers import csv_bytes, dossier
from chiso.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def imported():
    data = csv_bytes([dossier("H1"), dossier("H2", procedure="2.000001")])
    services.records_import(kind=Kind.DOSSIER, filename="ho-so.csv", stream=io.BytesIO(data))
    return list(Dossier.objects.select_related("source", "procedure", "unit"))


def test_every_imported_dossier_points_to_rows_that_exist(province):
    rows = imported()
    assert len(rows) == 2
    for row in rows:
        assert Source.objects.filter(pk=row.source_id).exists()
        assert Procedure.objects.filter(pk=row.procedure_id).exists()
        assert OrgUnit.objects.filter(pk=row.unit_id).exists()
    assert {r.procedure.code for r in rows} == {"1.001193", "2.000001"}
    assert {r.unit.name for r in rows} == {"Sở Tư pháp"}


@pytest.mark.parametrize("target", ["unit", "procedure", "source"])
def test_what_dossiers_point_to_cannot_be_deleted(province, target):
    row = imported()[0]
    referenced = getattr(row, target)
    with pytest.raises(ProtectedError):
        referenced.delete()
    assert Dossier.objects.count() == 2
    assert type(referenced).objects.filter(pk=referenced.pk).exists()
