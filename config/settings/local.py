"""The embedded set-up: `make demo` on a laptop, SQLite, no Redis needed."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-only-not-secret"  # noqa: S105 - the local set-up is never deployed
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# The embedded set-up has no mail server: emails (OCOP expiry notices) are printed on the console.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
