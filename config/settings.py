"""chiso settings: one module, driven by environment variables with safe defaults.

Every variable is listed in .env.example. Bad values fail loudly at start-up.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CHISO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = load_secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_htmx",
    "template_partials",
    "ninja",  # serves the API docs' Swagger assets from our static files (no CDN)
    "django_tasks",
    "django_tasks_db",
    "chiso.core",
    "chiso.orgs",
    "chiso.plans",
    "chiso.tracking",
    "chiso.importer",
    "chiso.frameworks",
    "chiso.dashboard",
    "chiso.reports",
    "chiso.assessment",
    "chiso.dossiers",
    "chiso.surveys",
    "chiso.accountability",
    "chiso.emulation",
    "chiso.api",
]

# Demo data of each module (`chiso demo`), in data-flow order: plans from the seeds, index
# results, progress, reports. A new module with a demo.py adds its `load_demo` module here.
DEMO_MODULES = [
    "chiso.importer.demo",
    "chiso.frameworks.demo",
    "chiso.tracking.demo",
    "chiso.reports.demo",
    "chiso.assessment.demo",
    "chiso.dossiers.demo",
    "chiso.surveys.demo",
    "chiso.accountability.demo",
    "chiso.emulation.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chiso.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chiso.core.middleware.SessionIdleMiddleware",
    "chiso.core.request_memo.RequestMemoMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "chiso.core.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chiso.orgs.context_processors.navigation",
            ],
            "builtins": ["chiso.core.templatetags.text_tags"],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'chiso.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a report is being written; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file database too (not shared-cache memory, which locks whole tables), so the
    # background report and import threads meet SQLite the way they do in production.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Aggregate figures (dashboard, home counts) are cached under a data version kept in the
# database (chiso/core/figures.py), so a per-process memory cache is never stale even when other
# processes write; `chiso serve` is one process of waitress threads sharing it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "chiso-figures",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # The same, for the few large figures that are never changed once computed: kept by
    # reference, not copied at each read (chiso/core/kept_cache.py). Live objects take more
    # memory than pickled bytes (a ranking of 300 units: a few hundred kB): fewer entries.
    "kept": {
        "BACKEND": "chiso.core.kept_cache.ReferenceCache",
        "LOCATION": "chiso-kept-figures",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username+IP after repeated failures for a while.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Security events (logins, lockouts, tokens, denials, exports) are kept this long.
SECURITY_LOG_RETENTION_DAYS = env_int("SECURITY_LOG_RETENTION_DAYS", 365)
# API tokens expire; a new one is made in the profile page or with `chiso token`.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)

SESSION_COOKIE_AGE = env_int("SESSION_AGE_MINUTES", 8 * 60) * 60
# An idle timeout rather than an absolute one: chiso.core.middleware.SessionIdleMiddleware moves
# the expiry when the session was last saved more than SESSION_REFRESH_SECONDS ago.
SESSION_REFRESH_SECONDS = 300
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Production hardening: on unless DEBUG; HTTPS-only cookies need SECURE_COOKIES=true behind TLS.
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
# The reverse proxy's address (e.g. 127.0.0.1): `chiso serve` then takes the client's address
# from its X-Forwarded-For header (see chiso/core/management/commands/serve.py).
TRUSTED_PROXY = os.environ.get("TRUSTED_PROXY", "")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["chiso.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from static/ without collectstatic in dev
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded evidence and source documents: outside the web root, served through permission checks.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "chiso <no-reply@localhost>")

NINJA_PAGINATION_PER_PAGE = 100
# limit and offset bounded, so a huge offset is a 400 rather than a database overflow
NINJA_PAGINATION_CLASS = "chiso.core.params.Pagination"

# Reminders: a digest N days before each due date and on every overdue day; escalation to the
# unit's leader once a task has been overdue this many days.
TRACKING_REMIND_DAYS_BEFORE = env_int("REMIND_DAYS_BEFORE", 7)
TRACKING_ESCALATE_AFTER_DAYS = env_int("ESCALATE_AFTER_DAYS", 7)
# PAR assessment: reminders this many days before the self-assessment and appraisal deadlines.
ASSESSMENT_REMIND_DAYS_BEFORE = env_int("ASSESSMENT_REMIND_DAYS_BEFORE", 5)

# Report windows follow the national reporting rule (data from the 15th of the previous period's
# last month to the 14th of this period's last month); override per kind here if a province
# reports on calendar periods, e.g. {"quarter": {"start_day": None, "end_day": None}}.
REPORT_CUTOFF_RULES: dict = {}
# A report period's figures close by themselves (chốt số liệu) this many days after its cut-off,
# unless the coordinator closed them earlier.
REPORTS_CLOSE_GRACE_DAYS = env_int("REPORTS_CLOSE_GRACE_DAYS", 5)

# Background jobs (import parsing, report generation, periodic reminders and drafts) are tasks of
# Django's tasks framework, queued in the database and run by `chiso worker` (which `chiso serve`
# starts). A running job whose worker is gone is retried, up to TASKS_MAX_ATTEMPTS runs in all,
# then marked failed; a worker on another machine counts as gone after TASKS_LEASE_MINUTES of
# silence (a worker on the same machine as soon as its process has ended).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 2)
TASKS_LEASE_SECONDS = env_int("TASKS_LEASE_MINUTES", 60) * 60
# Reading an uploaded plan document runs in a child process with these ceilings (wall-clock
# seconds; memory in MB on top of what the process holds when it starts); a document that
# breaks one is refused with "cannot read this document" instead of holding a worker.
IMPORT_PARSE_SECONDS = env_int("IMPORT_PARSE_SECONDS", 120)
IMPORT_PARSE_MEMORY_MB = env_int("IMPORT_PARSE_MEMORY_MB", 1024)
if IMPORT_PARSE_SECONDS < 1 or IMPORT_PARSE_MEMORY_MB < 64:
    raise ImproperlyConfigured("IMPORT_PARSE_SECONDS must be >= 1 and IMPORT_PARSE_MEMORY_MB >= 64")
# Public survey form: answers accepted per IP address per hour (0 = no limit).
SURVEY_RATE_LIMIT = env_int("SURVEY_RATE_LIMIT", 60)
if SURVEY_RATE_LIMIT < 0:
    raise ImproperlyConfigured("SURVEY_RATE_LIMIT must be 0 (off) or a positive number")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
