"""Forum Portal settings: one module, configured from the environment (and ``.env``).

Every setting a deployment may change is read here; see ``.env.example`` and the README's
configuration table. A missing or malformed value stops start-up with one line naming it.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE lets tests and deployments point at another file (or /dev/null for none).
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))


def _setting(name, reader, **kwargs):
    """Read one setting; on a missing or malformed value stop with a one-line message."""
    try:
        return reader(name, **kwargs)
    except Exception as exc:
        problem = "is missing" if isinstance(exc, environ.ImproperlyConfigured) else "is malformed"
        raise SystemExit(
            f"Configuration error: {name} {problem} ({exc.__class__.__name__})."
        ) from None


def _strict_bool(name, default):
    """Like env.bool, but a value that is neither true nor false is an error, not False."""
    value = env.str(name, default=str(default)).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(value)


SECRET_KEY = _setting("SECRET_KEY", env.str)
if len(SECRET_KEY) < 50:
    raise SystemExit("Configuration error: SECRET_KEY is too short (use at least 50 characters).")
DEBUG = _setting("DEBUG", _strict_bool, default=False)
ALLOWED_HOSTS = _setting("ALLOWED_HOSTS", env.list, default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = _setting("CSRF_TRUSTED_ORIGINS", env.list, default=[])
# The public address in e-mails and feeds; unset, the address `make run` serves (its PORT).
# As for every setting, the environment's value wins over .env's.
_served_port = _setting("PORT", env.int, default=8000)
SITE_URL = (
    _setting("SITE_URL", env.url, default=f"http://127.0.0.1:{_served_port}").geturl().rstrip("/")
)
# How many proxies of our own stand in front of the app (nginx: 1). Rate limits then key on
# the address the outermost one saw (X-Forwarded-For), not on the proxy's (common/clientip.py).
TRUSTED_PROXY_COUNT = _setting("TRUSTED_PROXY_COUNT", env.int, default=0)
# Behind TLS (any real deployment) cookies are Secure and HSTS is sent.
HTTPS = _setting("HTTPS", _strict_bool, default=False)

INSTALLED_APPS = [
    # Translated model fields (title_en, title_ko, ...); it must come before the admin.
    "modeltranslation",
    "forum_site.apps.ForumAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "csp",
    "procrastinate.contrib.django",
    "import_export",
    "accounts",
    "outbox",
    "feedback",
    "directory",
    "events",
    "registrations",
    "resources",
    "personal",
    "forum_site",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "forum_site.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "forum_site.middleware.RememberedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    # Innermost: a cached page still gets its CSP header, CSRF cookie and Vary from the above.
    "forum_site.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "forum_site.urls"
WSGI_APPLICATION = "forum_site.wsgi.application"
SITE_ID = 1

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database: PostgreSQL always --------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": _setting("DATABASE_URL", env.db_url)}
else:
    from forum_site.embedded_db import embedded_database

    DATABASES = {"default": embedded_database(BASE_DIR / ".pgdata")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise SystemExit("Configuration error: DATABASE_URL must point to PostgreSQL (postgres://...).")
# Django's backend with psycopg's compiled reader of timestamps (forum_site/postgresql/base.py).
DATABASES["default"]["ENGINE"] = "forum_site.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = _setting("CONN_MAX_AGE", env.int, default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No request waits long for a row lock (an event's seats, a message being sent): after this it
# fails with LockNotAvailable, which the pages that lock turn into "busy, try again".
DATABASE_LOCK_TIMEOUT = "5s"
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c lock_timeout={DATABASE_LOCK_TIMEOUT}"
)
# Server-side binding: psycopg sends the values apart from the statement and, from a statement's
# fifth run on a connection, runs it as a prepared statement, so PostgreSQL neither parses nor
# plans it again. The registration flow's PostgreSQL CPU fell from 10.3 to 6.8 ms a
# registration with it, the app servers' from 30.7 to 26.4 ms (`make bench-registrations`).
# Behind a pooler, it needs one that keeps prepared statements (PgBouncer 1.21 or later with
# max_prepared_statements set); DATABASE_SERVER_SIDE_BINDING=false turns it off.
DATABASES["default"]["OPTIONS"]["server_side_binding"] = _setting(
    "DATABASE_SERVER_SIDE_BINDING", _strict_bool, default=True
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every worker ------------------------------------------------------
# "pages" holds the anonymous public pages (forum_site/page_cache.py), apart from rate limits
# and the like so that culling pages never drops a counter.
REDIS_URL = _setting("REDIS_URL", env.str, default="")
CACHE_KEY_PREFIX = _setting("CACHE_KEY_PREFIX", env.str, default="")
if REDIS_URL:
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Lets several portals (or test runs) share one Redis without sharing keys.
            "KEY_PREFIX": ":".join(part for part in (CACHE_KEY_PREFIX, prefix) if part),
        }
        for name, prefix in (("default", ""), ("pages", "pages"))
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_page_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Template fragments ({% cache ... using="fragments" %}): the page chrome, which differs only by
# language, and event cards, partner-table rows and programmes, keyed by a stamp of what they
# show. Each process keeps its own, so a release never serves an older one; the least recently
# used go first. 2,000 entries hold every card and row of a few hundred events in both
# languages and their programmes (a 200-session one is about 190 kB) within a few tens of MB.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
# Private addresses the link checker may visit all the same (it visits only public ones):
# "10.1.2.3", "10.0.0.0/8", "127.0.0.1:8080", "[::1]:8080". For an intranet; empty by default.
LINK_CHECK_ALLOWED_ADDRESSES = _setting("LINK_CHECK_ALLOWED_ADDRESSES", env.list, default=[])

# Seconds an anonymous public page may be served from the cache; 0 turns the cache off.
PAGE_CACHE_SECONDS = _setting("PAGE_CACHE_SECONDS", env.int, default=60)

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Forum Portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# E-mail addresses are checked beyond Django's validator (accounts/validators.py); sign-up
# takes as long for a known address as for a new one (accounts/forms.py).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.LoginCodeRequestForm",
    "change_email": "accounts.forms.AddressChangeForm",
    "reauthenticate": "accounts.forms.ReauthenticationForm",
}
LOGIN_REDIRECT_URL = "accounts:profile"
# A second factor (TOTP with recovery codes) for anyone; required for the admin when set.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Forum Portal"
MFA_FORMS = {"activate_totp": "accounts.forms.AuthenticatorActivationForm"}
STAFF_REQUIRE_MFA = _setting("STAFF_REQUIRE_MFA", _strict_bool, default=False)
ADMIN_SITE_HEADER = _("Forum Portal secretariat")
ADMIN_SITE_TITLE = _("Forum Portal admin")
LOGIN_URL = "account_login"

# --- E-mail -----------------------------------------------------------------------------
# Every message is stored and sent by a task-queue worker (outbox), so a message commits with
# the change that caused it and survives an SMTP outage. EMAIL_URL names the real transport.
vars().update(_setting("EMAIL_URL", env.email_url, default="consolemail://"))
OUTBOX_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set by the line above
EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = _setting(
    "DEFAULT_FROM_EMAIL", env.str, default="Forum Portal <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation and time ------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Reader-facing content exists in both languages (django-modeltranslation, translation.py in
# each app). The original column keeps the English, so SQL that reads it (the library's
# search) keeps working; Korean falls back to English where it is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ko")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"  # slugs come from the English title
# The event's objectives and audience are lists of lines.
MODELTRANSLATION_CUSTOM_FIELDS = ("LinesArrayField",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = _setting("MEDIA_ROOT", env.path, default=BASE_DIR / "media")
SERVE_MEDIA = _setting("SERVE_MEDIA", _strict_bool, default=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "forum_site.storage.StaticFilesStorage"},
}

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True  # read by the server only (forum_site/middleware.py)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Sent with every response (forum_site.middleware.SecurityHeadersMiddleware): no page needs
# a camera, a position or a payment, and nothing here is for other sites to embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# A strict Content-Security-Policy: no inline script or style; the nonce is there for the rare
# inline script a template may need (templates use request.csp_nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _setting("LOG_LEVEL", env.str, default="INFO")},
    # pgserver logs every process exit at INFO; only its warnings matter.
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # procrastinate logs every job at INFO; raise it to follow the queue closely.
        "procrastinate": {"level": _setting("QUEUE_LOG_LEVEL", env.str, default="WARNING")},
    },
}
