"""Settings shared by every mode, read from the environment (django-environ)."""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="unsicher-nur-fuer-die-entwicklung")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates, for the project's form renderer below.
    "django.forms",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "django_htmx",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "rules.apps.AutodiscoverRulesConfig",
    "kooperation",
    "partners",
    "cases",
    "plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their caching headers.
    "kooperation.sitzung.Kopfzeilen",
    "kooperation.seiten.NurSeitenMethoden",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kooperation.sitzung.Sitzungsschutz",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kooperation.audit.AuditMiddleware",
    "kooperation.seiten.FachfehlerSeite",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kooperation.urls"
WSGI_APPLICATION = "kooperation.wsgi.application"

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
                "kooperation.context_processors.rolle",
            ],
        },
    },
]

# Widgets render through the project's templates, so a widget template in
# templates/ replaces Django's (the admin's labelled date and time pair).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers are
    # serialised instead of one failing half-way ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, roles, login
AUTH_USER_MODEL = "kooperation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Validates nothing: writes the audit entry of every password change.
    {"NAME": "kooperation.konten.PasswortAenderungProtokollieren"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions stay in the database (they survive a cache restart) and are read
# from the shared cache: one query less on every page.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Failed logins count per account and per address separately
# (kooperation/anmeldesperre.py): an account is locked by failures against it
# (from anywhere), an address by failures from it (against any account).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_FAILURE_LIMIT_ADRESSE = env.int("AXES_FAILURE_LIMIT_ADRESSE", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_HANDLER = "kooperation.anmeldesperre.Anmeldesperre"
AXES_CLIENT_IP_CALLABLE = "kooperation.netz.client_adresse"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/gesperrt.html"
AXES_LOCKOUT_CALLABLE = "kooperation.anmeldesperre.gesperrt_antwort"

# --- Language and time
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# German for the few strings of Django's admin that its own catalogue leaves
# in English (compiled with ``manage.py compilemessages``).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static files: our own in static/, front-end packages straight from node_modules.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("kern", NODE_MODULES / "@kern-ux" / "native" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("fonts/atkinson", NODE_MODULES / "@fontsource" / "atkinson-hyperlegible"),
    # Cyrillic and Arabic for the bilingual plan PDF (plans/pdf.py).
    ("fonts/noto-sans", NODE_MODULES / "@fontsource" / "noto-sans"),
    ("fonts/noto-sans-arabic", NODE_MODULES / "@fontsource" / "noto-sans-arabic"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

# --- E-mail
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="kooperationsplan@jobcenter.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery: without a broker, tasks run in-process so a bare machine works.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# The visibility timeout must exceed the longest task, or Redis hands a running
# task to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 15 * 60
    )
}
# The outbox's sweep publishes again what is older than this and still not
# done (mail unsent, PDF missing): younger work may still be in the broker.
POSTAUSGANG_NACHHOLEN_NACH_S = env.int("POSTAUSGANG_NACHHOLEN_NACH_S", default=10 * 60)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "plans.tasks.pdf_*": {"queue": "pdf"},
    "kooperation.tasks.fristwache": {"queue": "fristen"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Without a broker nothing runs beat's entries; the development settings let
# the serving process run them (kooperation.zeitplan_eingebettet).
EINGEBETTETER_ZEITPLAN = False
# Staff can read the e-mails addressed to them in the browser
# ("Nachrichten (Demo)"), for the embedded default where mail goes to the console.
NACHRICHTEN_IM_BROWSER = False
# The deadline watch's covering index is a PostgreSQL optimisation; SQLite
# builds the same index without the included columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Deadlines the watch files per transaction (kooperation.fristwache).
FRISTWACHE_BLOCKGROESSE = env.int("FRISTWACHE_BLOCKGROESSE", default=1000)

# --- REST API (see kooperation/api_base.py)
# Request bodies (form or JSON) up to 1 MiB: the longest texts are a few
# thousand characters; uploads to the admin count against FILE_UPLOAD_* instead.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
REST_FRAMEWORK = {
    # JSON only: one request body per operation in the schema, so that
    # generated clients get one typed body (form and multipart add nothing
    # an API client needs; 415 for them).
    "DEFAULT_PARSER_CLASSES": ["kooperation.api_base.JSONBegrenzt"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "kooperation.api_base.NurJson",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kooperation.tokens.TokenAnmeldung",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kooperation.api_base.Zugriff"],
    "DEFAULT_FILTER_BACKENDS": [
        "kooperation.api_base.SichtbarFilter",
        "kooperation.api_base.Suchfilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "kooperation.api_base.Seiten",
    "DEFAULT_THROTTLE_CLASSES": ["kooperation.api_base.JeToken"],
    "DEFAULT_THROTTLE_RATES": {"token": env("API_RATE", default="600/min")},
    "EXCEPTION_HANDLER": "kooperation.api_fehler.fehlerbehandlung",
    "DEFAULT_SCHEMA_CLASS": "kooperation.api_schema.Schema",
    "ORDERING_PARAM": "sortierung",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kooperationsplan-API",
    "DESCRIPTION": (
        "Schnittstelle für Fachverfahren und andere Systeme des Jobcenters. Anmeldung mit "
        "`Authorization: Token <Schlüssel>`; es gelten dieselben Zugriffsregeln wie im Browser."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The schema and its documentation page only for who is signed in (a
    # token or a session): they map every path an attacker could probe.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from PyPI (drf-spectacular-sidecar), served by staticfiles: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "KeinPlanGrundEnum": "plans.models.KeinPlanGrund",
        "PlanStatusEnum": "plans.models.PlanStatus",
        "VersionStatusEnum": "plans.models.VersionStatus",
        "AbstimmungStatusEnum": "plans.models.AbstimmungStatus",
        "EntscheidungEnum": "plans.serializers.abstimmung.ENTSCHEIDUNGEN",
        "PotenzialanalyseStatusEnum": "cases.models.PotenzialanalyseStatus",
        "WiedervorlageStatusEnum": "kooperation.models.WiedervorlageStatus",
        "VerstossartEnum": "kooperation.rechtsregeln.Verstossart",
        "SchlichtungErgebnisEnum": "plans.models.SchlichtungErgebnis",
        "UeberpruefungErgebnisEnum": "plans.models.UeberpruefungErgebnis",
        "SchrittStandEnum": "plans.models.SchrittStand",
        "FehlercodeEnum": "kooperation.errors.FEHLERCODE_AUSWAHL",
        "SpracheEnum": "cases.models.Sprache",
        "TerminformEnum": "plans.models.termin.Terminform",
        "TerminergebnisEnum": "plans.models.termin.Terminergebnis",
        "ErgebnisFesthaltenEnum": "plans.serializers.termine.ERGEBNISSE",
        "FeststellungEnum": "plans.models.termin.Feststellung",
        "AnhoerungsformEnum": "kooperation.rechtsregeln.Anhoerungsform",
    },
}

# Sessions and the API's throttling live in the cache; web processes share it
# through Redis (CACHE_URL).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Audit trail (django-auditlog): changes as JSON, reads logged explicitly.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Content Security Policy (django-csp 4): only our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# How many people make one page of a list.
SEITENGROESSE = env.int("SEITENGROESSE", default=50)
AXES_VERBOSE = False

# --- Account protection: proxy, second factor, idle timeout, API tokens, headers
# Addresses or networks of the reverse proxies in front of the web processes;
# only their X-Forwarded-For is believed (kooperation/netz.py). gunicorn reads
# the same variable for X-Forwarded-Proto (kooperation/gunicorn_conf.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Every account needs a second factor (TOTP or a recovery code) after the
# password. Off only in the developer settings, for the demo logins.
ZWEI_FAKTOR_PFLICHT = env.bool("ZWEI_FAKTOR_PFLICHT", default=True)
OTP_TOTP_ISSUER = "Kooperationsplan"
ZWEI_FAKTOR_WIEDERHERSTELLUNGSCODES = 10
# Security keys (WebAuthn, django-otp-webauthn) as a second factor beside the
# app: only after the password (no login with the key alone), bound to the
# site's domain (WEBAUTHN_RP_ID) and to the addresses the browser shows
# (WEBAUTHN_ORIGINS, e.g. https://kooperationsplan.jobcenter.example).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID = env("WEBAUTHN_RP_ID", default="localhost")
OTP_WEBAUTHN_RP_NAME = "Kooperationsplan"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "WEBAUTHN_ORIGINS", default=["http://localhost:8000", "http://localhost:8101"]
)
# A session ends after this many minutes without a request, beside its
# absolute age (SESSION_COOKIE_AGE).
SITZUNG_LEERLAUF_MINUTEN = env.int("SITZUNG_LEERLAUF_MINUTEN", default=30)
# API tokens (django-rest-knox): stored as SHA-512 digests, shown once.
KNOX_TOKEN_MODEL = "kooperation.ApiToken"  # noqa: S105  (a model, not a secret)
# knox's own token table is replaced by ours; its migrations would still make it.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_GUELTIG_TAGE = env.int("API_TOKEN_GUELTIG_TAGE", default=365)
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_GUELTIG_TAGE),
    "AUTO_REFRESH": False,
}
# Browser features no page of ours uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "interest-cohort=()"
)

