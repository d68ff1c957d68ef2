"""Manara settings, read from the environment (django-environ).

Every value a deployment changes comes from an environment variable; the defaults make
a first run on a laptop work with nothing to configure (SQLite file, DEBUG from `make run`).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.caches import cache_settings
from config.content_security import tile_origin
from config.logging import logging_config, scrub_event

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    TIME_ZONE=(str, "Africa/Casablanca"),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31536000),
)

DEBUG = env("DEBUG")

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set it in the environment "
            "(for example: export SECRET_KEY=$(python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'))."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on"  # noqa: S105

ALLOWED_HOSTS = env("ALLOWED_HOSTS") or (["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_filters",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_guid",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Below every app: the building blocks they share, and the worker's heartbeat.
    "common",
    "mailing",
    "activity",
    "accounts",
    "notifications",
    "facilities",
    "assessments",
    "kobo",
    "referrals",
    "guides",
    "plans",
    "directory",
    "search",
    "demo",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id.
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy and Permissions-Policy headers (their block below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.BackOfficeLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any page, the code (or the enrolment) a person still owes (accounts/twofactor.py).
    "accounts.twofactor.SecondFactorMiddleware",
    # After the messages: a session signed out for being idle says so on the next page.
    "common.middleware.SessionLimitsMiddleware",
    "common.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The file storage down during a view: the "cannot be fetched now" page, 503.
    "common.storage_errors.StorageUnavailableMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles the ranking query for ~0.8 s before running it for ~0.1 s:
    # it pays off on long analytical queries, never on a web page's. Off for Manara's sessions.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Arabic groups thousands like French (see config/formats/ar/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
LOGIN_URL = "accounts:login"
# Home sends each user on: council viewers to their region, other staff to the facilities.
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing the demonstration accounts when DEBUG is off.
    "accounts.backends.ManaraBackend",
    # IOM's single sign-on: finds again the user of a session it opened (accounts/oidc.py).
    "accounts.oidc.SingleSignOnBackend",
]

# Single sign-on (OpenID Connect) for IOM staff (README "Single sign-on (IOM staff)"): IOM's
# Microsoft Entra ID signs in the administrators and IOM staff whose Manara account has the
# e-mail it vouches for; partners keep their password. Off unless these three are set. Entra's
# issuer is https://login.microsoftonline.com/<tenant id>/v2.0.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
# The provider's endpoints come from the issuer's /.well-known/openid-configuration, read at the
# first sign-in and cached for an hour (Manara starts even when the provider is down); an
# administrator may set them instead.
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
# The claim that says the e-mail is the person's: Entra's is the optional claim "xms_edov".
OIDC_EMAIL_VERIFIED_CLAIM = env.str("OIDC_EMAIL_VERIFIED_CLAIM", default="email_verified")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
# Seconds to wait for one answer of the provider.
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# A sign-in must come back from the provider within this long (its `state` then expires).
OIDC_STATE_MAX_SECONDS = 15 * 60

# Login throttling (django-axes; README "Login throttling"). After AXES_FAILURE_LIMIT wrong
# passwords for one account from one address, that account is refused from that address for
# AXES_COOLOFF_MINUTES (0: until an administrator unlocks it). Not by address alone: a partner
# NGO's office shares one address, and one person's typos would lock out colleagues; not by
# account alone: anyone could then keep any known account locked out from anywhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES) if AXES_COOLOFF_MINUTES > 0 else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Every failure stays listed for administrators (back office, Axes), not only the live counts.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The login page again, in the person's language, with status 429 (accounts/throttling.py).
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# The back office pages of failures and lockouts are registered by accounts/admin.py, for
# Manara administrators only.
AXES_ENABLE_ADMIN = False
# The client's address is REMOTE_ADDR, unless TRUSTED_PROXY_COUNT says how many reverse proxies
# stand in front of Manara: then it is read from X-Forwarded-For, that many entries from the
# right (the ones those proxies wrote), so that an address a client puts in the header itself is
# never believed (accounts/throttling.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"

# Two-factor sign-in (django-otp; README "Two-factor sign-in"): administrators, IOM staff and
# the people of organisations marked so enter a code of an authenticator app after their
# password. The name the app shows next to the code:
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Manara")
# Revealing a case's name and phone asks for the password (or a code) again when the person last
# proved who they are longer ago than this.
IDENTITY_RECHECK_MINUTES = env.int("IDENTITY_RECHECK_MINUTES", default=5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French first, then Arabic (right to left) and English.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Background work (ZIPs of many guides): stored in the database and run by
# `python manage.py db_worker`. TASKS_IMMEDIATE=true runs each task at once inside the request
# instead, which `make run` uses so that development needs no worker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env.bool("TASKS_IMMEDIATE", default=False)
        else "django_tasks_db.DatabaseBackend",
    }
}

# Stored files (photos, attendance sheets, cached guide PDFs, batch ZIPs, the open-data document):
# the local disk under MEDIA_ROOT by default; S3-compatible object storage (django-storages) when
# AWS_STORAGE_BUCKET_NAME is set, so that every server and worker reads the same files. They are
# private either way: only the permission-checking views stream them, the bucket is never public
# (no ACL set on objects) and no view hands out the storage's own address.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as BotocoreConfig

    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Empty: the provider's own address (AWS); else MinIO, Ceph, a moto server...
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default=""),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=""),
            "default_acl": None,
            "file_overwrite": False,
            # Signed, short-lived addresses should anything ever ask for one.
            "querystring_auth": True,
            "querystring_expire": 300,
            "location": env("AWS_LOCATION", default=""),
            # A store that does not answer must not hold a web process for botocore's defaults
            # (60 s to connect, 60 s to read, up to 5 attempts): 5 s, 30 s, 2 attempts.
            "client_config": BotocoreConfig(
                connect_timeout=5,
                read_timeout=30,
                retries={"mode": "standard", "max_attempts": 2},
            ),
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Manara <no-reply@manara.invalid>")
# Scheme and host of the links in mails sent outside a request (notifications, digests).
SITE_URL = env("SITE_URL", default="")

# Map tiles: OpenStreetMap's standard tiles unless an offline tile server is configured.
TILE_URL = env("TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TILE_ATTRIBUTION = env(
    "TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

# Django's cache (the public pages' renderings, the HSDS API's pages, the build locks): memory
# of each process unless CACHE_URL names a shared one, e.g. filecache:///var/tmp/manara-cache for
# every gunicorn worker (one rendering and one lock for all of them).
# CACHE_URL=redis://host:6379/1 shares it between every process and server (the scheduler's job
# locks too). On Redis, a cache that is down answers as misses (django-redis IGNORE_EXCEPTIONS):
# pages still answer, slower, and /readyz says 503 for the cache.
CACHES = {"default": cache_settings(env("CACHE_URL", default="locmemcache://"))}
# Each error ignored on Redis is logged (django_redis.cache), so an outage shows in the logs.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# The full HSDS document is rebuilt in the background at most once per this many seconds after
# published data change (every change within the window goes into the one build).
HSDS_REBUILD_SECONDS = env.int("HSDS_REBUILD_SECONDS", default=60)

# The periodic jobs (`manage.py run_scheduler`, common/scheduler.py; README "Process model"):
# finished background task results and cached guide PDFs and batch ZIPs are deleted after this
# many days.
TASK_RESULT_DAYS = env.int("TASK_RESULT_DAYS", default=30)
PDF_CACHE_DAYS = env.int("PDF_CACHE_DAYS", default=30)
# A running background task with no progress for this long is taken as interrupted (its worker
# was killed): `settle_interrupted_tasks` (every 5 minutes) fails it and queues its batch again.
TASK_STALE_MINUTES = env.int("TASK_STALE_MINUTES", default=15)
# `manage.py backup` encrypts its archive with this key when it is set (`backup --new-key` makes
# one); keep a copy apart from the archives (README "Backup and restore").
BACKUP_KEY = env("BACKUP_KEY", default="")
# /readyz says the worker is down when it last ran the scheduler's heartbeat task (queued every
# minute) longer ago than this.
READY_WORKER_MINUTES = env.int("READY_WORKER_MINUTES", default=5)

# How long browsers and shared caches may keep a public directory page (seconds).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=300)

# KoboToolbox: with both set, staff pull submissions of the linked forms from the server's API v2.
KOBO_URL = env.str("KOBO_URL", default="").rstrip("/")
KOBO_TOKEN = env.str("KOBO_TOKEN", default="")
# Seconds to wait for one answer of the Kobo server.
KOBO_TIMEOUT = env.int("KOBO_TIMEOUT", default=30)
# The most pages one fetch reads, whatever the server's `next` links say.
KOBO_MAX_PAGES = env.int("KOBO_MAX_PAGES", default=2000)
# Imports read or pulled but never imported (ready or failed) are deleted, with the photos
# waiting for them, this many days after they were made (`prune_kobo_imports`, daily).
KOBO_IMPORT_KEEP_DAYS = env.int("KOBO_IMPORT_KEEP_DAYS", default=30)

# Demo accounts exist only on a DEBUG machine; see facilities/management/commands/seed_demo.py.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="manara-demo")

# Encryption of a case's identifying details (common/encryption.py; README "Personal data"):
# Fernet keys, comma-separated, newest first; the first encrypts, each one decrypts. A key of its
# own, not derived from SECRET_KEY; without it the names and phones cannot be read back, so it is
# kept apart from the database backups.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is required when DEBUG is off: it encrypts the names and "
            "phones of cases. Set it in the environment (for example: export "
            "FIELD_ENCRYPTION_KEYS=$(python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')) and keep a copy apart from the database "
            "backups."
        )
    # "manara-development-only-key-0000" in base64: development data only.
    FIELD_ENCRYPTION_KEYS = ["bWFuYXJhLWRldmVsb3BtZW50LW9ubHkta2V5LTAwMDA="]

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SESSION_COOKIE_HTTPONLY = True
# Shared office computers and phones (common/middleware.py): signed out after
# SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after signing in; the cookie ends
# when the browser closes.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_MAX_SECONDS = env.int("SESSION_MAX_HOURS", default=12) * 3600
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The reverse proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy and Permissions-Policy (README "Content-Security-Policy and
# Permissions-Policy"). Scripts, styles, fonts and requests come from Manara only: no template
# holds an inline script, style element or style attribute (tests/common/
# test_templates_inline_code.py); pages pass data in data-* attributes or json_script. Images
# may also be data: addresses (Bootstrap's icons) and the map's tiles, from TILE_URL's origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [tile_origin(TILE_URL)])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Forms post to Manara only. The single sign-on starts with a link to Manara, which
        # redirects to the identity provider: a navigation, not governed by form-action (a form
        # submitted there would be refused at that redirect).
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# No page asks for these: the browser refuses them to every page (and to anything it embeds).
# Geolocation too: the maps place facilities from their stored coordinates, never the reader's.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Console lines as text or JSON with the request's id; 500s mailed to ADMINS (config/logging.py).
LOGGING = logging_config(env("LOG_LEVEL", default="INFO"), env("LOG_FORMAT", default="text"))
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.logging.ErrorReportFilter"
# Who receives the report of an unhandled error: comma-separated e-mail addresses.
ADMINS = [(address.split("@")[0], address) for address in env.list("ADMINS", default=[])]
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# The request id: the reverse proxy's X-Request-ID if it sends one, else made; sent back.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "RETURN_HEADER": True, "EXPOSE_HEADER": False}

# Optional error tracking: unhandled errors go to Sentry, without what people typed.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        include_local_variables=False,
        before_send=scrub_event,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
    )

# Form fields render through templates/django/forms/, styled for Bootstrap.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
