"""Tests: fast hashing, in-process Celery with errors propagated, mail kept in memory."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-geheimnis-nicht-fuer-den-betrieb"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Ordinary tests run tasks in-process even when a broker is configured; tests
# marked ``celery_worker`` talk to the real broker and worker themselves.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = BASE_DIR / ".test-media"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
ALLOWED_HOSTS = ["*"]
# Serve static files from the finders (node_modules included) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The API's rate limit is tested on its own (tests/kooperation/test_api.py).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"token": "100000/min"}
ZWEI_FAKTOR_PFLICHT = True
