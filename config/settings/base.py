"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TAMNONG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tamnong.core",
    "tamnong.core.jobs",
    "tamnong.places",
    "tamnong.accounts",
    "tamnong.criteria",
    "tamnong.ntm",
    "tamnong.ocop",
    "tamnong.trace",
    "tamnong.orders",
    "tamnong.catalog",
    "tamnong.resources",
    "tamnong.recognition",
    "tamnong.reports",
    "tamnong.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tamnong.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: it tells an approver why it is sent to the second factor.
    "tamnong.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost of Tamnông's: a NotFoundError or PermissionDeniedError a page lets through is its 404 or 403.
    "tamnong.core.middleware.DomainErrorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that a login refused by django-axes becomes its lockout page (docs/user-guide.md "Logins").
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "tamnong.core.navigation.context",
            ],
        },
    },
]

# The embedded database is SQLite under var/; production sets DATABASE_URL (PostgreSQL).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tamnong.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tamnong" / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Public media (approved OCOP photos, re-encoded without metadata) under MEDIA_ROOT at /media/; every
# other upload (evidence, imports, photos waiting for an office, dossiers, works) in the private store,
# outside MEDIA_ROOT, sent only by /files/<kind>/<id>/ to the users its record lets read it
# (tamnong.core.files). Behind nginx, TAMNONG_PRIVATE_ACCEL_PREFIX names the `internal` location that
# serves PRIVATE_ROOT (X-Accel-Redirect, README "Deploy"); empty, Django streams the file itself.
PRIVATE_ROOT = Path(os.environ.get("TAMNONG_PRIVATE_ROOT", VAR_DIR / "private"))
TAMNONG_PRIVATE_ACCEL_PREFIX = os.environ.get("TAMNONG_PRIVATE_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "tamnong.core.files.PrivateFileSystemStorage", "OPTIONS": {"location": PRIVATE_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tamnong.core.apis.exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Browsers: the session, with its CSRF token for writes. Machines: named, revocable tokens
        # (`Authorization: Bearer <token>`, /accounts/tokens/). No HTTP Basic: a password alone never writes.
        "rest_framework.authentication.SessionAuthentication",
        "tamnong.accounts.authentication.BearerTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["tamnong.core.apis.UnicodeJSONRenderer"],
    # DRF's own parsers, refusing a control character (a NUL above all) in any key or text of a body.
    "DEFAULT_PARSER_CLASSES": [
        "tamnong.core.apis.JSONParser",
        "tamnong.core.apis.FormParser",
        "tamnong.core.apis.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tamnông API",
    "DESCRIPTION": "API của Tamnông: đơn vị hành chính, bộ tiêu chí nông thôn mới và đánh giá xã.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from the installed sidecar package: nothing loads from the internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # each role lands on its own work (tamnong.accounts.home)
LOGOUT_REDIRECT_URL = "home"

# Logins (docs/user-guide.md "Logins"; docs/decisions/0005-logins.md). django-axes watches every password check
# (the login page, and the Django admin, whose login page is ours) and comes first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair for 15 minutes: a stranger
# cannot lock an office out from elsewhere, and the office can still log in from its own machines.
AXES_FAILURE_LIMIT = int(os.environ.get("TAMNONG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TAMNONG_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tamnong.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# The client's address as everything else reads it (core.clients; TAMNONG_PROXY_COUNT behind proxies).
AXES_CLIENT_IP_CALLABLE = "tamnong.core.clients.client_address"
AXES_VERBOSE = False

# Sessions fit for shared office computers: 8 hours at most, gone when the browser closes, never
# readable by scripts; production adds Secure (config/settings/production.py).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The second factor (django-otp TOTP): the name authenticator apps show, and how long a login may
# wait between the password and the code.
OTP_TOTP_ISSUER = "Tamnông"
TAMNONG_SECOND_STEP_SECONDS = 5 * 60

# Content-Security-Policy (django-csp): only this site's own scripts, styles and images; no inline
# script anywhere; a <style> element needs the request's nonce. style= attributes stay allowed
# (style-src-attr): the bar charts' widths are data, and an attribute can run no script.
# The Swagger UI page relaxes styles only (tamnong.core.views.api_docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Background tasks: Celery workers fed through Redis when REDIS_URL is set; otherwise (the embedded
# set-up) every task runs eagerly inside the request that sends it.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 60 * 30
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Traceability: the address printed in every stamp's QR code (GS1 Digital Link resolver pattern).
# Stamps outlive deployments: set it once to the public address, never to a machine's own name.
# Production requires it; left empty (the embedded set-up), pages print the address they are served at.
TAMNONG_SITE_URL = os.environ.get("TAMNONG_SITE_URL", "").rstrip("/")
# A stamp scanned from this many different networks (IPv4 /24, IPv6 /48) is flagged as possibly copied.
TAMNONG_SUSPICIOUS_CLIENTS = int(os.environ.get("TAMNONG_SUSPICIOUS_CLIENTS", "5"))
# How many proxies stand in front of the application, each appending to X-Forwarded-For: 0 believes
# only the connection's address (core.clients: scan counts and the order limit; the login lockout too).
TAMNONG_PROXY_COUNT = int(os.environ.get("TAMNONG_PROXY_COUNT", "0"))
