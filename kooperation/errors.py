"""The domain errors services raise, and the one table that turns them into
HTTP for the browser (``kooperation.seiten``) and the API
(``kooperation.api_fehler.fehlerbehandlung``).

- ``Fachfehler``: a rule of the domain was broken; 400 with the message next
  to the field it names.
- ``Konflikt``: someone else saved the same record meanwhile; 409.
- ``KeinZugriff``: the access policy refused; 403. A ``PermissionDenied``, so
  Django's own 403 handling applies wherever it is not caught.
- ``UnbekanntesModell``: the policy has no rule for a model; refused like any
  ``KeinZugriff`` (fail closed), and logged, because it is a gap in the rules.
- ``Http404`` for anything the policy hides: the same answer as for an id
  that does not exist (``kooperation.seiten.zugriff`` and the API's scoped
  querysets turn a selector's ``DoesNotExist`` into it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

# The answer for anything outside the user's scope, as for an id that does not exist.
NICHT_GEFUNDEN = "Nicht gefunden, oder für Sie nicht sichtbar."


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


class KeinZugriff(PermissionDenied):
    """The access policy refused: the object is visible, the action is not the
    user's (or the page is not for the user's role)."""

    def __init__(self, meldung: str = "Dafür fehlt Ihnen die Berechtigung."):
        super().__init__(meldung)
        self.meldung = meldung


class UnbekanntesModell(KeinZugriff):
    """The access policy has no rule for this model."""

    def __init__(self, model):
        super().__init__(
            f"Die Zugriffsregeln kennen {model._meta.label} nicht: Zugriff verweigert."
        )


def zu_gross(grenze: int) -> str:
    """The answer to a request body beyond ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413)."""
    return f"Die Anfrage ist zu groß: höchstens {grenze // 1024} KiB sind erlaubt."


def zu_viele_felder(grenze: int) -> str:
    """The answer to a form with more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields."""
    return f"Die Anfrage enthält zu viele Felder: höchstens {grenze} sind erlaubt."


# Most specific first: Konflikt is a Fachfehler, KeinZugriff a PermissionDenied.
HTTP_STATUS: tuple[tuple[type[BaseException], int], ...] = (
    (Konflikt, 409),
    (ValidationError, 400),
    (PermissionDenied, 403),
    (Http404, 404),
)


def http_status(fehler: BaseException) -> int | None:
    """The HTTP status of a domain error; None for anything else (a bug: 500)."""
    for klasse, status in HTTP_STATUS:
        if isinstance(fehler, klasse):
            return status
    return None


def meldungen(fehler: BaseException) -> list[str]:
    """The German messages of a domain error, for a page or the API."""
    if isinstance(fehler, ValidationError):
        return list(fehler.messages)
    text = str(fehler)
    return [text] if text else []


# Every ``code`` an error answer of the API can carry (its shape:
# ``kooperation.api_fehler.FehlerSerializer``), with what it means. A client
# branches on these, so they only ever grow.
FEHLERCODES = {
    "invalid": "400: Eingaben ungültig; die Meldungen stehen in „felder“.",
    "invalid_reference": "400: Eine Kennung in den Eingaben nennt nichts, was Sie sehen dürfen.",
    "duplicate": "400: Ein Wert kommt doppelt vor, wo er nur einmal vorkommen darf "
    "(z. B. derselbe Handlungsbedarf zweimal in einer Liste).",
    "business_rule": "400: Eine Regel des Verfahrens lässt den Schritt so nicht zu "
    "(z. B. falscher Stand des Plans, ein Datum vor dem Beginn des Plans).",
    "parse_error": "400: Der Inhalt ist kein gültiges JSON.",
    "not_authenticated": "401: Keine Anmeldung (Kopfzeile Authorization fehlt).",
    "authentication_failed": "401: Der Token ist ungültig oder abgelaufen.",
    "permission_denied": "403: Dafür fehlt Ihnen die Berechtigung.",
    "not_found": "404: Nicht gefunden, oder für Sie nicht sichtbar.",
    "method_not_allowed": "405: Diese Methode gibt es hier nicht.",
    "not_acceptable": "406: Das gewünschte Format wird nicht geliefert.",
    "conflict": "409: Jemand anderes hat den Datensatz in der Zwischenzeit geändert.",
    "precondition_failed": "412: If-Match passt nicht zur aktuellen Version.",
    "request_too_large": "413: Die Anfrage ist zu groß.",
    "unsupported_media_type": "415: Nur application/json wird angenommen.",
    "precondition_required": "428: If-Match: * nennt keine Version.",
    "throttled": "429: Zu viele Anfragen; Retry-After nennt die Wartezeit in Sekunden.",
    "server_error": "500: Ein Fehler des Servers; er wurde protokolliert.",
    "service_unavailable": "503: Der Dienst ist gerade nicht erreichbar; Retry-After.",
}

FEHLERCODE_AUSWAHL = list(FEHLERCODES.items())


def fehler(code: str, detail: str, felder: dict | None = None) -> dict:
    """The body of an error answer of the API, in its one shape."""
    return {"code": code, "detail": str(detail), "felder": felder or {}}
