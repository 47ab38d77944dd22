"""Django settings for OpenREM.

Every setting a site may change is read from the environment (``OPENREM_*``), see docs/configuration.md.
An optional ``openrem/local_settings.py`` is imported last and may override anything here.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from openrem.env import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_str,
    load_or_create_secret_key,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DATA_DIR = Path(env_str("OPENREM_DATA_DIR", "data")).expanduser().resolve()

DEBUG = env_bool("OPENREM_DEBUG", False)
SECRET_KEY = env_str("OPENREM_SECRET_KEY") or load_or_create_secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("OPENREM_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("OPENREM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Bootstrap's CSS and JS as static files, from the django-bootstrap-static package: no CDN.
    "bootstrap",
    "remapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "remapp.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes): after this many failed logins for one user name from one address, that
# pair is locked out for the cool-off time. Admins can lift a lockout in the admin pages (Axes section).
AXES_FAILURE_LIMIT = env_int("OPENREM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPENREM_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "remapp/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("OPENREM_PROXY_COUNT", 0) or None

# Content Security Policy (django-csp): only our own scripts, styles and images; nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the small SVG icons Bootstrap's CSS embeds.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "openrem.urls"

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
                "remapp.context_processors.openrem",
            ],
        },
    },
]

WSGI_APPLICATION = "openrem.wsgi.application"
ASGI_APPLICATION = "openrem.asgi.application"

DATABASES = {
    "default": parse_database_url(
        env_str("OPENREM_DATABASE_URL", f"sqlite:///{DATA_DIR / 'openrem.db'}")
    )
}
if "TEST" not in DATABASES["default"] and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Each CI run asks for a fresh database through this name.
    DATABASES["default"]["TEST"] = {"NAME": env_str("OPENREM_TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "remapp:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# Stored times are aware (UTC in the database); pages show them in the site's zone.
USE_TZ = True
TIME_ZONE = env_str("OPENREM_TIME_ZONE", "UTC")
USE_I18N = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("OPENREM_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("OPENREM_MEDIA_ROOT", str(DATA_DIR / "media"))).resolve()
LOG_DIR = Path(env_str("OPENREM_LOG_DIR", str(DATA_DIR / "logs"))).resolve()

# Security. HTTPS is usually terminated by a reverse proxy in front of us; say so with OPENREM_HTTPS.
HTTPS = env_bool("OPENREM_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("OPENREM_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("OPENREM_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OPENREM_HSTS_INCLUDE_SUBDOMAINS", False)

# Background tasks (exports). Django's tasks API through the django-tasks backport on Django 5.2.
# db: tasks wait in this database for `manage.py db_worker` (the default; nothing else to run).
# rq: tasks wait in Redis for `manage.py rqworker --job-class django_tasks_rq.Job` (pip install openrem[rq]).
# immediate: run inside the request that asks for them (tests, tiny sites; a big export blocks the page).
TASK_BACKEND = env_str("OPENREM_TASK_BACKEND", "db").strip().lower()
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ConfigError(
        f"OPENREM_TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASK_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
if TASK_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env_str("OPENREM_REDIS_URL", "redis://localhost:6379/0")}}

# Exports: studies fetched per round trip (memory grows with it, speed up to a point).
EXPORT_CHUNK_SIZE = env_int("OPENREM_EXPORT_CHUNK_SIZE", 2000)
# An export whose worker has reported nothing for this long is failed (the worker was killed).
EXPORT_STALE_MINUTES = env_int("OPENREM_EXPORT_STALE_MINUTES", 15)
# Finished and failed exports, with their files, are deleted after this many days (0: kept until deleted).
EXPORT_KEEP_DAYS = env_int("OPENREM_EXPORT_KEEP_DAYS", 30)
if EXPORT_STALE_MINUTES < 1 or EXPORT_KEEP_DAYS < 0:
    raise ConfigError("OPENREM_EXPORT_STALE_MINUTES must be 1 or more and OPENREM_EXPORT_KEEP_DAYS 0 or more")

# DICOM network (docs/dicom-network.md): the Store SCP's defaults and where received objects wait.
OPENREM_SCP_AET = env_str("OPENREM_SCP_AET", "OPENREM")
OPENREM_SCP_PORT = env_int("OPENREM_SCP_PORT", 11112)
OPENREM_SCP_BIND = env_str("OPENREM_SCP_BIND", "127.0.0.1")
OPENREM_SCP_KEEP_PIXELS = env_bool("OPENREM_SCP_KEEP_PIXELS", False)
OPENREM_DICOM_DIR = Path(env_str("OPENREM_DICOM_DIR", str(DATA_DIR / "dicom"))).resolve()

LOG_LEVEL = env_str("OPENREM_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "remapp": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}
if env_bool("OPENREM_LOG_TO_FILE", True):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {
        "class": "logging.handlers.RotatingFileHandler",
        "filename": str(LOG_DIR / "openrem.log"),
        "maxBytes": 10 * 1024 * 1024,
        "backupCount": 5,
        "formatter": "plain",
        "encoding": "utf-8",
    }
    for _logger in LOGGING["loggers"].values():
        _logger["handlers"] = [*_logger.get("handlers", []), "file"]

try:  # A site's own overrides, kept out of version control (see docs/configuration.md).
    from openrem.local_settings import *  # noqa: F403,E402
except ImportError:
    pass
