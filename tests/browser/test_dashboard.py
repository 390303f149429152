"""The demo leader opens the dashboard and sees the four index cards with the Đồng Nai figures."""

import os

import pytest
from playwright.sync_api import expect

from chiso.frameworks.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_the_four_index_cards_with_dong_nai_figures(login, page):
    load_demo()
    login("lanhdao")
    page.get_by_role("link", name="Tổng quan chỉ số").first.click()
    page.wait_for_url("**/tong-quan/**")
    cards = page.locator("article.index-card")
    expect(cards).to_have_count(4)
    expected = {
        "PAR INDEX": ["87,00", "91,90"],
        "SIPAS": ["80,23", "80,74", "45/63"],
        "PAPI": ["39,92", "55,15"],
        "PCI": ["66,22", "66,28", "72,83"],
    }
    for index, figures in expected.items():
        text = page.locator(f'article.index-card[data-index="{index}"]').inner_text()
        for figure in figures:
            assert figure in text, (index, figure)
    if os.environ.get("CHISO_SCREENSHOTS"):  # refresh the user guide's picture
        page.screenshot(path="docs/img/tong-quan.png")
    pci = page.locator('article.index-card[data-index="PCI"]')
    assert "cộng đơn giản" in pci.inner_text()

    pci.get_by_role("link", name="66,22").click()
    page.wait_for_url("**/chi-tiet/ket-qua/**")
    assert "Tính minh bạch" in page.content() and "Kế hoạch 336" in page.content()
