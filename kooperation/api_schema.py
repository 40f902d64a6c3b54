"""The OpenAPI schema class of the API (drf-spectacular), kept apart from
``api_base`` because drf-spectacular imports DRF's views, which read the
settings that name ``api_base``."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object

FEHLER_ANTWORTEN = {
    "400": "Ungültige Eingabe: Feldfehler auf Deutsch, je Feld eine Liste von Meldungen.",
    "401": "Nicht angemeldet oder ungültiger Token.",
    "403": "Dafür fehlt die Berechtigung.",
    "404": "Nicht gefunden, oder für Sie nicht sichtbar.",
    "405": "Diese Methode gibt es hier nicht.",
    "406": "Das gewünschte Format wird nicht geliefert.",
    "409": "Jemand anderes hat den Datensatz in der Zwischenzeit geändert.",
    "412": "If-Match passt nicht zur aktuellen Version.",
    "413": "Die Anfrage ist zu groß.",
    "415": "Dieses Format wird nicht angenommen.",
    "428": "If-Match: * nennt keine Version; ETag oder sperrversion senden.",
    "429": "Zu viele Anfragen mit diesem Token; später erneut versuchen.",
}


class Schema(AutoSchema):
    """drf-spectacular's schema, with the error answers every endpoint can give."""

    def _get_response_bodies(self, direction="response"):
        antworten = super()._get_response_bodies(direction)
        for code, text in FEHLER_ANTWORTEN.items():
            antworten.setdefault(
                code,
                {
                    "description": text,
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "additionalProperties": True}
                        }
                    },
                },
            )
        return antworten


class TokenAnmeldungSchema(OpenApiAuthenticationExtension):
    """``Authorization: Token <key>`` (django-rest-knox, kooperation/tokens.py)."""

    target_class = "kooperation.tokens.TokenAnmeldung"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106  (the header word, not a secret)
        )
