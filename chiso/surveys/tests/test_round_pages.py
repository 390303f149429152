"""Running a round from its page: sample frame, QR codes and poster, invitation slips."""

import io

import segno

from chiso.surveys.models import Invitation, SampleCell


def test_the_sample_frame_is_typed_as_lines_and_allocated(client_as, sipas_round):
    client = client_as("noivu")
    rows = "phường Tân Phong; Khu phố 1; 4.200\nUBND phường Tân Phong; Khu phố 2; 3100\n"
    page = client.post(f"/khao-sat/dot/{sipas_round.pk}/khung-mau/", {"rows": rows}, follow=True)
    assert "Đã lưu khung mẫu: cần thu 380 phiếu." in page.content.decode()
    assert sorted(SampleCell.objects.values_list("village", "needed")) == [
        ("Khu phố 1", 219),
        ("Khu phố 2", 161),
    ]
    bad = client.post(
        f"/khao-sat/dot/{sipas_round.pk}/khung-mau/", {"rows": "xã Không Có; 100"}, follow=True
    )
    assert "không tìm thấy đơn vị “xã Không Có”" in bad.content.decode()
    assert SampleCell.objects.count() == 2  # the earlier frame is untouched


def test_qr_codes_encode_the_public_link_of_the_round_unit_and_counter(client_as, sipas_round):
    client = client_as("noivu")
    png = client.get(f"/khao-sat/dot/{sipas_round.pk}/qr.png")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    svg = client.get(f"/khao-sat/dot/{sipas_round.pk}/qr.svg?quay=Quầy 3")
    expected = io.BytesIO()
    link = "http://testserver/ks/tan-phong/?quay=Qu%E1%BA%A7y+3"
    segno.make(link, error="m").save(expected, kind="svg", scale=8, border=2)
    assert svg["Content-Type"] == "image/svg+xml" and svg.content == expected.getvalue()
    poster = client.get(f"/khao-sat/dot/{sipas_round.pk}/ap-phich/?quay=Quầy 3").content.decode()
    assert "size:A5" in poster and "Ủy ban nhân dân phường Tân Phong" in poster
    assert link in poster and "Quầy 3" in poster and "<svg" in poster


def test_invitation_slips_are_downloaded_as_a_list(client_as, sipas_round):
    client = client_as("noivu")
    response = client.post(f"/khao-sat/dot/{sipas_round.pk}/ma-moi/", {"count": "25"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Mã mời;Đường dẫn" and len(lines) == 26
    code, link = lines[1].split(";")
    assert link == f"http://testserver/ks/tan-phong/?ma={code}"
    assert Invitation.objects.filter(round=sipas_round).count() == 25
    refused = client.post(f"/khao-sat/dot/{sipas_round.pk}/ma-moi/", {"count": "0"}, follow=True)
    assert "Số mã mời phải từ 1 đến 5000." in refused.content.decode()
