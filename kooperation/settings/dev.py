"""Default for ``manage.py`` on a developer's machine: debug on, SQLite, in-process tasks."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
# Serve static files from the finders (node_modules included) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo logins work with the password alone; the login page says that
# production asks for a second factor.
ZWEI_FAKTOR_PFLICHT = env.bool("ZWEI_FAKTOR_PFLICHT", default=False)
# Without a broker, `make run` shows what production does: the periodic jobs
# run in the serving process, and the mails are readable in the browser.
EINGEBETTETER_ZEITPLAN = env.bool("EINGEBETTETER_ZEITPLAN", default=not CELERY_BROKER_URL)  # noqa: F405
NACHRICHTEN_IM_BROWSER = env.bool("NACHRICHTEN_IM_BROWSER", default=not CELERY_BROKER_URL)  # noqa: F405
