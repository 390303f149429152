"""An overdue recommendation is an overdue task of a visible plan: it shows on the dashboard."""

from datetime import date

from chiso.accountability import services


def test_overdue_recommendation_is_on_the_dashboard(client_as, held_inspection, persona):
    services.recommendation_add(
        inspection=held_inspection,
        content="Công khai đầy đủ thủ tục hành chính trên cổng",
        deadline=date(2026, 6, 30),
        by=persona("noivu"),
    )
    client = client_as("lanhdao")
    overview = client.get("/tong-quan/?nam=2026").content.decode()
    section = overview.split("Nhiệm vụ quá hạn theo đơn vị", 2)[-1]
    assert "Sở Tư pháp" in section
    drill = client.get("/tong-quan/chi-tiet/ky-thuc-hien/?nam=2026&trang_thai=overdue")
    assert "Công khai đầy đủ thủ tục hành chính trên cổng" in drill.content.decode()
