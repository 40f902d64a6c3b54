"""Benchmarks (`make bench`): production-like (DEBUG off) on PostgreSQL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-geheimnis-nicht-fuer-den-betrieb"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": env.db(
        "BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/kooperation_bench"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 60
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
WHITENOISE_USE_FINDERS = True
# The shared cache as in production (docker-compose: Redis), for sessions and
# throttling.
CACHES = {"default": env.cache_url("BENCH_CACHE_URL", default="rediscache://127.0.0.1:6379/3")}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The pages are measured behind a complete login; the second factor's own
# cost (one device lookup per request) is part of the bench only when the
# session carries it, which force_login does not: off here.
ZWEI_FAKTOR_PFLICHT = False
