"""`chiso import-plan`: the --json contract, --dry-run, importing, errors on stderr."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from chiso.importer.models import ImportJob
from chiso.plans.models import Plan, Task
from tests.builders import SEED_DIR, TUY_PHUOC

CHISO = Path(sys.executable).with_name("chiso")
TASK_KEYS = {"no", "index", "component", "content", "output", "lead", "coordinating", "monitoring"}
TARGET_KEYS = {"index", "component", "baseline", "baseline_year", "target", "target_year"}


def _run(*args, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHISO_VAR_DIR": str(tmp_path), "LC_ALL": "C", "LANG": "C"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([str(CHISO), *args], capture_output=True, env=env, timeout=60)


def test_json_contract_on_the_console(tmp_path):
    done = _run(
        "import-plan",
        str(SEED_DIR / "dong-nai-2024-336-par-sipas-papi-pci.txt"),
        "--json",
        tmp_path=tmp_path,
    )
    assert done.returncode == 0, done.stderr.decode()
    draft = json.loads(done.stdout.decode("utf-8"))
    assert set(draft) >= {"plan", "targets", "tasks", "warnings"}
    assert draft["plan"]["number"] == "336/KH-UBND" and draft["plan"]["date"] == "2024-10-15"
    assert set(draft["plan"]) >= {"number", "issuer", "date", "title", "period"}
    assert len(draft["tasks"]) == 249
    task = draft["tasks"][0]
    assert set(task) >= TASK_KEYS | {"deadline"}
    assert set(task["deadline"]) >= {"raw", "kind", "dates"}
    assert set(draft["targets"][0]) >= TARGET_KEYS | {"rank_baseline", "rank_target"}
    assert "Sở Nội vụ" in done.stdout.decode("utf-8")  # UTF-8, not \\u escapes


def test_bad_file_exits_1_with_vietnamese_message(tmp_path):
    bad = tmp_path / "thu.txt"
    bad.write_text("Kính gửi các đồng chí.", encoding="utf-8")
    done = _run("import-plan", str(bad), "--json", tmp_path=tmp_path)
    assert done.returncode == 1 and done.stdout == b""
    assert "Không tìm thấy bảng nhiệm vụ" in done.stderr.decode("utf-8")


@pytest.mark.django_db
def test_json_with_owner_adds_agency_resolution(capsys, province):
    call_command(
        "import_plan",
        str(SEED_DIR / TUY_PHUOC),
        "--json",
        "--owner",
        "Ủy ban nhân dân huyện Tuy Phước",
    )
    draft = json.loads(capsys.readouterr().out)
    assert draft["scope"]["name"] == "Ủy ban nhân dân huyện Tuy Phước"
    assert draft["agencies"]["Phòng Nội vụ"]["label"] == "Phòng Nội vụ huyện Tuy Phước"
    assert "Phòng Kinh tế và Hạ tầng" in draft["unresolved"]
    assert not ImportJob.objects.exists() and not Plan.objects.exists()


@pytest.mark.django_db
def test_dry_run_writes_nothing(capsys, province):
    call_command("import_plan", str(SEED_DIR / TUY_PHUOC), "--dry-run")
    out = capsys.readouterr().out
    assert "không ghi" in out and "69 nhiệm vụ" in out
    assert "Ủy ban nhân dân huyện Tuy Phước" in out  # owner guessed from the title
    assert not ImportJob.objects.exists() and not Plan.objects.exists()


@pytest.mark.django_db
def test_import_then_reimport_is_refused(capsys, province):
    call_command("import_plan", str(SEED_DIR / TUY_PHUOC), "--user", "noivu")
    out = capsys.readouterr().out
    assert "Đã tạo kế hoạch với 69 nhiệm vụ" in out
    plan = Plan.objects.get()
    assert plan.created_by.username == "noivu" and Task.objects.count() == 69
    with pytest.raises(SystemExit) as exc:
        call_command("import_plan", str(SEED_DIR / TUY_PHUOC))
    assert exc.value.code == 1
    assert "đã được nhập" in capsys.readouterr().err
    assert Plan.objects.count() == 1 and ImportJob.objects.count() == 1


@pytest.mark.django_db
def test_unknown_owner_is_an_error(capsys, province):
    with pytest.raises(SystemExit):
        call_command("import_plan", str(SEED_DIR / TUY_PHUOC), "--owner", "Sở Không Có")
    assert "Không tìm thấy đơn vị" in capsys.readouterr().err
