"""The API's answer to a domain error, from the one table in
``kooperation.errors``: 400 with German messages per field, 403 with the
policy's reason, 404 without saying whether the object exists, 409 for a stale
edit (412 for a stale ``If-Match`` comes from ``api_base.Vorbedingung``).
Anything else is a bug: DRF leaves it alone, Django logs it, the client gets
500. Its own module, because ``rest_framework.views`` loads the classes that
``api_base`` defines while it is being imported."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .errors import NICHT_GEFUNDEN, KeinZugriff, http_status, meldungen, zu_gross


def _feldfehler(fehler: DjangoValidationError) -> dict:
    if hasattr(fehler, "error_dict"):
        return {
            ("non_field_errors" if feld == "__all__" else feld): texte
            for feld, texte in fehler.message_dict.items()
        }
    return {"non_field_errors": fehler.messages}


def fehlerbehandlung(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: domain errors to HTTP, the rest to DRF."""
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": zu_gross(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    code = http_status(exc)
    if code == status.HTTP_409_CONFLICT:
        return Response({"detail": meldungen(exc)[0]}, status=code)
    if code == status.HTTP_400_BAD_REQUEST and isinstance(exc, DjangoValidationError):
        return Response(_feldfehler(exc), status=code)
    if isinstance(exc, KeinZugriff):
        exc = exceptions.PermissionDenied(exc.meldung)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif code == status.HTTP_404_NOT_FOUND:
        exc = exceptions.NotFound(NICHT_GEFUNDEN)
    return exception_handler(exc, context)
