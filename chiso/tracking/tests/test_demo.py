import io
from datetime import date

from chiso.tracking.demo import load_demo
from chiso.tracking.models import Occurrence, ProgressReport
from chiso.tracking.status import Status
from tests.builders import make_plan


def test_demo_spreads_reports_and_is_idempotent(province):
    make_plan(
        deadlines={f"Nhiệm vụ {i}": "Thường xuyên" for i in range(12)},
        start=date(2023, 1, 1),
        end=date(2025, 12, 31),
        number="01/KH-UBND",
    )
    out = io.StringIO()
    load_demo(out)
    assert "01/KH-UBND" in out.getvalue() and "DEMO-2026/KH-UBND" in out.getvalue()
    counts = {
        s: Occurrence.objects.with_status(date(2026, 11, 21)).filter(status=s).count()
        for s in Status.values
    }
    assert counts[Status.DONE_ON_TIME] and counts[Status.DONE_LATE] and counts[Status.OVERDUE]
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert {"accepted", "returned", "submitted"} <= states
    before = (Occurrence.objects.count(), ProgressReport.objects.count())
    load_demo(io.StringIO())
    assert (Occurrence.objects.count(), ProgressReport.objects.count()) == before
