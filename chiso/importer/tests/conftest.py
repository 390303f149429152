"""Fixtures of the importer's database tests: owner units (documents: tests/builders.py)."""

import pytest

from chiso.orgs.models import OrgUnit


@pytest.fixture
def unit_named(province):
    def get(name: str) -> OrgUnit:
        return OrgUnit.objects.get(name=name)

    return get


@pytest.fixture
def dong_nai(province):
    return province


@pytest.fixture
def tuy_phuoc(unit_named):
    return unit_named("Ủy ban nhân dân huyện Tuy Phước")
