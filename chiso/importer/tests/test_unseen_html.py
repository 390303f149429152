"""A plan the seeds do not contain: other province, other headers, SIPAS/PAPI sections."""

from chiso.importer.cli_json import parse_file

PLAN = """<html><body>
<p>ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA</p><p>Số: 45/KH-UBND</p>
<p>Khánh Hòa, ngày 12 tháng 3 năm 2025</p>
<h2>KẾ HOẠCH</h2><p>Nâng cao Chỉ số hài lòng (SIPAS) và Chỉ số PAPI năm 2025</p>
<h3>Phụ lục: NHIỆM VỤ CỤ THỂ</h3>
<table border="1">
<tr><th>TT</th><th>Nội dung nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Đơn vị phối hợp</th>
<th>Sản phẩm</th><th>Thời hạn</th></tr>
<tr><td>I</td><td colspan="5">Chỉ số SIPAS</td></tr>
<tr><td>1</td><td>Khảo sát mức độ hài lòng</td><td>Sở Nội vụ</td>
<td>Văn phòng UBND tỉnh; UBND các huyện</td><td>Báo cáo kết quả khảo sát</td>
<td>Quý III/2025</td></tr>
<tr><td>II</td><td colspan="5">Chỉ số PAPI</td></tr>
<tr><td>1</td><td>Tuyên truyền Luật Thực hiện dân chủ ở cơ sở</td><td>Sở Tư pháp</td>
<td>UBND cấp xã</td><td>Hội nghị tuyên truyền</td><td>Hằng quý</td></tr>
</table></body></html>"""


def test_header_title_stops_before_the_appendix_and_tasks_follow_the_headers():
    draft = parse_file("khanh-hoa.html", PLAN.encode())
    plan = draft["plan"]
    assert (plan["number"], plan["date"]) == ("45/KH-UBND", "2025-03-12")
    assert plan["title"] == "Nâng cao Chỉ số hài lòng (SIPAS) và Chỉ số PAPI năm 2025"
    assert plan["period"] == ["2025-01-01", "2025-12-31"]
    survey, outreach = draft["tasks"]
    assert (survey["index"], survey["lead"]) == ("SIPAS", ["Sở Nội vụ"])
    assert survey["coordinating"] == ["Văn phòng UBND tỉnh", "UBND các huyện"]
    assert survey["output"] == "Báo cáo kết quả khảo sát"
    assert survey["deadline"] == {**survey["deadline"], "kind": "quarter", "dates": ["2025-09-30"]}
    assert outreach["index"] == "PAPI"
    assert outreach["deadline"]["kind"] == "recurring"
    assert outreach["deadline"]["dates"] == ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]
