"""Downloaded files are named for what they really are (no .pdf.exe, no RTL-override tricks)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from chiso.core.downloads import safe_filename, sniff
from chiso.tracking.models import Evidence
from chiso.tracking.tests.test_workflow import PDF

RLO = "\u202e"


def _served_name(response) -> str:
    from urllib.parse import unquote

    header = response["Content-Disposition"]
    if "filename*=utf-8''" in header:
        return unquote(header.split("filename*=utf-8''", 1)[1])
    return header.split('filename="', 1)[1].rstrip('"')


def _upload(client, occ, name):
    client.post(
        f"/api/v1/occurrences/{occ.pk}/report",
        {
            "work_status": "done",
            "completed_on": "2026-01-15",
            "percent": 100,
            "narrative": "Xong",
            "submit": False,
            "files": [SimpleUploadedFile(name, PDF)],
        },
    )
    return Evidence.objects.get(original_name__contains="bao")


def test_an_exe_named_pdf_is_served_as_pdf(occ, client_as):
    client = client_as("tuphap")
    evidence = _upload(client, occ, "bao-cao.pdf.exe")
    for url in (
        reverse("tracking:evidence", args=[evidence.pk]),
        f"/api/v1/evidence/{evidence.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert _served_name(response) == "bao-cao.pdf"
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_right_to_left_override_is_dropped(occ, client_as):
    client = client_as("tuphap")
    evidence = _upload(client, occ, f"bao-cao-{RLO}fdp.exe")  # shows as "bao-cao-exe.pdf"
    name = _served_name(client.get(reverse("tracking:evidence", args=[evidence.pk])))
    assert RLO not in name and name.endswith(".pdf")


def test_a_plan_source_is_named_after_its_type(occ, client_as):
    plan = occ.task.plan
    plan.number = "15/KH-UBND.exe"
    plan.source_file.save("ke-hoach.exe", io.BytesIO(PDF), save=True)
    response = client_as("noivu").get(reverse("plans:source", args=[plan.pk]))
    assert response.status_code == 200 and _served_name(response) == "15-KH-UBND.pdf"


def test_a_missing_stored_file_is_not_found(occ, client_as):
    client = client_as("tuphap")
    evidence = _upload(client, occ, "bao-cao.pdf")
    evidence.file.storage.delete(evidence.file.name)
    response = client.get(reverse("tracking:evidence", args=[evidence.pk]))
    assert response.status_code == 404


def test_sniff_tells_text_from_html_and_binary_types():
    assert sniff(PDF) == ("application/pdf", "pdf")
    assert sniff(b"<!DOCTYPE html><html>")[1] == "html"
    assert sniff("Kế hoạch số 12".encode())[1] == "txt"


@given(st.text(max_size=300), st.sampled_from(["pdf", "docx", "xlsx", "png", "jpg", "zip"]))
def test_any_name_ends_in_the_real_extension_and_is_plain(name, extension):
    served = safe_filename(name, extension)
    assert served.endswith(f".{extension}") and len(served) <= 120
    assert not any(ch in served for ch in '/\\"\r\n\x00' + RLO + "\u2066\u200f")
    assert served.count(f".{extension}") >= 1 and not served.startswith(".")
