"""Settings shared by every environment. Everything that differs per machine comes from the environment."""

from pathlib import Path

import django_stubs_ext
import environ
from django.utils.translation import gettext_lazy as _

# Django's generic classes (ModelAdmin[Job], ModelForm[User], …) may be subscripted as the type checker reads them
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "guardian",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "pmis.core",
    "pmis.accounts",
    "pmis.reference",
    "pmis.notifications",
    "projects",
    "portfolio",
    "monitoring",
    "expertise",
    "audits",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pmis.core.locale.LocaleMiddleware",
    "portfolio.public.middleware.PublicLanguageCookieMiddleware",  # remembers /kk/ /ru/ /en/, outside the cache
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pmis.accounts.middleware.LoginLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pmis.accounts.middleware.SessionTimeoutMiddleware",
    "pmis.accounts.middleware.AdminOTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pmis.urls"
WSGI_APPLICATION = "pmis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pmis.core.context_processors.portal",
                "portfolio.public.context_processors.public_shell",  # public/base.html under /kk/ /ru/ /en/
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
ANONYMOUS_USER_NAME = None  # guardian: anonymous users get no object permissions

# Sign-in protection: lock out after repeated failures (django-axes), log every attempt.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ...and per address across user names (password spraying): see pmis.accounts.lockout
AXES_HANDLER = "pmis.accounts.lockout.SignInLockoutHandler"
PMIS_SIGNIN_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
# behind N reverse proxies the client's address comes from X-Forwarded-For (0: REMOTE_ADDR, no proxy)
PMIS_TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "pmis.accounts.lockout.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# every failed attempt is also kept as a row (admin: Axes → access failures), capped per user by axes
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Sessions: absolute lifetime 12 h, idle timeout 30 min (SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

OTP_TOTP_ISSUER = "PMIS"
# the admin never shows a device's secret key (users see it once, on their own set-up page)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("kk", _("Kazakh")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["pmis.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("PMIS_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("PMIS_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PMIS_UPLOAD_MAX_BYTES = env.int("PMIS_UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="PMIS <pmis@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# the portal's public address, for links in e-mails (survey invitations, the digest); the quick start serves here
PMIS_SITE_URL = env("PMIS_SITE_URL", default="http://127.0.0.1:8000")

# Background work. Without REDIS_URL tasks run in-process (the zero-setup quick start).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# The cache behind the public pages (pmis.core.publiccache): Redis when there is one, shared by every process;
# otherwise each process keeps its own in memory (the quick start).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("PMIS_CACHE_URL", default=REDIS_URL)}
        if REDIS_URL
        # room for every public page (2,000 published projects × 3 languages); Django's default keeps 300 and
        # evicted warm pages while visitors browsed
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pmis",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}
# Anonymous visitors' public pages are kept this long at most; publishing, withdrawing or changing a published
# project empties them at once.
PMIS_PUBLIC_CACHE_SECONDS = env.int("PMIS_PUBLIC_CACHE_SECONDS", default=600)
# The map's tile server (a Leaflet URL template such as https://tile.example.org/{z}/{x}/{y}.png). Empty (the
# default: no visitor's browser is sent to a third party unless the city chooses one): the map shows the
# markers and the district outlines on a plain background.
PMIS_MAP_TILES_URL = env("PMIS_MAP_TILES_URL", default="")
PMIS_MAP_TILES_ATTRIBUTION = env(
    "PMIS_MAP_TILES_ATTRIBUTION", default="&copy; OpenStreetMap contributors"
)
# Citizen feedback: working days the responsible department has to answer (expertise calendar)
PMIS_FEEDBACK_RESPONSE_DAYS = env.int("PMIS_FEEDBACK_RESPONSE_DAYS", default=15)
# Open data (OC4IDS): the prefix of every project id in the package (+ the project code; keep it stable once
# published, consumers match projects by it) and the publisher's name
PMIS_OC4IDS_PREFIX = env("PMIS_OC4IDS_PREFIX", default="oc4ids-pmis-")
PMIS_OC4IDS_PUBLISHER = env("PMIS_OC4IDS_PUBLISHER", default="Проектный офис города Алматы")
# Citizen feedback: posts of the form accepted from one address per hour (more get a 429 page)
PMIS_FEEDBACK_RATE_LIMIT = env.int("PMIS_FEEDBACK_RATE_LIMIT", default=5)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 3600,
}
CELERY_TIMEZONE = TIME_ZONE
PMIS_JOB_STUCK_AFTER_SECONDS = env.int("PMIS_JOB_STUCK_AFTER_SECONDS", default=120)



def _tile_origin(template: str) -> list[str]:
    """The map tiles' origin for the CSP's img-src ("{s}" subdomains become a wildcard)."""
    from urllib.parse import urlsplit

    parts = urlsplit(template.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in {"http", "https"} and parts.netloc else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_tile_origin(PMIS_MAP_TILES_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"quiet_client_errors": {"()": "pmis.core.logfilters.QuietClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        # a refused (403) or missing (404) page is one INFO line, not a warning with a traceback
        "django.request": {"filters": ["quiet_client_errors"]},
        "pmis.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "pmis": {"handlers": ["console"], "level": env("PMIS_LOG_LEVEL", default="INFO")},
    },
}
