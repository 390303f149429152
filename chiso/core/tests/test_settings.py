"""Settings come from the environment with safe defaults and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def settings_in_subprocess(env: dict, expr: str) -> subprocess.CompletedProcess:
    code = f"import config.settings as s; print({expr})"
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_are_safe(tmp_path):
    result = settings_in_subprocess(
        {"CHISO_VAR_DIR": str(tmp_path)},
        "s.DEBUG, s.DATABASES['default']['ENGINE'], s.SESSION_COOKIE_HTTPONLY",
    )
    assert result.stdout.strip() == "False django.db.backends.sqlite3 True"


def test_secret_key_is_generated_once_under_var(tmp_path):
    env = {"CHISO_VAR_DIR": str(tmp_path)}
    first = settings_in_subprocess(env, "s.SECRET_KEY").stdout.strip()
    second = settings_in_subprocess(env, "s.SECRET_KEY").stdout.strip()
    assert len(first) > 40 and first == second
    assert (tmp_path / "secret_key").read_text() == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_database_url_and_hosts_from_env(tmp_path):
    result = settings_in_subprocess(
        {
            "CHISO_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://u:p@db.example:5432/chiso",
            "ALLOWED_HOSTS": "chiso.dongnai.gov.vn, 10.0.0.5",
            "SECRET_KEY": "from-env",
        },
        "s.DATABASES['default']['HOST'], s.ALLOWED_HOSTS, s.SECRET_KEY",
    )
    assert result.stdout.strip() == ("db.example ['chiso.dongnai.gov.vn', '10.0.0.5'] from-env")
    assert not (tmp_path / "secret_key").exists()


def test_bad_boolean_fails_loudly(tmp_path):
    result = settings_in_subprocess({"CHISO_VAR_DIR": str(tmp_path), "DEBUG": "maybe"}, "1")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_production_switches(tmp_path):
    result = settings_in_subprocess(
        {
            "CHISO_VAR_DIR": str(tmp_path),
            "SECURE_COOKIES": "true",
            "SECURE_HSTS_SECONDS": "31536000",
        },
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS",
    )
    assert result.stdout.strip() == "True True 31536000"
