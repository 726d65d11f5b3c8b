"""Samordna settings: everything that varies between installations comes from the environment."""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samordna.lib.env import envbool, envint, envlist, envstr, site_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("SAMORDNA_VAR_DIR", str(BASE_DIR / "var")))


def _secret_key() -> str:
    key = envstr("SECRET_KEY", "")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")
        return key
    # The embedded default: generated once and kept beside the database.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", "False")
HTTPS = envbool("HTTPS", "False")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
# Where `samordna serve` listens; the public address follows them unless SITE_URL names it (behind a proxy).
HOST = envstr("HOST", "127.0.0.1") or "127.0.0.1"
PORT = envint("PORT", "8000")
SITE_URL = (envstr("SITE_URL", "") or site_url(HOST, PORT)).rstrip("/")

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
    "csp",
    "django_tasks",
    "django_tasks_db",
    "samordna.accounts",
    "samordna.organisations",
    "samordna.meetings",
    "samordna.insatser",
    "samordna.finance",
    "samordna.samrad",
    "samordna.diarium",
    "samordna.protokoll",
    "samordna.publication",
    "samordna.mail",
    "samordna.ledamot",
    "samordna.checks",
    "samordna.arshjul",
    "samordna.exchange",
    "samordna.audit",
    "samordna.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samordna.web.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "samordna.lib.services.GuardMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "samordna.web.context.navigation",
            ],
        },
    },
]

# SQLite by default. WAL + synchronous=FULL keep committed writes durable; IMMEDIATE
# transactions take the write lock up front, so concurrent writers wait (busy timeout)
# instead of failing with "database is locked" when a deferred transaction upgrades.
_default_sqlite = f"sqlite:///{VAR_DIR / 'samordna.sqlite3'}"
DATABASE_URL = envstr("DATABASE_URL", _default_sqlite)
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", "0"))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": envstr("SAMORDNA_TEST_DB", "") or None}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The key pages are served from a per-process page cache keyed by the data's stamp (samordna/web/pagecache.py).
PAGE_CACHE = envbool("PAGE_CACHE", "True")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "samordna-default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "samordna-pages",
              "TIMEOUT": envint("PAGE_CACHE_SECONDS", "3600"),
              "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", "2000"), "CULL_FREQUENCY": 4}},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock out after 5 failures for the same username from the same address, for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", "0") or None

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "samordna" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# WhiteNoise serves the app's static files straight from the packages (no CDN, no collectstatic step).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Documents of the diarium: private files outside the static ones, served only by the access-checked view.
DOCUMENTS_ROOT = Path(envstr("SAMORDNA_DOCUMENTS_DIR", "") or VAR_DIR / "documents")
DOCUMENT_MAX_BYTES = envint("SAMORDNA_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024))
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers. No external CDN: everything the pages load comes from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "samordna.web.views.csrf_failure"  # a Swedish 403 in the layout
# Behind HTTPS (production): secure cookies, HSTS and redirect to https.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", "True")
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if envbool("BEHIND_PROXY", "False"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "samordna@localhost")
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")

# The e-mail queue (samordna/mail): django-tasks with its database backend (django-tasks-db), so a task
# row is written in the same transaction as the action that queues the e-mail. The worker (`samordna
# worker`, started by `samordna serve`) runs the tasks. TASKS_BACKEND may name another backend (e.g.
# django_tasks.backends.immediate.ImmediateBackend) for a development set-up without a worker.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
        or "django_tasks_db.DatabaseBackend",
    }
}
MAIL_MAX_ATTEMPTS = envint("MAIL_MAX_ATTEMPTS", "5")  # a delivery has failed after this many attempts
REMINDER_SECONDS = envint("REMINDER_SECONDS", "900")  # how often the worker sends the reminders that are due
MAIL_SWEEP_SECONDS = envint("MAIL_SWEEP_SECONDS", "60")  # how often the worker looks for lost deliveries

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
