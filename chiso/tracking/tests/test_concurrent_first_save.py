"""Thirty simultaneous first saves of one period's report: one report, the others a conflict.

Committed transactions and one database connection per client thread, so on PostgreSQL the
inserts really collide on the one-report-per-unit constraint.
"""

import threading

import pytest
from django.test import Client
from django.urls import reverse

from chiso.tracking.models import ProgressReport

CLIENTS = 30


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_saves_keep_one_report_and_explain_the_rest(occ, persona):
    from django.db import connection

    url = reverse("tracking:occurrence", args=[occ.pk])
    clients = []
    for _ in range(CLIENTS):
        client = Client(raise_request_exception=False)
        client.force_login(persona("tuphap"))
        clients.append(client)
    start = threading.Barrier(CLIENTS)
    answers: list[tuple[int, str]] = []

    def save(client, n):
        try:
            start.wait()
            data = {"work_status": "in_progress", "percent": str(n), "narrative": f"Bản {n}"}
            response = client.post(url, {**data, "version": "0", "draft": "1"})
            answers.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted({status for status, _ in answers}) == [200, 302], [s for s, _ in answers]
    assert len(answers) == CLIENTS
    report = ProgressReport.objects.get()
    assert report.narrative.startswith("Bản ")
    losers = [page for status, page in answers if status == 200]
    assert len(losers) == CLIENTS - [s for s, _ in answers].count(302)
    assert all("chưa được lưu" in page for page in losers)
    assert all(report.narrative in page for page in losers)  # they see the report that won
