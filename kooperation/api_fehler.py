"""The API's answer to every error, in one shape (the schema's component
``Fehler``): ``code`` (a stable word from ``FEHLERCODES`` for programs),
``detail`` (a German sentence for people) and ``felder`` (German messages per
input field, empty when the error is not about a field).

Domain errors come from the one table in ``kooperation.errors``: 400 with
messages per field, 403 with the policy's reason, 404 without saying whether
the object exists, 409 for a stale edit (412 for a stale ``If-Match`` comes
from ``api_base.Vorbedingung``). Anything else is a bug: DRF leaves it alone,
Django logs it, the client gets 500. Its own module, because
``rest_framework.views`` loads the classes that ``api_base`` defines while it
is being imported."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .errors import (
    FEHLERCODE_AUSWAHL,
    FEHLERCODES,
    NICHT_GEFUNDEN,
    Fachfehler,
    KeinZugriff,
    fehler,
    http_status,
    meldungen,
    zu_gross,
)


class FehlerSerializer(serializers.Serializer):
    """The shape of every error answer (the schema's component ``Fehler``)."""

    schema_beschreibung = (
        "Jede Fehlerantwort der Schnittstelle hat diese Form: ``code`` für Programme, "
        "``detail`` für Menschen, ``felder`` mit den Meldungen je Feld."
    )

    code = serializers.ChoiceField(
        choices=FEHLERCODE_AUSWAHL,
        help_text="Art des Fehlers, für Programme (diese Liste wird nur länger).",
    )
    detail = serializers.CharField(help_text="Was nicht ging, auf Deutsch.")
    felder = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Meldungen auf Deutsch je Eingabefeld (verschachtelte Felder mit Punkt: "
        "``handlungsbedarfe.0.bereich``; ``non_field_errors``: die Eingabe als Ganzes); "
        "leer, wenn der Fehler kein Feld betrifft.",
    )


def _flach(daten, praefix: str = "") -> dict[str, list]:
    """Nested field errors (lists of items, nested inputs) as one level,
    ``feld.0.unterfeld``."""
    if isinstance(daten, dict):
        felder: dict[str, list] = {}
        for name, wert in daten.items():
            felder |= _flach(wert, f"{praefix}{name}.")
        return felder
    if isinstance(daten, list) and any(isinstance(w, dict | list) for w in daten):
        felder = {}
        for nummer, wert in enumerate(daten):
            felder |= _flach(wert, f"{praefix}{nummer}.")
        return felder
    werte = daten if isinstance(daten, list) else [daten]
    return {praefix.rstrip(".") or "non_field_errors": [w for w in werte if w not in ("", None)]}


def _zusammenfassung(felder: dict) -> str:
    if set(felder) == {"non_field_errors"}:
        return " ".join(str(m) for m in felder["non_field_errors"])
    namen = ", ".join(f for f in felder if f != "non_field_errors")
    return f"Bitte prüfen Sie die Angaben: {namen}."


# A service names an item of a list as the browser form does,
# "pflichten-2-termin"; the API names it as its own nested errors do.
_LISTENFELD = re.compile(r"^(?P<liste>[a-z_]+)-(?P<n>\d+)-(?P<feld>[a-z_]+)$")


def _django_feldfehler(fehler_: DjangoValidationError) -> dict:
    if hasattr(fehler_, "error_dict"):
        return {
            (
                "non_field_errors"
                if feld == "__all__"
                else _LISTENFELD.sub(r"\g<liste>.\g<n>.\g<feld>", feld)
            ): texte
            for feld, texte in fehler_.message_dict.items()
        }
    return {"non_field_errors": fehler_.messages}


def _validierung(exc: exceptions.ValidationError) -> dict:
    felder = {k: v for k, v in _flach(exc.detail).items() if v}
    codes = {c for cs in _flach(exc.get_codes()).values() for c in cs}
    # Errors no schema can rule out get their own code: an id outside the
    # caller's scope, a value given twice where it must be unique.
    code = {frozenset({"does_not_exist"}): "invalid_reference", frozenset({"unique"}): "duplicate"}
    code = code.get(frozenset(codes), "invalid")
    return fehler(code, _zusammenfassung(felder), felder)


def fehlerbehandlung(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: domain errors to HTTP, every answer in the
    one shape of ``FehlerSerializer``."""
    if isinstance(exc, RequestDataTooBig):
        return Response(
            fehler("request_too_large", zu_gross(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    code = http_status(exc)
    if code == status.HTTP_409_CONFLICT:
        return Response(fehler("conflict", meldungen(exc)[0]), status=code)
    if code == status.HTTP_400_BAD_REQUEST and isinstance(exc, DjangoValidationError):
        felder = _django_feldfehler(exc)
        art = "business_rule" if isinstance(exc, Fachfehler) else "invalid"
        return Response(fehler(art, _zusammenfassung(felder), felder), status=code)
    if isinstance(exc, KeinZugriff):
        exc = exceptions.PermissionDenied(exc.meldung)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif code == status.HTTP_404_NOT_FOUND:
        exc = exceptions.NotFound(NICHT_GEFUNDEN)
    antwort = exception_handler(exc, context)
    if antwort is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        antwort.data = _validierung(exc)
    else:
        art = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if not isinstance(art, str) or art not in FEHLERCODES:
            art = exc.default_code if getattr(exc, "default_code", None) in FEHLERCODES else None
        detail = antwort.data.get("detail", "") if isinstance(antwort.data, dict) else ""
        antwort.data = fehler(art or "invalid", detail)
    return antwort
