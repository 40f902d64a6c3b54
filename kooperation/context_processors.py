from django.conf import settings

from .access import Rolle, rolle_von
from .sitzung import zweiter_faktor_fehlt


def rolle(request):
    """The user's role for the navigation."""
    user = getattr(request, "user", None)
    return {
        "rolle": rolle_von(user),
        "Rolle": Rolle,
        "zwei_faktor_pflicht": settings.ZWEI_FAKTOR_PFLICHT,
        # Password right, second factor still to come: no navigation yet.
        "zweiter_faktor_offen": user is not None and zweiter_faktor_fehlt(user),
        "nachrichten_im_browser": settings.NACHRICHTEN_IM_BROWSER,
    }
