"""The OpenAPI schema class of the API (drf-spectacular), kept apart from
``api_base`` because drf-spectacular imports DRF's views, which read the
settings that name ``api_base``.

What it adds to drf-spectacular's defaults, so that a client generated from
the schema (openapi-python-client, openapi-typescript) works unchanged:

- answers link to the operations on what they made or read (``VERWEISE``);
- every error answer (4xx) of every operation is the component ``Fehler``
  (``kooperation.api_fehler``), so clients parse errors into one type;
- ids in paths are integers everywhere (the router's pattern would be a string);
- operation ids are ``<path>_<list|retrieve|create|partial_update|destroy>``
  for the standard operations and ``<path>`` for the steps (``…_vereinbaren``);
- ``sperrversion`` is required in the bodies that need it, also in PATCH
  (drf-spectacular makes every field of a PATCH body optional);
- texts name what DRF refuses in them (NUL, only spaces where required);
- every date a client sends names its window (``kooperation.datumsregeln``);
- a string filter that is given needs a value (``minLength: 1``);
- components are described by ``schema_beschreibung``, not by docstrings;
- every field of an answer is required (DRF always writes each one); request
  bodies name no defaults."""

from django.core.validators import RegexValidator
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import serializers
from rest_framework.settings import api_settings

from .api_fehler import FehlerSerializer
from .datumsregeln import Datumsfenster

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

# OpenAPI links from an operation's answer to the operations on what it made
# or read (name: target operation, its path parameters, body fields to fill),
# for clients and for schemathesis' stateful checks.
_ID = "$response.body#/id"
_PLAN_VERSION = {"plan_pk": "$request.path.plan_pk", "id": "$request.path.id"}
_EINTRAG = {
    "plan_pk": "$request.path.plan_pk",
    "version_pk": "$request.path.version_pk",
    "id": _ID,
}
_SPERRVERSION = {"sperrversion": "$response.body#/sperrversion"}
VERWEISE = {
    "leistungsberechtigte_create": {
        "Lesen": ("leistungsberechtigte_retrieve", {"id": _ID}, None),
        "Aendern": ("leistungsberechtigte_partial_update", {"id": _ID}, _SPERRVERSION),
        "PotenzialanalyseBeginnen": (
            "potenzialanalysen_create",
            {},
            {"leistungsberechtigter": _ID},
        ),
    },
    "leistungsberechtigte_retrieve": {
        "Aendern": ("leistungsberechtigte_partial_update", {"id": _ID}, _SPERRVERSION),
    },
    "potenzialanalysen_create": {
        "Lesen": ("potenzialanalysen_retrieve", {"id": _ID}, None),
        "Befunde": ("potenzialanalysen_partial_update", {"id": _ID}, _SPERRVERSION),
        "Abschliessen": ("potenzialanalysen_abschliessen", {"id": _ID}, _SPERRVERSION),
        "PlanBeginnen": (
            "kooperationsplaene_create",
            {},
            {
                "leistungsberechtigter": "$response.body#/leistungsberechtigter",
                "potenzialanalyse": _ID,
            },
        ),
    },
    "potenzialanalysen_retrieve": {
        "Befunde": ("potenzialanalysen_partial_update", {"id": _ID}, _SPERRVERSION),
    },
    "kooperationsplaene_create": {
        "Lesen": ("kooperationsplaene_retrieve", {"id": _ID}, None),
        "Versionen": ("kooperationsplaene_versionen_list", {"plan_pk": _ID}, None),
        "Entwurf": (
            "kooperationsplaene_versionen_retrieve",
            {"plan_pk": _ID, "id": "$response.body#/versionen/0"},
            None,
        ),
    },
    "kooperationsplaene_versionen_retrieve": {
        "Bearbeiten": (
            "kooperationsplaene_versionen_partial_update",
            _PLAN_VERSION,
            _SPERRVERSION,
        ),
        "EintragHinzufuegen": (
            "kooperationsplaene_versionen_eintraege_create",
            {"plan_pk": "$request.path.plan_pk", "version_pk": "$request.path.id"},
            _SPERRVERSION,
        ),
        "Eintraege": (
            "kooperationsplaene_versionen_eintraege_list",
            {"plan_pk": "$request.path.plan_pk", "version_pk": "$request.path.id"},
            None,
        ),
    },
    "kooperationsplaene_versionen_eintraege_create": {
        "Lesen": ("kooperationsplaene_versionen_eintraege_retrieve", _EINTRAG, None),
        "Aendern": ("kooperationsplaene_versionen_eintraege_partial_update", _EINTRAG, None),
    },
    "kooperationsplaene_fortschreiben": {
        "Lesen": (
            "kooperationsplaene_versionen_retrieve",
            {"plan_pk": "$request.path.id", "id": _ID},
            None,
        ),
    },
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

    def _get_filter_parameters(self):
        parameter = super()._get_filter_parameters()
        for p in parameter:
            # A filter that is given needs a value (``api_base.Filter``: ``art=`` is 400).
            # The ordering parameter is no filter: empty, it keeps the default order.
            if p.get("name") == api_settings.ORDERING_PARAM:
                continue
            if p.get("schema", {}).get("type") == "string" and "enum" not in p["schema"]:
                p["schema"]["minLength"] = 1
        return parameter

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            isinstance(field, serializers.PrimaryKeyRelatedField)
            and schema is not None
            and schema.get("type") == "integer"
        ):
            schema.update(minimum=0, maximum=GROESSTE_KENNUNG)
        if (
            direction == "request"
            and schema is not None
            and type(field) in (serializers.CharField, serializers.EmailField)
            and "format" not in schema
            and not any(isinstance(v, RegexValidator) for v in field.validators)
        ):
            # DRF refuses NUL characters and trims whitespace: a text that
            # must not be blank needs one character that is not a space.
            schema["pattern"] = (
                r"^[^\x00]*$" if field.allow_blank else r"^[^\x00]*[^\x00\s][^\x00]*$"
            )
        fenster = next(
            (v for v in getattr(field, "validators", ()) if isinstance(v, Datumsfenster)), None
        )
        if fenster is not None and schema is not None and direction == "request":
            # JSON Schema has no bounds for dates: the window goes into the
            # description and, for tools, into x-datum-von / x-datum-bis (as of
            # the day the schema is fetched: the window moves with the day).
            von, bis = fenster.grenzen()
            schema["x-datum-von"] = von.isoformat()
            schema["x-datum-bis"] = bis.isoformat()
            text = f"Zwischen dem {von:%d.%m.%Y} und dem {bis:%d.%m.%Y} ({fenster.name})."
            schema["description"] = f"{schema.get('description', '')} {text}".strip()
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        # A component's description is its ``schema_beschreibung`` (German),
        # never the class docstring, which is written for developers here.
        schema.pop("description", None)
        if getattr(serializer, "schema_beschreibung", None):
            schema["description"] = serializer.schema_beschreibung
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
        verweise = VERWEISE.get(self.get_operation_id(), {})
        erfolg = next((c for c in antworten if c.startswith("2")), None)
        if verweise and erfolg:
            antworten[erfolg]["links"] = {
                name: {"operationId": ziel, "parameters": parameter}
                | ({"requestBody": koerper} if koerper else {})
                for name, (ziel, parameter, koerper) in verweise.items()
            }
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
