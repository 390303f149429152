"""Evidence library: a unit's evidence by criterion and year, used again without re-upload."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chiso.assessment import library, selectors, services
from chiso.assessment.models import AssessmentFile
from chiso.assessment.tests.helpers import department_round, unit_of
from chiso.assessment.tests.test_cycle import PDF, _accepted_evidence
from chiso.core.errors import DomainError


@pytest.fixture
def years(province, persona):
    old, new = department_round(2024), department_round(2025)
    services.appraiser_assign(round_=new, user=persona("thamdinh"))
    stp_2024 = unit_of(old).scores.get(criterion__code="1.1.1")
    upload = services.score_file_upload(
        score=stp_2024,
        upload=SimpleUploadedFile("ke-hoach-cchc-2024.pdf", PDF),
        by=None,
        max_mb=5,
    )
    evidence = _accepted_evidence("Sở Tư pháp", date(2024, 3, 31), "bao-cao-2024")
    stp_2024.evidence.add(evidence)
    return {"old": old, "new": new, "upload": upload, "evidence": evidence}


def test_earlier_years_evidence_is_attached_as_the_same_file(years):
    score = (
        unit_of(years["new"])
        .scores.select_related("criterion", "assessment__round")
        .get(criterion__code="1.1.1")
    )
    earlier = library.earlier_items(score)
    assert [(year, item.name) for year, item in earlier] == [
        (2024, "bao-cao-2024.pdf"),
        (2024, "ke-hoach-cchc-2024.pdf"),
    ]
    files_before = AssessmentFile.objects.count()
    count = library.library_attach(
        score=score,
        file_ids=[years["upload"].pk],
        evidence_ids=[years["evidence"].pk],
        by=None,
    )
    assert count == 2
    assert AssessmentFile.objects.count() == files_before  # nothing copied
    carried = score.carried_files.get()
    assert carried.pk == years["upload"].pk and carried.file.name == years["upload"].file.name
    assert list(score.evidence.all()) == [years["evidence"]]
    assert library.earlier_items(score) == []
    row = next(r for r in selectors.leaf_rows(score.assessment) if r.criterion.code == "1.1.1")
    assert row.evidence_count == 2
    # the 2024 file cannot be deleted while 2025 uses it
    with pytest.raises(DomainError, match="dùng lại"):
        services.score_evidence_remove(
            score=years["upload"].score, file_id=years["upload"].pk, by=None
        )
    library.library_detach(score=score, file_id=years["upload"].pk, by=None)
    assert score.carried_files.count() == 0


def test_another_units_or_this_years_items_cannot_be_attached(years):
    foreign = services.score_file_upload(
        score=unit_of(years["old"], "Sở Tài chính").scores.get(criterion__code="1.1.1"),
        upload=SimpleUploadedFile("tai-chinh.pdf", PDF),
        by=None,
        max_mb=5,
    )
    score = unit_of(years["new"]).scores.get(criterion__code="1.1.1")
    this_year = services.score_file_upload(
        score=unit_of(years["new"]).scores.get(criterion__code="1.2.1"),
        upload=SimpleUploadedFile("nam-nay.pdf", PDF),
        by=None,
        max_mb=5,
    )
    for forged in ([foreign.pk], [this_year.pk], [years["upload"].pk, foreign.pk]):
        with pytest.raises(DomainError, match="thư viện các năm trước"):
            library.library_attach(score=score, file_ids=forged, evidence_ids=[], by=None)
    assert score.carried_files.count() == 0


def test_library_page_groups_by_criterion_and_year_for_the_unit_only(years, client_as):
    stp = unit_of(years["new"])
    url = f"/cham-diem/thu-vien/{stp.unit_id}/"
    page = client_as("tuphap").get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "Thư viện tài liệu kiểm chứng" in text
    assert "1.1.1." in text and "Năm 2024" in text and "ke-hoach-cchc-2024.pdf" in text
    for reader in ("thamdinh", "noivu"):
        assert client_as(reader).get(url).status_code == 200
    other = client_as("vpubnd")
    assert other.get(url).status_code == 404
    assert (
        other.get(f"/cham-diem/thu-vien/{stp.unit_id}/tep/{years['upload'].pk}/").status_code == 404
    )
    assert other.get("/cham-diem/thu-vien/99999999/").status_code == 404
    download = client_as("tuphap").get(f"{url}tep/{years['upload'].pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_leaf_page_offers_and_attaches_last_years_file(years, client_as):
    stp = unit_of(years["new"])
    officer = client_as("tuphap")
    leaf_url = f"/cham-diem/{years['new'].pk}/don-vi/{stp.unit_id}/tieu-chi/1.1.1/"
    text = officer.get(leaf_url).content.decode()
    assert "Tài liệu các năm trước" in text and "ke-hoach-cchc-2024.pdf" in text
    response = officer.post(f"{leaf_url}thu-vien/", {"tep": [years["upload"].pk]}, follow=True)
    assert "Đã dùng lại 1 tài liệu" in response.content.decode()
    assert stp.scores.get(criterion__code="1.1.1").carried_files.get() == years["upload"]
    # an appraiser reads the page but cannot attach
    appraiser = client_as("thamdinh")
    assert appraiser.get(leaf_url).status_code == 200
    assert appraiser.post(f"{leaf_url}thu-vien/", {"minh_chung": [1]}).status_code == 404


def test_library_page_queries_do_not_grow_with_items(years, client_as):
    officer = client_as("tuphap")
    url = f"/cham-diem/thu-vien/{unit_of(years['new']).unit_id}/"
    with CaptureQueriesContext(connection) as few:
        officer.get(url)
    for code in ("1.2.1", "1.1.1", "2.1.1"):
        for n in range(3):
            services.score_file_upload(
                score=unit_of(years["old"]).scores.get(criterion__code=code),
                upload=SimpleUploadedFile(f"them-{code}-{n}.pdf", PDF),
                by=None,
                max_mb=5,
            )
    with CaptureQueriesContext(connection) as many:
        page = officer.get(url)
    assert "them-2.1.1-2.pdf" in page.content.decode()
    assert len(many) == len(few)
