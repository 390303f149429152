"""Each role lands where its work is and sees only the menus it can use."""

import pytest
from django.urls import reverse

from chiso.core.lib.text import excerpt
from chiso.orgs.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _menu(client) -> str:
    html = client.get(reverse("plans:list")).content.decode()
    start = html.index('aria-label="Điều hướng chính"')
    return html[start : html.index("</nav>", start)]


def test_leader_lands_on_the_dashboard_after_login(province, client):
    response = client.post(
        reverse("login"), {"username": "lanhdao", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard:index")


def test_leader_sees_no_menu_for_work_of_a_unit(client_as):
    menu = _menu(client_as("lanhdao"))
    assert "Tổng quan chỉ số" in menu
    assert "Duyệt báo cáo" not in menu and "Nhiệm vụ của đơn vị" not in menu


def test_officer_and_coordinator_keep_their_unit_menus(client_as):
    for username in ("tuphap", "noivu"):
        menu = _menu(client_as(username))
        assert "Duyệt báo cáo" in menu and "Nhiệm vụ của đơn vị" in menu
    assert client_as("noivu").get(reverse("home")).status_code == 200


def test_home_page_cards_are_links(client_as):
    html = client_as("tuphap").get(reverse("home")).content.decode()
    my_tasks = reverse("tracking:my_tasks")
    assert f'<a class="card card-link" href="{my_tasks}"><h2>Quá hạn</h2>' in html
    assert f'<a class="card card-link" href="{my_tasks}"><h2>Đang thực hiện</h2>' in html


def test_notification_texts_cut_at_words_without_double_dashes():
    text = "- Hướng dẫn các cơ quan, đơn vị tổ chức thực hiện tuyển dụng công chức cấp xã\n- Tăng"
    short = excerpt(text, 40)
    assert short == "Hướng dẫn các cơ quan, đơn vị tổ chức…"
    assert excerpt("- " + text, 200).startswith("Hướng dẫn") and "- -" not in excerpt(text, 200)
    assert excerpt(text, 200).endswith("cấp xã; Tăng")
