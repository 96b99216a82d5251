"""Local development: DEBUG on, e-mails written to var/mail/, the demo hostnames allowed."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", ".localhost", "127.0.0.1", "[::1]"])
# Each e-mail sent is a readable file in var/mail/ (Django's file backend writes one
# file per connection, and every message is sent on its own connection).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # noqa: F405
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")

# No collectstatic needed while developing: whitenoise serves from the finders.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Static files come straight from the finders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
