"""Demo: the 2025 emulation model of the departments, a draft scored live from the demo's plans,
assessment and one-stop data. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from chiso.emulation import services
from chiso.emulation.models import EmulationModel
from chiso.orgs.models import UnitGroup

YEAR = 2025
GROUP = "Các Sở, ban, ngành"


def load_demo(stdout=None) -> None:
    group = UnitGroup.objects.filter(name=GROUP).order_by("pk").first()
    if group is None:
        return
    if not EmulationModel.objects.filter(year=YEAR, group=group).exists():
        by = get_user_model().objects.filter(username="noivu").first()
        services.model_create(year=YEAR, group=group, by=by)
    if stdout is not None:
        stdout.write(f"Đã tạo bảng tiêu chí thi đua năm {YEAR} của {GROUP} (dự thảo).")
