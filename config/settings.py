"""Concordance settings: one file, configured by environment variables.

Defaults run a fresh clone on SQLite with DEBUG on; every variable is documented in the README.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-deploy"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A guessable key signs sessions and password-reset links: never serve with one.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",  # login throttling: failed attempts are recorded in the database (see "Hardening" below)
    "sources",
    "scoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into a 429 page
    "config.middleware.private_no_store",  # answers to signed-in users (pages, API, exports) are never cached
]

ROOT_URLCONF = "config.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite under var/ by default, in WAL mode so the dashboard can read while an import writes.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'concordance.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # where collectstatic writes
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Dates accepted on the way in (import, feeds, API filters): a publication date outside these years is a typo or
# an attack, and the far ends of ISO 8601 (year 9999 at -14:00 is year 10000 in UTC) cannot be read back by
# psycopg or Python once stored. `manage.py repair_dates` clears such dates already stored.
PUBLISHED_YEARS = (int(os.environ.get("PUBLISHED_YEAR_MIN", 1900)), int(os.environ.get("PUBLISHED_YEAR_MAX", 2100)))

# Import limits: one article's text, and one uploaded import file in the admin.
IMPORT_MAX_TEXT_BYTES = int(os.environ.get("IMPORT_MAX_TEXT_BYTES", 2 * 1024 * 1024))
# A request body other than file uploads (forms, JSON): 5 MB, then Django answers 400. Uploaded files are
# not held in memory past FILE_UPLOAD_MAX_MEMORY_SIZE (they spill to a temporary file) and are refused by
# the import form past IMPORT_UPLOAD_MAX_BYTES; put the same cap in the reverse proxy (client_max_body_size).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_UPLOAD_MAX_BYTES = int(os.environ.get("IMPORT_UPLOAD_MAX_BYTES", 50 * 1024 * 1024))

# --- Hardening. With DEBUG off these defaults pass `manage.py check --deploy` (tests/test_deploy.py).
# HTTPS: redirect, HSTS and cookies sent only over TLS. Each can be turned off by its variable, e.g.
# SECURE_SSL_REDIRECT=0 when a proxy already redirects, or all three for a plain-http load test on localhost.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# HSTS makes browsers refuse plain http for a year; 0 in development, where it would stick to localhost.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # allows, but does not make, a preload listing
# Behind a TLS-terminating proxy Django sees plain http; trust its X-Forwarded-Proto only when told to,
# because without such a proxy any client could send the header and pass as https.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Headers: no MIME sniffing, no framing, no referrer to other sites, a separate browsing context group.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Content Security Policy (django-csp): only our own files. No inline or remote scripts: charts.js and
# plotly.min.js are static files. Styles allow 'unsafe-inline' because Plotly writes style attributes into
# the SVG it draws; images allow data: for Plotly's icons and its "download as PNG".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES (a 429 page). Stored in the database, so the count is
# shared by every gunicorn worker and survives restarts; it covers the login page and the admin's alike.
AUTHENTICATION_BACKENDS = [
    "config.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", 15)) / 60  # hours
# Per username and address, so one attacker cannot lock a user out everywhere; and per address alone, so one address
# trying many usernames (password spraying) is locked out too once its failures reach the limit, whichever users
# they named. The address is REMOTE_ADDR: behind a reverse proxy that is the proxy's, so set the proxy to pass
# the client's address (or expect every client to share one count).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The admin's path, e.g. ADMIN_URL=backoffice-7f3a/ to keep it off the well-known /admin/ address.
ADMIN_URL = (os.environ.get("ADMIN_URL", "").strip("/") or "admin") + "/"

# A scanner's 404s and 400s are the client's errors: logged at INFO, without a traceback (config/logs.py), so the
# log at WARNING keeps the server's own faults. A request with a Host outside ALLOWED_HOSTS is one line, not a
# traceback (django.security.DisallowedHost).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_at_info": {"()": "config.logs.ClientErrorsAtInfo"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_at_info"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Celery: background jobs (config/celery.py, sources/jobs.py, scoring/jobs.py; docs/WORKERS.md) ---
# With CELERY_BROKER_URL set (Redis), jobs go to `celery -A config worker` processes; unset, every job runs
# eagerly in the calling process, so `make run` and the tests need no broker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True  # in-process, a failing job fails the caller instead of vanishing
if CELERY_TASK_ALWAYS_EAGER:
    # Never reach for a default broker (RabbitMQ on localhost) by accident. The in-memory transport names a host so
    # kombu does not warn "No hostname was supplied" on every import; nothing connects to it.
    CELERY_BROKER_URL = "memory://localhost/"
# Acknowledge a job only when it has finished, and hand it to another worker when its worker dies: scoring
# is idempotent, so running a job twice is harmless while losing one is not.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a worker holds one job at a time; the others wait for a free worker
# Redis hands a job that was never acknowledged (its worker was killed) to another worker after this many
# seconds; it must exceed the longest job, or a slow job is started twice. Workers look for such jobs every
# 10 s (kombu's default scans only every 100 s). A key prefix lets several installations (or test runs)
# share one Redis database.
_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 3600))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    "unacked_restore_interval": min(10, _VISIBILITY_TIMEOUT),
    "unacked_restore_throttle": 1,
    "global_keyprefix": os.environ.get("CELERY_KEY_PREFIX", ""),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker goes away keeps trying to reconnect, for as long as it takes (Celery's default gives up
# after 100 attempts and the worker exits); the job it is running finishes meanwhile. Its acknowledgement is
# lost with the connection, so Redis hands the job out again once back (scoring is idempotent). Explicit, so
# the running job is not cancelled on connection loss (Celery 6 is to change that default).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Results are optional: nothing in the app waits for one.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = not CELERY_RESULT_BACKEND
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# The admin import page saves the upload here and hands it on instead of importing during the request: to a
# worker, or without a broker to a background thread (sources/jobs.py, sources/runner.py).
IMPORT_UPLOAD_DIR = Path(os.environ.get("IMPORT_UPLOAD_DIR", VAR_DIR / "uploads"))

# Processes the engine may fork to score a large batch (0: one per CPU; 1: none). A Celery prefork worker
# scores in its own process whatever this says: a daemonic process may not have children.
ENGINE_WORKERS = int(os.environ.get("ENGINE_WORKERS", 0)) or None

# Feed polling (sources/feeds.py): every FEED_POLL_MINUTES under `celery -A config beat`, or `manage.py poll_feeds`.
FEED_POLL_MINUTES = int(os.environ.get("FEED_POLL_MINUTES", 30))
FEED_STALE_DAYS = int(os.environ.get("FEED_STALE_DAYS", 3))  # an outlet with no new article for this long is flagged
# Compared articles an outlet needs (overall, or in a week) before it gets a score rather than "insufficient evidence"
# (the engine's default is scoring.engine.fidelity.MIN_COMPARED).
OUTLET_MIN_COMPARED = int(os.environ.get("OUTLET_MIN_COMPARED", 5))
FEED_TIMEOUT_SECONDS = float(os.environ.get("FEED_TIMEOUT_SECONDS", 10))
# One outlet's whole poll (feed and pages): 50 pages that each drip until FEED_TIMEOUT_SECONDS would hold a worker
# for minutes. The entries left wait for the next poll.
FEED_POLL_DEADLINE_SECONDS = float(os.environ.get("FEED_POLL_DEADLINE_SECONDS", 60))
FEED_MAX_BYTES = int(os.environ.get("FEED_MAX_BYTES", IMPORT_MAX_TEXT_BYTES))
FEED_MAX_REDIRECTS = 5
# Feeds and pages on private, loopback, link-local or reserved addresses are refused (a feed url typed into the
# admin must not reach the machine's own services); tests serve feeds on 127.0.0.1 and turn this on.
FEEDS_ALLOW_PRIVATE = env_bool("FEEDS_ALLOW_PRIVATE", False)

# --- Alerts (scoring/alerts.py) ---
# Mail goes through Django's email backend: printed to the console unless EMAIL_HOST is set, then sent by SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "concordance@localhost")
ALERT_EMAIL_TO = env_list("ALERT_EMAIL_TO", "")  # recipients of rules that name none
ALERT_EVALUATE_MINUTES = int(os.environ.get("ALERT_EVALUATE_MINUTES", 60))  # beat's schedule
# Webhooks: a JSON POST to the address checked like a feed's (FEEDS_ALLOW_PRIVATE allows private ones), with a
# timeout per attempt and up to ALERT_WEBHOOK_ATTEMPTS attempts, waiting BACKOFF seconds, then twice as long ...
ALERT_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("ALERT_WEBHOOK_TIMEOUT_SECONDS", 10))
ALERT_WEBHOOK_ATTEMPTS = int(os.environ.get("ALERT_WEBHOOK_ATTEMPTS", 3))
ALERT_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("ALERT_WEBHOOK_BACKOFF_SECONDS", 2))
