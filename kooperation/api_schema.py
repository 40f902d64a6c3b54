"""The OpenAPI schema class of the API (drf-spectacular), kept apart from
``api_base`` because drf-spectacular imports DRF's views, which read the
settings that name ``api_base``.

What it adds to drf-spectacular's defaults, so that a client generated from
the schema (openapi-python-client, openapi-typescript) works unchanged:

- every error answer (4xx) of every operation is the component ``Fehler``
  (``kooperation.api_fehler``), so clients parse errors into one type;
- ids in paths are integers everywhere (the router's pattern would be a string);
- operation ids are ``<path>_<list|retrieve|create|partial_update|destroy>``
  for the standard operations and ``<path>`` for the steps (``…_vereinbaren``);
- ``sperrversion`` is required in the bodies that need it, also in PATCH
  (drf-spectacular makes every field of a PATCH body optional);
- every field of an answer is required (DRF always writes each one); request
  bodies name no defaults."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object

from .api_fehler import FehlerSerializer

FEHLER_ANTWORTEN = {
    "400": "Ungültige Eingabe: Meldungen auf Deutsch je Feld in „felder“.",
    "401": "Nicht angemeldet oder ungültiger Token.",
    "403": "Dafür fehlt die Berechtigung.",
    "404": "Nicht gefunden, oder für Sie nicht sichtbar.",
    "405": "Diese Methode gibt es hier nicht.",
    "406": "Das gewünschte Format wird nicht geliefert.",
    "409": "Jemand anderes hat den Datensatz in der Zwischenzeit geändert.",
    "412": "If-Match passt nicht zur aktuellen Version.",
    "413": "Die Anfrage ist zu groß.",
    "415": "Dieses Format wird nicht angenommen (nur application/json).",
    "428": "If-Match: * nennt keine Version; ETag oder sperrversion senden.",
    "429": "Zu viele Anfragen mit diesem Token; später erneut versuchen.",
}

# The largest id a path takes (``api_base.KENNUNG``: up to 18 digits).
GROESSTE_KENNUNG = 10**18 - 1

STANDARD_AKTIONEN = {"list", "retrieve", "create", "update", "partial_update", "destroy"}


class Schema(AutoSchema):
    """drf-spectacular's schema, made precise for generated clients."""

    def get_operation_id(self) -> str:
        aktion = getattr(self.view, "action", None)
        if aktion and aktion not in STANDARD_AKTIONEN:
            return "_".join(t.replace("-", "_") for t in self._tokenize_path())
        return super().get_operation_id()

    def _resolve_path_parameters(self, variables):
        parameter = super()._resolve_path_parameters(variables)
        for p in parameter:
            p["schema"] = {"type": "integer", "minimum": 0, "maximum": GROESSTE_KENNUNG}
        return parameter

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        felder = getattr(serializer, "fields", {})
        if direction == "response":
            pflicht = [n for n in schema.get("properties", {}) if not felder[n].write_only]
        else:
            # A default is the server's business: generators (openapi-typescript)
            # would make a field with one required in the request.
            for feld in schema.get("properties", {}).values():
                feld.pop("default", None)
            pflicht = list(schema.get("required", []))
            pflicht += [
                n
                for n, f in felder.items()
                if getattr(f, "im_schema_pflicht", False) and n in schema.get("properties", {})
            ]
        if pflicht:
            schema["required"] = sorted(set(pflicht))
        return schema

    def _get_response_bodies(self, direction="response"):
        antworten = super()._get_response_bodies(direction)
        for code, text in FEHLER_ANTWORTEN.items():
            if code not in antworten:
                antwort = self._get_response_for_code(
                    FehlerSerializer, code, ("application/json",), direction
                )
                antwort["description"] = text
                antworten[code] = antwort
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
