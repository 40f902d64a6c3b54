"""Production: every secret from the environment, no defaults; passes ``check --deploy``."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: start fails without it
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Security keys belong to the site's own name, reached over HTTPS.
OTP_WEBAUTHN_RP_ID = env("WEBAUTHN_RP_ID", default=ALLOWED_HOSTS[0])
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "WEBAUTHN_ORIGINS", default=[f"https://{OTP_WEBAUTHN_RP_ID}"]
)

# No SECURE_PROXY_SSL_HEADER: X-Forwarded-Proto is believed by gunicorn only
# from TRUSTED_PROXIES (kooperation/gunicorn_conf.py), which then sets the
# request's scheme; Django would believe it from anyone.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
ZWEI_FAKTOR_PFLICHT = True
