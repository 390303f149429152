import pytest

from tests.builders import build_indexed_plan


@pytest.fixture
def work(province):
    """Đồng Nai results and targets, plus a plan whose tasks serve PAPI and PCI components.

    Sở Tư pháp: one task done on time, one overdue (PAPI D3); Sở Tài chính: one done late (PCI 3).
    """
    return build_indexed_plan(province)
