"""The one domain error type services raise; the browser shows its message
next to the field it names, the API returns it as a 400 with field errors."""

from django.core.exceptions import ValidationError


class Fachfehler(ValidationError):
    """A rule of the domain was broken. ``message`` is German and addressed to
    the user; pass a dict to name fields: ``Fachfehler({"ziel": "…"})``."""


class Konflikt(Fachfehler):
    """Someone else saved the same record in the meantime (optimistic locking)."""

    def __init__(self, was: str = "Der Datensatz"):
        super().__init__(
            f"{was} wurde in der Zwischenzeit von jemand anderem geändert. Ihre Eingaben "
            "wurden nicht gespeichert. Bitte laden Sie die Seite neu und übernehmen Sie "
            "Ihre Änderungen erneut."
        )


class KeinZugriff(Fachfehler):
    """The access policy refused; views turn this into 403/404."""

    def __init__(self, message: str = "Dafür fehlt Ihnen die Berechtigung."):
        super().__init__(message)
