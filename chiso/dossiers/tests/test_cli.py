"""The command-line contracts other systems rely on: JSON keys, CSV columns, exit codes."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connection

from chiso.dossiers import generate
from chiso.dossiers.models import Dossier, DossierMonthly
from chiso.dossiers.tests.helpers import FEEDBACK_HEADERS, csv_bytes, dossier

KPI_COLUMNS = (
    "unit,month,received,online,digitised,resolved,early,on_time,late,late_apology,"
    "pending_overdue,payable,paid_online,on_time_rate,apology_rate,online_rate,digitised_rate,"
    "online_payment_rate"
)


def chiso(*args) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


@pytest.fixture
def export(tmp_path):
    def write(rows, headers=None, name="ho-so.csv"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows, headers) if headers else csv_bytes(rows))
        return str(path)

    return write


@pytest.mark.django_db
def test_import_json_and_exit_codes(province, export):
    path = export([dossier("H1", returned="09/03/2025"), dossier("H2")])
    code, out = chiso("dossiers", "import", path, "--json")
    assert code == 0
    assert json.loads(out) == {
        "rows": 2,
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
    }
    code, out = chiso("dossiers", "import", path, "--json")
    assert json.loads(out)["unchanged"] == 2

    bad = export([dossier("H3"), dossier("H4", channel="Điện thoại")], name="loi.csv")
    code, out = chiso("dossiers", "import", bad, "--json")
    assert code == 2
    body = json.loads(out)
    assert body["rejected"] == [
        {"row": 3, "column": "Hình thức nộp", "message": body["rejected"][0]["message"]}
    ]
    assert "Điện thoại" in body["rejected"][0]["message"]
    assert Dossier.objects.count() == 2


@pytest.mark.django_db
def test_skip_invalid_writes_the_rejected_rows_next_to_the_file(province, export, tmp_path):
    bad = export([dossier("H3"), dossier("H4", received="hôm qua")], name="loi.csv")
    code, out = chiso(
        "dossiers", "import", bad, "--skip-invalid", "--json", "--source", "Phần mềm A"
    )
    assert code == 0 and json.loads(out)["inserted"] == 1
    rejected = (tmp_path / "loi.dong-loi.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected[1].startswith("3,") and "hôm qua" in rejected[1]
    assert Dossier.objects.get().source.name == "Phần mềm A"


@pytest.mark.django_db
def test_kpi_csv_columns_in_order(province, export):
    chiso("dossiers", "import", export([dossier(returned="12/03/2025", apology="Có")]), "--json")
    code, out = chiso(
        "dossiers", "kpi", "--from", "2025-03-01", "--to", "2025-04-30", "--by", "unit,month"
    )
    lines = out.splitlines()
    assert lines[0] == KPI_COLUMNS
    assert lines[1] == "Sở Tư pháp,2025-03,1,1,1,1,0,0,1,1,0,1,1,0.00,100.00,100.00,100.00,100.00"
    assert lines[2] == "Sở Tư pháp,2025-04,0,0,0,0,0,0,0,0,0,0,0,,,,,"
    code, out = chiso(
        "dossiers", "kpi", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "unit"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and "month" not in rows[0] and rows[0]["received"] == "1"


@pytest.mark.django_db
def test_kpi_json(province, export):
    chiso("dossiers", "import", export([dossier(returned="09/03/2025")]), "--json")
    code, out = chiso(
        "dossiers", "kpi", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json"
    )
    (row,) = json.loads(out)
    assert list(row) == KPI_COLUMNS.split(",")
    assert (
        row["on_time_rate"] == 100.0 and row["apology_rate"] is None and row["month"] == "2025-03"
    )


@pytest.mark.django_db
def test_feedback_import_and_kpi(province, export):
    rows = [["PA1", "Sở Tư pháp", "01/03/2025", "10/03/2025", "12/03/2025", "Cổng", "Có", "Không"]]
    code, out = chiso("feedback", "import", export(rows, FEEDBACK_HEADERS), "--json")
    assert code == 0 and json.loads(out)["inserted"] == 1
    code, out = chiso(
        "feedback", "kpi", "--from", "2025-03-01", "--to", "2025-03-31", "--format", "json"
    )
    (row,) = json.loads(out)
    assert (row["handled_late"], row["satisfaction_rate"], row["on_time_rate"]) == (1, 0.0, 0.0)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_half_way_leaves_the_data_as_before(province, export, tmp_path):
    chiso(
        "dossiers",
        "import",
        export([dossier("H1"), dossier("H2", returned="05/03/2025")]),
        "--json",
    )
    before = list(DossierMonthly.objects.values_list("unit_id", "month", "received", "resolved"))
    big = tmp_path / "lon.csv"
    units = ["Sở Tư pháp", "Sở Tài chính", "Sở Y tế"]
    with big.open("w", encoding="utf-8", newline="") as f:
        rows = generate.dossier_rows(units, 40_000, *generate.DEMO_SPAN)
        csv.writer(f).writerows(rows)
    env = {**os.environ, "DATABASE_URL": _database_url()}
    script = os.path.join(os.path.dirname(sys.executable), "chiso")  # the installed console script
    cmd = [script, "dossiers", "import", str(big)]
    proc = subprocess.Popen(
        cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    deadline = time.monotonic() + 180
    for line in proc.stderr:  # wait until it is half-way through the file
        if "Đã đọc 50,000 dòng" in line or time.monotonic() > deadline:
            break
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert Dossier.objects.count() == 2
    assert (
        list(DossierMonthly.objects.values_list("unit_id", "month", "received", "resolved"))
        == before
    )
