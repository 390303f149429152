import pytest

from chiso.frameworks.demo import load_dong_nai
from chiso.frameworks.loader import load_shipped_frameworks


@pytest.fixture
def frameworks(db):
    """The shipped framework definitions, by code (current version)."""
    from chiso.frameworks.models import Framework

    load_shipped_frameworks()
    return {f.code: f for f in Framework.objects.current()}


@pytest.fixture
def dong_nai(province, frameworks):
    """The demo province with its 2023 results and 2025 targets."""
    load_dong_nai()
    return province
