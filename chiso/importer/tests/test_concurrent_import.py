"""Twelve clients posting the same plan at once create one plan (the others hear it exists).

Runs on the real database with committed transactions and one connection per client thread,
so on PostgreSQL the requests really overlap between the duplicate check and the insert.
"""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from chiso.api.services import token_create
from chiso.importer.models import ImportJob
from chiso.plans.models import Plan
from tests.builders import plan_docx

CLIENTS = 12


@pytest.mark.django_db(transaction=True)
def test_simultaneous_imports_of_one_file_create_one_plan(province, persona):
    _, token = token_create(user=persona("noivu"), name="test")
    data = plan_docx()
    start = threading.Barrier(CLIENTS)
    answers: list[tuple[int, str]] = []

    def post():
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False)
            start.wait()
            response = client.post(
                "/api/v1/plans/import", {"file": SimpleUploadedFile("ke-hoach.docx", data)}
            )
            is_json = response["Content-Type"].startswith("application/json")
            body = response.json().get("detail", "") if is_json else response.content.decode()
            answers.append((response.status_code, body))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [400] * (CLIENTS - 1), answers
    assert Plan.objects.count() == 1
    refused = [body for status, body in answers if status == 400]
    assert all("đã được nhập trước đó" in detail for detail in refused), refused
    assert ImportJob.objects.count() == 1  # the losers' drafts and files are discarded
