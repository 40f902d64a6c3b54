"""Default for ``manage.py`` on a developer's machine: debug on, SQLite, in-process tasks."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
# Serve static files from the finders (node_modules included) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
