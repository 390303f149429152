"""Backups an administrator can trust: a consistent database snapshot, the media files, a manifest.

A backup directory holds `database.sqlite3` (SQLite's online backup API: a consistent copy while the
app keeps running) or `database.dump` (`pg_dump` custom format, taken in an exported snapshot so the
row counts in the manifest describe exactly what was dumped), `media/` (a copy of MEDIA_ROOT) and
`manifest.json`: engine, time, the applied migrations, the row count of every table and the size and
SHA-256 of every file. `restore_backup` refuses a non-empty installation, restores both parts and
checks them against the manifest, so a damaged or partial backup is reported, not silently used.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from chiso.core import figures
from chiso.core.errors import DomainError

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"
FORMAT_VERSION = 1


@dataclass
class BackupSummary:
    directory: Path
    engine: str
    tables: dict[str, int]
    files: int
    bytes: int


@dataclass
class RestoreSummary:
    tables: int
    rows: int
    files: int
    problems: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_entries(root: Path) -> dict[str, dict]:
    entries = {}
    if not root.exists():
        return entries
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        entries[path.relative_to(root).as_posix()] = {
            "size": path.stat().st_size,
            "sha256": _sha256(path),
        }
    return entries


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise DomainError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: db.execute(f"SELECT COUNT(*) FROM {_quote(n)}").fetchone()[0] for n in names}


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def _pg_env(db: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from Django's settings (password via env)."""
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise DomainError(
            f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client)."
        ) from exc
    if done.returncode != 0:
        raise DomainError(f"{command[0]} báo lỗi: {done.stderr.strip()[:500]}")


def _migrations(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _prepare_target(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise DomainError(f"Thư mục {directory} đã có dữ liệu; hãy chọn một thư mục trống.")
    directory.mkdir(parents=True, exist_ok=True)


def backup_create(directory: Path, *, alias: str = "default") -> BackupSummary:
    """Write a snapshot of the database and the media files into an empty `directory`."""
    directory = Path(directory)
    engine = _engine(alias)
    _prepare_target(directory)
    migrations = _migrations(alias)
    if engine == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        target = directory / SQLITE_FILE
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        tables = _sqlite_counts(target)
    else:
        tables = _pg_dump(directory / PG_FILE, alias)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, directory / MEDIA_DIR)
    files = _file_entries(directory / MEDIA_DIR)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "migrations": migrations,
        "tables": tables,
        "files": files,
        "database_sha256": _sha256(directory / (SQLITE_FILE if engine == "sqlite" else PG_FILE)),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return BackupSummary(
        directory=directory,
        engine=engine,
        tables=tables,
        files=len(files),
        bytes=sum(f["size"] for f in files.values()),
    )


def _pg_dump(target: Path, alias: str) -> dict[str, int]:
    """Dump inside an exported snapshot so the counts match the dump exactly."""
    db = connections[alias].settings_dict
    args, env = _pg_env(db)
    import psycopg  # only PostgreSQL installations need the driver here

    conninfo = {
        "dbname": db["NAME"],
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            tables = _pg_counts(cursor)
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target), *args],
            env,
        )
        conn.execute("COMMIT")
    return tables


def read_manifest(directory: Path) -> dict:
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise DomainError(
            f"Không có tệp {MANIFEST} trong {directory}: không phải bản sao lưu."
        ) from exc
    except json.JSONDecodeError as exc:
        raise DomainError(f"Tệp {MANIFEST} bị hỏng: {exc}.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise DomainError("Bản sao lưu có định dạng không được hỗ trợ.")
    return manifest


def _installation_is_empty(alias: str) -> bool:
    introspection = connections[alias].introspection
    with connections[alias].cursor() as cursor:
        tables = introspection.table_names(cursor)
        if not tables:
            return True
        if "django_migrations" in tables:
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            if cursor.fetchone()[0]:
                return False
        for name in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")
            if cursor.fetchone()[0]:
                return False
    return True


def _verify_database_file(directory: Path, manifest: dict, problems: list[str]) -> None:
    name = SQLITE_FILE if manifest["engine"] == "sqlite" else PG_FILE
    path = directory / name
    if not path.exists():
        raise DomainError(f"Bản sao lưu thiếu tệp cơ sở dữ liệu {name}.")
    if _sha256(path) != manifest.get("database_sha256"):
        raise DomainError(f"Tệp {name} không khớp mã kiểm tra trong manifest: bản sao lưu bị hỏng.")


def restore_backup(directory: Path, *, alias: str = "default") -> RestoreSummary:
    """Restore a backup into an empty installation, then check it against the manifest."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise DomainError(
            f"Bản sao lưu là của {manifest['engine']}, cơ sở dữ liệu hiện tại là {engine}."
        )
    if not _installation_is_empty(alias):
        raise DomainError("Cơ sở dữ liệu đích đã có dữ liệu; chỉ khôi phục vào bản cài đặt trống.")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(p.is_file() for p in media.rglob("*")):
        raise DomainError(f"Thư mục tệp {media} đã có tệp; chỉ khôi phục vào bản cài đặt trống.")
    problems: list[str] = []
    _verify_database_file(directory, manifest, problems)
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(directory / SQLITE_FILE) as source:
            source.backup(connection.connection)
        connection.close()
    else:
        args, env = _pg_env(connection.settings_dict)
        connection.close()
        _run(["pg_restore", "--no-owner", "--exit-on-error", *args, str(directory / PG_FILE)], env)
    if (directory / MEDIA_DIR).exists():
        shutil.copytree(directory / MEDIA_DIR, media, dirs_exist_ok=True)
    summary = _check_restored(manifest, alias, media, problems)
    # A backup taken before a module's data version existed restores without it (see
    # `figures.create_scopes`): create what is missing, as a migrate would.
    figures.create_scopes(alias)
    return summary


def _check_restored(manifest: dict, alias: str, media: Path, problems: list[str]) -> RestoreSummary:
    with connections[alias].cursor() as cursor:
        for table, expected in manifest["tables"].items():
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
            found = cursor.fetchone()[0]
            if found != expected:
                problems.append(f"Bảng {table}: {found} dòng, bản sao lưu ghi {expected}.")
    restored = _file_entries(media)
    for name, entry in manifest["files"].items():
        got = restored.get(name)
        if got is None:
            problems.append(f"Thiếu tệp {name}.")
        elif got["sha256"] != entry["sha256"]:
            problems.append(f"Tệp {name} khác mã kiểm tra.")
    return RestoreSummary(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        problems=problems,
    )
