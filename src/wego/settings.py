"""Django settings, read from WEGO_* environment variables.

Every variable has a default that makes the embedded set-up work (SQLite in a data
folder, no external service). Typed helpers reject bad values with a message that
names the variable, so a typo fails at start-up instead of misbehaving later.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "wego"


DATA_DIR = Path(env_str("WEGO_DATA_DIR", str(default_data_dir()))).expanduser()
PRODUCTION = env_str("WEGO_ENV", "development") == "production"
if env_str("WEGO_ENV", "development") not in ("development", "production"):
    raise ImproperlyConfigured("WEGO_ENV must be 'development' or 'production'")
DEBUG = env_bool("WEGO_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("WEGO_DEBUG must not be true when WEGO_ENV=production")


def _secret_key() -> str:
    key = os.environ.get("WEGO_SECRET_KEY", "")
    if PRODUCTION:
        if not key:
            raise ImproperlyConfigured("WEGO_SECRET_KEY must be set when WEGO_ENV=production")
        if len(key) < 50 or len(set(key)) < 5:
            raise ImproperlyConfigured(
                "WEGO_SECRET_KEY must be at least 50 random characters when WEGO_ENV=production "
                '(e.g. python3 -c "import secrets; print(secrets.token_urlsafe(50))")'
            )
    if key:
        return key
    # Development and demo: one random key per data folder, kept private to its owner.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("WEGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("WEGO_CSRF_TRUSTED_ORIGINS", "")

_database_url = env_str("WEGO_DATABASE_URL", "")
if _database_url:
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(f"WEGO_DATABASE_URL is not a database URL: {exc}") from None
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "wego.sqlite3",
            "OPTIONS": {
                # WAL lets readers work while a writer commits; IMMEDIATE makes a
                # write transaction take the lock at BEGIN, so two writers queue
                # instead of failing half-way with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rules",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "wego.common",
    "wego.accounts",
    "wego.members",
    "wego.assessments",
    "wego.analysis",
    "wego.solutions",
    "wego.knowledge",
    "wego.assistance",
    "wego.awards",
    "wego.learning",
    "wego.governance",
    "wego.operations",
]

MIDDLEWARE = [
    "wego.operations.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wego.common.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wego.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "wego.urls"
WSGI_APPLICATION = "wego.wsgi.application"

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
                "django.template.context_processors.i18n",
                "wego.common.context_processors.navigation",
            ]
        },
    }
]

# Argon2 for new and changed passwords; older hashes still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface languages; each name is written in its own language, as the switcher shows it.
LANGUAGES = [
    ("en", "English"),
    ("ko", "한국어"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("WEGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("WEGO_STATIC_ROOT", str(DATA_DIR / "static")))
# WhiteNoise expects the folder to exist; `wego collectstatic` fills it for production.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("WEGO_MEDIA_ROOT", str(DATA_DIR / "media")))
# Serve static files from the package when collectstatic has not run (demo, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The cache lives in the database, so every application process and server shares it
# (no extra service to run); the table is created by a migration (wego.common).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wego_cache"}}

# Background work (PDF reports): queued in the database, run by `wego db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:mine"
LOGOUT_REDIRECT_URL = "home"
# Login throttling: this many failures for one address (or 4x as many from one IP
# address) within the window lock further attempts until the window has passed.
LOGIN_FAILURE_LIMIT = env_int("WEGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("WEGO_LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
INVITATION_DAYS = env_int("WEGO_INVITATION_DAYS", 14, minimum=1)
OTP_TOTP_ISSUER = "WeGO platform"

# Email: printed to the console unless an SMTP server is configured.
EMAIL_HOST = env_str("WEGO_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("WEGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("WEGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("WEGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("WEGO_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("WEGO_EMAIL_FROM", "WeGO platform <noreply@localhost>")
SITE_URL = env_str("WEGO_SITE_URL", "http://127.0.0.1:8000")

# Uploads: evidence files and offline workbooks.
MAX_UPLOAD_MB = env_int("WEGO_MAX_UPLOAD_MB", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("WEGO_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production (WEGO_ENV=production) turns on HTTPS only: redirects, HSTS for a year.
SECURE_SSL_REDIRECT = env_bool("WEGO_SSL_REDIRECT", PRODUCTION)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health$"]
SECURE_HSTS_SECONDS = env_int("WEGO_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WEGO_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("WEGO_HSTS_PRELOAD", PRODUCTION)
if env_bool("WEGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A login lasts this long (from the login, not from the last request), and optionally
# only until the browser closes.
SESSION_COOKIE_AGE = env_int("WEGO_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("WEGO_SESSION_BROWSER_CLOSE", False)

# Logs: one JSON object per line on standard error (or `text`), each with the request id.
LOG_FORMAT = env_str("WEGO_LOG_FORMAT", "json")
LOG_LEVEL = env_str("WEGO_LOG_LEVEL", "WARNING").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"WEGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"WEGO_LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wego.operations.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "wego.operations.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Instead of Django's own handlers (unstructured, or email): everything goes to the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Soft deletion and backups (wego.operations).
RETENTION_DAYS = env_int("WEGO_RETENTION_DAYS", 90, minimum=1)
# /health reports the worker as failing when a task has waited longer than this.
HEALTH_TASK_WAIT_SECONDS = env_int("WEGO_HEALTH_TASK_WAIT_SECONDS", 300, minimum=1)
