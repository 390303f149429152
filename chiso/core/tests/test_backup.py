"""Backup and restore round trip on the database the suite runs on (SQLite or PostgreSQL).

The backup is taken in-process from the test database; the restore runs the real `chiso restore`
command in a subprocess against a brand-new empty database of the same engine, then every table's
row count and every media file's checksum are compared with the source.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from chiso.core.backup import MANIFEST, backup_create, restore_backup
from chiso.core.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def _media_file(relative: str, content: bytes) -> None:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
            counts[name] = cursor.fetchone()[0]
    return counts


def _chiso(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_overrides}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [str(Path(sys.executable).parent / "chiso"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def empty_target(tmp_path):
    """A DATABASE_URL for a new empty database of the suite's engine, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", None
        return
    import psycopg  # the PostgreSQL run only

    db = connection.settings_dict
    name = f"chiso_restore_{uuid.uuid4().hex[:10]}"
    admin = {"dbname": "postgres", "host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    with psycopg.connect(**{k: v for k, v in admin.items() if v}, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user = db["USER"] or "postgres"
    yield f"postgres://{user}@{db['HOST']}:{db['PORT'] or 5432}/{name}", name
    with psycopg.connect(**{k: v for k, v in admin.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _target_counts(url: str, pg_name: str | None, tables) -> dict[str, int]:
    if pg_name is None:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    import psycopg

    with psycopg.connect(url) as conn:
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_backup_and_restore_round_trip_keeps_every_row_and_file(province, tmp_path, empty_target):
    _media_file("evidence/2025/bao-cao-quy-1.pdf", b"%PDF-1.4 kiem chung\n" * 100)
    _media_file("plans/ke-hoach-336.docx", os.urandom(4096))
    before = _source_counts()
    assert before["orgs_orgunit"] > 10

    summary = backup_create(tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert manifest["tables"] == {k: v for k, v in before.items() if k in manifest["tables"]}
    assert summary.files == 2

    url, pg_name = empty_target
    media2 = tmp_path / "media-restored"
    done = _chiso(
        {"DATABASE_URL": url, "MEDIA_ROOT": str(media2), "CHISO_VAR_DIR": str(tmp_path / "var")},
        "restore",
        str(tmp_path / "backup"),
    )
    assert done.returncode == 0, done.stderr
    assert "khớp manifest" in done.stdout

    assert _target_counts(url, pg_name, before) == before
    for name, entry in manifest["files"].items():
        restored = (media2 / name).read_bytes()
        assert hashlib.sha256(restored).hexdigest() == entry["sha256"]


def test_restore_refuses_an_installation_that_has_data(province, tmp_path):
    backup_create(tmp_path / "backup")

    with pytest.raises(DomainError, match="đã có dữ liệu"):
        restore_backup(tmp_path / "backup")


def test_backup_refuses_a_directory_with_files(province, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x.txt").write_text("x")
    with pytest.raises(DomainError, match="thư mục trống"):
        backup_create(tmp_path / "old")


def test_a_damaged_backup_is_reported_not_restored(province, tmp_path, empty_target):
    backup_create(tmp_path / "backup")
    database = next(p for p in (tmp_path / "backup").iterdir() if p.name.startswith("database"))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    url, _ = empty_target
    done = _chiso(
        {"DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "m"), "CHISO_VAR_DIR": str(tmp_path)},
        "restore",
        str(tmp_path / "backup"),
    )
    assert done.returncode != 0
    assert "bị hỏng" in done.stderr
