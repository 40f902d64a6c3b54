from .access import Rolle, rolle_von


def rolle(request):
    """The user's role for the navigation."""
    r = rolle_von(getattr(request, "user", None))
    return {"rolle": r, "Rolle": Rolle}
