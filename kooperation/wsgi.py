import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperation.settings.dev")
application = get_wsgi_application()

# Only web requests get a time limit on their SQL (kooperation.stoerung).
from kooperation.stoerung import zeitlimit_fuer_web_anfragen  # noqa: E402

zeitlimit_fuer_web_anfragen()

# Without a broker (``make run``) the periodic jobs run in this process.
from kooperation.zeitplan_eingebettet import zeitplan_starten  # noqa: E402

zeitplan_starten()
