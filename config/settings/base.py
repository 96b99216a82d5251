"""Settings shared by every environment.

Safe by default: DEBUG is off, there is no usable secret key, and nothing is
trusted that the environment did not name. `dev` and `test` relax what they need;
`production` insists on the secrets.
"""

import shutil
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core.csp import CSP

from .env import env_bool, env_dict, env_int, env_list, env_str
from .search_backends import POSTGRES_ENGINES, search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("AGORA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "accounts",
    "notifications",
    "search",
    "consultations",
    "budget",
    "projects",
    "accountability",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",  # each commune's /sitemap.xml (home.sitemaps)
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.AgoraUsersAppConfig",  # Wagtail's user admin with our forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "captcha",
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# DatabaseUnavailableMiddleware turns a database outage met by a view into a 503 page;
# it sits above sessions, authentication and locale so that its page passes through
# them (none of them touches the database on a 5xx response).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.outage.DatabaseUnavailableMiddleware",
    # Whole pages for anonymous visitors: before the session, CSRF and message
    # middleware, so that a hit skips them and a stored response has been through them.
    "core.pagecache.PageCacheMiddleware",
    # The request's commune, from each process's table of sites (Wagtail's lookup
    # costs a query and ~2 ms of CPU per request).
    "core.sitelookup.SiteLookupMiddleware",
    # Inside the page cache: a stored page keeps the policy it was sent with, so the
    # nonce of its accent <style> still matches (styles only; scripts take no nonce).
    "core.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, except that a 404 under /admin/ (or any URL outside the language
    # prefix) stays a 404 instead of a redirect to /fr/admin/… (core/i18n.py).
    "core.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A limit met below a view (the log-in lockout) answers 429; the routes of
    # Django's password reset, whatever URL serves them, are limited.
    "core.ratelimit.RateLimitedMiddleware",
    "accounts.middleware.AccountRoutesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.csp.nonce",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://…, sqlite:///…) or an SQLite file under var/.
# SQLite runs in WAL mode with IMMEDIATE transactions so that concurrent writers
# queue on the lock instead of failing with "database is locked" mid-transaction.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'agora.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: Redis when REDIS_URL is set (shared by several app servers and processes).
# Otherwise local memory for counters, and files under var/cache for the cached pages,
# which must be shared by every process of the machine: a page made stale by a
# contribution in one process must be stale in all (see home/pagecache.py).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "agora",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "agora-pages",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
# Anonymous visitors get whole pages from the "pages" cache, everyone gets shared
# fragments; entries live at most this long (see home/pagecache.py).
AGORA_PAGE_CACHE = env_bool("AGORA_PAGE_CACHE", default=True)
AGORA_PAGE_CACHE_SECONDS = env_int("AGORA_PAGE_CACHE_SECONDS", 600)
# Each process remembers which commune answers which host (home/sitelookup.py).
AGORA_REMEMBER_SITES = True

# Background work: Django tasks as Wagtail ships them. Immediate by default; a
# deployment names another backend (e.g. a database queue) with TASKS_BACKEND.
# E-mails are enqueued once the transaction that triggered them commits, so the
# contribution is saved whatever the mail server does (django-tasks 0.12 ignores
# ENQUEUE_ON_COMMIT; accounts.emails honours it itself).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "ENQUEUE_ON_COMMIT": True,
    }
}

# Key of the hash that identifies a voter on ballots (e-mail or paper reference).
# Set it apart from SECRET_KEY so that rotating the secret key does not let
# someone vote again in an open budget; empty means SECRET_KEY.
VOTER_HASH_KEY = env_str("VOTER_HASH_KEY")
# Ballots of deleted accounts keep that hash only while their vote can still take
# ballots: until the results are frozen, or this many days after the vote's last day
# for a budget whose results are never frozen (see budget/personal_data.py).
VOTER_HASH_GRACE_DAYS = env_int("VOTER_HASH_GRACE_DAYS", 30)

