"""A small plan on the demo province: Sở Tư pháp leads, Văn phòng UBND tỉnh coordinates,
Sở Nội vụ is the plan's coordinator unit (so it reviews when no monitoring unit is named)."""

import pytest

from tests.builders import make_plan


@pytest.fixture
def plan(province):
    return make_plan(
        deadlines={
            "Rà soát văn bản quy phạm pháp luật": "30/6/2026",
            "Kiểm soát thủ tục hành chính": "Thường xuyên",
        }
    )


@pytest.fixture
def occ(plan):
    """The one-off occurrence of Sở Tư pháp (due 30/06/2026)."""
    return plan.tasks.get(content__startswith="Rà soát").occurrences.get()
