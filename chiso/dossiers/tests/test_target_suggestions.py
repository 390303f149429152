"""The service page offers the plan tasks whose target reads like a one-stop KPI. Finding them
reads the text of every task the user may see, so they are kept until the plans or the org
tree change: a plan added after a view is offered on the next view."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders import make_plan

pytestmark = pytest.mark.django_db


def test_a_plan_added_after_a_view_is_offered_on_the_next_view(province):
    admin = get_user_model().objects.create_superuser("quantri-dvc", password="x")
    client = Client()
    client.force_login(admin)
    page = f"/dich-vu-cong/?don_vi={province.pk}&tu=2026-01&den=2026-03"
    first = "Bảo đảm 99% hồ sơ được giải quyết đúng và sớm hạn"
    make_plan(deadlines={first: "Quý I/2026"})
    assert first in client.get(page).content.decode()

    with CaptureQueriesContext(connection) as ctx:
        again = client.get(page).content.decode()
    assert first in again
    assert not any("plans_task" in q["sql"] for q in ctx.captured_queries)  # kept

    second = "Nâng tỷ lệ hồ sơ nộp trực tuyến đạt 80%"
    make_plan(deadlines={second: "Quý I/2026"}, number="16/KH-UBND")
    shown = client.get(page).content.decode()
    assert first in shown and second in shown