# Personal data (GDPR): the apps that export and erase what they store about a person,
# each through `<app>/personal_data.py` (the contract is in accounts/__init__.py).
# Exported in this order, erased in the reverse order: accounts, first, goes last.
PERSONAL_DATA_PROVIDERS = ["accounts", "notifications", "consultations", "budget", "projects"]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout comes first: while an account or an address is locked out, no backend
# sees the password (accounts/lockout.py).
AUTHENTICATION_BACKENDS = [
    "accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"

# Languages: French first. Every public URL carries its language prefix.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("nl", _("Dutch")),
]
# locale/ holds the catalogue of our own strings (`make messages` rewrites it);
# locale_overrides/ rewords strings of Django, Wagtail and wagtail-localize whose
# translation is missing or wrong. Both come before the apps' own catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
# Dates written as each language writes them (core/formats/, used through core.dates).
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# "Translate this page" prepares a draft in each language: it goes live when a
# translator has translated it (slug included) and publishes it, not at once with the
# source's text and slug (wagtail-localize's default copies the source's live state).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Static files: served by whitenoise from STATIC_ROOT, compressed, with hashed names.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail: SMTP settings from the environment.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# When the mail server fails for a reason that may pass, sending is retried after
# each of these delays (seconds): with the immediate tasks backend the wait happens
# in the request, so keep them short; a queue can afford minutes ("60,600,3600").
EMAIL_RETRY_DELAYS = [float(delay) for delay in env_list("EMAIL_RETRY_DELAYS", ["1", "5"])]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Agora <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The captcha of first contributions can also be listened to, for people who cannot
# read its image: flite (Debian package "flite") spells its characters out. Without
# flite no audio is offered (the image stays).
CAPTCHA_FLITE_PATH = env_str("CAPTCHA_FLITE_PATH") or shutil.which("flite")

# Security defaults that hold everywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False


def _origin(url: str) -> list[str]:
    """The scheme and host of an absolute URL (media on object storage, a CDN), else []."""
    if "://" not in url:
        return []
    scheme, rest = url.split("://", 1)
    return [f"{scheme}://{rest.split('/', 1)[0]}"]


# Content-Security-Policy of the public pages (home/csp.py): no inline script at
# all, and the only inline style is the commune's accent colour, which carries the
# per-request nonce. Video embeds may come from the hosts in CSP_FRAME_SRC; an
# embed that needs a provider's script (social posts) does not run.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *_origin(MEDIA_URL), *env_list("CSP_IMG_SRC")],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF, *_origin(MEDIA_URL)],
    "frame-src": env_list(
        "CSP_FRAME_SRC",
        [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
            "https://www.dailymotion.com",
        ],
    ),
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Try a policy on live traffic without enforcing it (violations are only reported).
SECURE_CSP_REPORT_ONLY = {}
# The Wagtail admin still relies on inline scripts and styles; it gets a policy that
# does not break it but still forbids plug-ins, <base> hijacking and framing by
# other sites (its own preview panel frames admin URLs, hence 'self').
AGORA_CSP_PATH_POLICIES = {
    "/admin/": {
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "frame-ancestors": [CSP.SELF],
    },
}

# Rate limits (core/ratelimit.py): overrides of DEFAULT_RATES by scope, e.g.
# RATE_LIMITS="vote-ip=1000/h" for a town-hall evening where everyone votes on one
# network. Each scope counts per account; its "-ip" twin per client address.
AGORA_RATE_LIMITS = env_dict("RATE_LIMITS")
# Where the counters live, seen by every process: the database (an atomic upsert),
# or the cache when it is Redis, shared by every process and server.
AGORA_RATE_LIMIT_STORE = env_str("RATE_LIMIT_STORE", "cache" if REDIS_URL else "database")

# Uploads. No file is kept past AGORA_UPLOAD_MAX_BYTES (home/uploads.py), the
# largest any form accepts (the admin's images and documents); citizens' images
# have their own, lower limits, and are re-encoded.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
AGORA_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
AGORA_UPLOAD_IMAGE_MAX_BYTES = 5 * 1024 * 1024
AGORA_UPLOAD_IMAGE_MAX_PIXELS = 25_000_000
AGORA_UPLOAD_IMAGE_MAX_SIDE = 10_000

# Wagtail.
WAGTAIL_SITE_NAME = "Agora"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# Search: database backend (SQLite FTS5 / PostgreSQL full text), OpenSearch when
# OPENSEARCH_URL is set. See config/settings/search_backends.py and docs/search.md.
WAGTAILSEARCH_BACKENDS = search_backends(database_engine=DATABASES["default"]["ENGINE"])
if DATABASES["default"]["ENGINE"] in POSTGRES_ENGINES:
    INSTALLED_APPS.append("django.contrib.postgres")  # required by Wagtail's PostgreSQL search
WAGTAILSEARCH_HITS_MAX_AGE = env_int("WAGTAILSEARCH_HITS_MAX_AGE", 30)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# The admin's image and document uploads are judged by their content (core.media_forms).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.media_forms.AdminImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.media_forms.AdminDocumentForm"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Dates in the admin's fields as French staff write them (every language of
# core/formats/ accepts them as input, and ISO dates still).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# No avatars from Gravatar: they would send every staff member's e-mail hash to a
# third party, and show broken images offline. Wagtail shows its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