# --- Operation under faults: health endpoints, timeouts on every outside call,
# a cache that degrades instead of failing (kooperation/gesundheit.py,
# kooperation/stoerung.py, kooperation/cache.py; README "Betrieb").
# The health endpoints answer before any other middleware: no host check, no
# HTTPS redirect, no session, no audit.
MIDDLEWARE.insert(0, "kooperation.gesundheit.GesundheitMiddleware")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request within seconds
    # instead of holding a web process; CONN_HEALTH_CHECKS (above) drops a
    # connection that died while PostgreSQL restarted.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
# Longest SQL statement of a web request (seconds; 0 = no limit). Set per
# connection by the WSGI application only, so that migrations, the deadline
# watch and the workers are not cut off.
WEB_STATEMENT_TIMEOUT = env.int("WEB_STATEMENT_TIMEOUT", default=30)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=1.0)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "kooperation.cache.AusfallsichererRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
    )
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    {
        "socket_connect_timeout": 2 * REDIS_TIMEOUT,
        # Above the transport's one-second BRPOP, which a worker waits on.
        "socket_timeout": max(5.0, 2 * REDIS_TIMEOUT),
        "socket_keepalive": True,
    }
)
CELERY_BROKER_CONNECTION_TIMEOUT = 2 * REDIS_TIMEOUT
# A web request that cannot hand a task to the broker gives up after about
# two seconds instead of waiting for it.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Handing over a task that keeps its result also subscribes to the result in
# Redis; Celery retries that 20 times, a second apart, before it gives up.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": CELERY_TASK_PUBLISH_RETRY_POLICY}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2 * REDIS_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = max(5.0, 2 * REDIS_TIMEOUT)
