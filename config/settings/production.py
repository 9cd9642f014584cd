"""Production: PostgreSQL, Redis, several app processes behind a TLS-terminating proxy.

Everything secret or site-specific comes from the environment; see README "Deploy".
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, TAMNONG_SITE_URL, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://...")
if not TAMNONG_SITE_URL:
    raise ImproperlyConfigured(
        "TAMNONG_SITE_URL must be set in production: the public address printed in every stamp's QR code "
        "and in e-mails, e.g. TAMNONG_SITE_URL=https://truyxuat.example.vn (stamps outlive deployments)."
    )
if not TAMNONG_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"TAMNONG_SITE_URL must start with https:// (it is {TAMNONG_SITE_URL!r}).")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(__import__("os").environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Joining the browsers' HSTS preload list is a commitment an operator makes knowingly
# (DJANGO_HSTS_PRELOAD=true), so the check that asks for it is silenced here.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Email (OCOP expiry notices): an SMTP relay from the environment.
EMAIL_HOST = __import__("os").environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(__import__("os").environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = __import__("os").environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = __import__("os").environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = __import__("os").environ.get("DEFAULT_FROM_EMAIL", "tamnong@localhost")
