"""Test settings: fast hasher, memory cache and e-mail, immediate tasks."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["localhost", ".localhost", "testserver", "127.0.0.1"]

# The database comes from DATABASE_URL as in base. On SQLite the test database is a
# file, not shared memory: concurrency tests need real writers queueing on the lock
# (shared-cache memory databases fail at once with "table is locked").
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Rate-limit counters in the database, as on a deployment without Redis: the test's
# transaction resets them.
AGORA_RATE_LIMIT_STORE = "database"
# Off by default so that tests see every change at once; tests/perf turns it on.
AGORA_PAGE_CACHE = False
# Every request looks its site up, so that comparing two requests' queries compares
# like with like; tests/home/test_sitelookup.py turns the process table on.
AGORA_REMEMBER_SITES = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_RETRY_DELAYS = [0, 0]  # three attempts, no waiting
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Static files come straight from the finders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# django-simple-captcha: the answer "PASSED" solves any captcha in tests.
CAPTCHA_TEST_MODE = True
