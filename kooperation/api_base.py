"""Shared machinery of the REST API (``/api/v1/``): the permission class and
filter backend built on the one access policy, cursor pagination, throttling
per token and optimistic locking through ``ETag`` / ``If-Match`` (the domain
errors' HTTP answers: ``kooperation.api_fehler``).

Nothing here holds a business rule: the access policy answers who may see
and change what (``kooperation.access``), the services do every write."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.filters import BaseFilterBackend
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils import json

from . import access, datumsregeln
from .audit import lesezugriff, listenzugriff
from .errors import zu_gross
from .netz import client_adresse


class Zugriff(permissions.BasePermission):
    """Who may use an endpoint at all (``rolle_darf`` on the view, a predicate
    of the access policy), and per object: reading needs ``darf_sehen`` (the
    queryset is already scoped, so others' objects are 404), changing needs
    ``darf_bearbeiten`` (403: the object is visible, the change is not yours)."""

    message = "Dafür fehlt Ihnen die Berechtigung."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        rolle_darf = getattr(view, "rolle_darf", None)
        if rolle_darf is not None:
            return bool(rolle_darf(user))
        return access.rolle_von(user) is not None

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return access.darf_sehen(request.user, obj)
        return access.darf_bearbeiten(request.user, obj)


# Ids in paths: digits that fit a bigint; anything else is not found (JSON 404,
# see ``kooperation.views.fehler_404``), never a database overflow.
KENNUNG = "[0-9]{1,18}"


class SichtbarFilter(BaseFilterBackend):
    """Scopes every list and lookup to what the user may see (``access.sichtbar``)."""

    def filter_queryset(self, request, queryset, view):
        return access.sichtbar(request.user, queryset)


class Suchfilter(DjangoFilterBackend):
    """django-filter's backend, skipped when the request names none of the
    filters: building and validating the FilterSet's form would then filter
    nothing (about a tenth of a plain list request)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class Wahrheitswert(forms.NullBooleanField):
    """``true``/``false`` (or ``1``/``0``) and nothing else: a filter that
    silently ignored a typo would answer with more than was asked for."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise DjangoValidationError("Bitte „true“ oder „false“ angeben.", code="invalid")

    def validate(self, value):
        pass


class JaNeinFilter(django_filters.BooleanFilter):
    field_class = Wahrheitswert

    def __init__(self, *args, **kwargs):
        # The default widget turns any unknown word into "no filter".
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class KennungFilter(django_filters.NumberFilter):
    """An object's id: a whole number (``1.5`` or ``abc`` are 400, not ignored)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        # What a path id takes too (``KENNUNG``): beyond it, a database's
        # integer would overflow.
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**18 - 1)
        super().__init__(*args, **kwargs)
        # An integer in the schema (drf-spectacular reads a NumberFilter as a
        # float), with its description.
        extend_schema_field(
            {
                "type": "integer",
                "minimum": 0,
                "maximum": 10**18 - 1,
                "description": self.extra.get("help_text", ""),
            }
        )(self)


class Filter(django_filters.FilterSet):
    """The filters of a list: a parameter that is given needs a value
    (``art=`` is a 400, not "no filter"), as its schema says."""

    def is_valid(self):
        gueltig = super().is_valid()
        leer = [n for n in self.filters if n in self.data and self.data.get(n) == ""]
        for name in leer:
            self.form.add_error(
                name, "Bitte geben Sie einen Wert an oder lassen Sie den Parameter weg."
            )
        return gueltig and not leer


class Seiten(CursorPagination):
    """Cursor pagination: stable under inserts, one query per page, no COUNT."""

    page_size = 50
    page_size_query_param = "seitengroesse"
    page_size_query_description = "Einträge je Seite (höchstens 200)."
    cursor_query_description = "Position in der Liste (aus ``next``/``previous``)."
    max_page_size = 200
    ordering = "-pk"

    def get_page_size(self, request):
        """The page size asked for, strictly: anything but a whole number from
        1 to ``max_page_size`` (``null``, ``abc``, ``0``, ``1000``) is a 400,
        not quietly the default."""
        wert = request.query_params.get(self.page_size_query_param)
        if wert is None:
            return self.page_size
        if not (wert.isascii() and wert.isdigit() and 1 <= int(wert) <= self.max_page_size):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"Bitte eine ganze Zahl von 1 bis {self.max_page_size} angeben."
                    ]
                }
            )
        return int(wert)

    def get_schema_operation_parameters(self, view):
        parameter = super().get_schema_operation_parameters(view)
        for p in parameter:
            if p["name"] == self.page_size_query_param:
                p["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameter

    def get_paginated_response_schema(self, schema):
        antwort = super().get_paginated_response_schema(schema)
        felder = antwort["properties"]
        felder["next"]["description"] = "Adresse der nächsten Seite (null auf der letzten)."
        felder["previous"]["description"] = "Adresse der vorigen Seite (null auf der ersten)."
        felder["results"]["description"] = "Die Einträge dieser Seite."
        return antwort


class JeToken(SimpleRateThrottle):
    """Requests per token (per session user for the browser), counted in the
    cache (``CACHE_URL``) that every web process shares.

    Counted in fixed windows of the rate's period: one atomic increment per
    request (Redis INCR), whatever the rate. DRF's default keeps the list of
    every request time in the window and reads and writes it back whole on
    each request, which grows with the rate. A client may send up to twice
    its rate across the turn of a window; the limit guards the service, not
    an exact budget."""

    scope = "token"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        fenster = int(self.now // self.duration)
        self.fenster_ende = (fenster + 1) * self.duration
        schluessel = f"{self.key}:{fenster}"
        try:
            anzahl = self.cache.incr(schluessel)
        except ValueError:  # first request of the window
            if self.cache.add(schluessel, 1, timeout=self.duration + 1):
                anzahl = 1
            else:  # another process started the window first
                anzahl = self.cache.incr(schluessel)
        return anzahl <= self.num_requests

    def wait(self):
        return max(self.fenster_ende - self.now, 0.0)

    def get_ident(self, request):
        # The address as our proxy reports it, not X-Forwarded-For as sent.
        return client_adresse(request)

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        token = getattr(request.auth, "pk", None)
        ident = f"token-{token}" if token else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


# Deeper than any body this API takes (a plan item is two levels deep).
MAX_TIEFE = 20


class ZuGross(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def _tiefe(daten) -> int:
    """The nesting depth of parsed JSON, counted without recursion."""
    tiefste = 0
    offen = [(daten, 1)]
    while offen:
        wert, tiefe = offen.pop()
        if isinstance(wert, dict | list):
            tiefste = max(tiefste, tiefe)
            if tiefe > MAX_TIEFE:
                break
            kinder = wert.values() if isinstance(wert, dict) else wert
            offen.extend((k, tiefe + 1) for k in kinder)
    return tiefste


class JSONBegrenzt(JSONParser):
    """DRF's JSON parser reads the body straight from the socket, past
    Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``: this one reads at most that
    (413 beyond it), and refuses JSON nested deeper than ``MAX_TIEFE`` (400),
    which would otherwise exhaust the stack somewhere between parser and
    serializer (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        grenze = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        roh = stream.read(grenze + 1) if stream is not None else b""
        if grenze is not None and len(roh) > grenze:
            raise ZuGross(zu_gross(grenze))
        kodierung = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            daten = json.loads(roh.decode(kodierung))
        except RecursionError:
            daten = None
            tief = True
        except ValueError as fehler:
            raise exceptions.ParseError(f"Kein gültiges JSON: {fehler}") from None
        else:
            tief = _tiefe(daten) > MAX_TIEFE
        if tief:
            raise exceptions.ParseError(
                f"Die Anfrage ist zu tief verschachtelt: höchstens {MAX_TIEFE} Ebenen."
            )
        return daten


class NurJson(DefaultContentNegotiation):
    """The API takes JSON only (``JSONBegrenzt``), and DRF answers any other
    body with 415, except form data that a middleware has already read
    (``request.POST``): DRF would take that as an empty body. Checked here
    because content negotiation runs early in every request."""

    FORMULARE = ("application/x-www-form-urlencoded", "multipart/form-data")

    def select_renderer(self, request, renderers, format_suffix=None):
        art = (request.content_type or "").split(";")[0].strip().lower()
        if request.method not in permissions.SAFE_METHODS and art in self.FORMULARE:
            raise exceptions.UnsupportedMediaType(art)
        return super().select_renderer(request, renderers, format_suffix)


class Vorbedingung(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "Der Datensatz wurde in der Zwischenzeit geändert (If-Match passt nicht). "
        "Bitte laden Sie ihn neu."
    )
    default_code = "precondition_failed"


def etag(obj) -> str:
    return f'"{obj.sperrversion}"'


class Lesezugriffe:
    """Every answer with personal data leaves an access entry in the audit
    trail: one per object read, and one per list page naming the people shown
    (``kooperation.audit.listenzugriff``). ``lesegrund`` says what was read."""

    lesegrund = "Daten über die Schnittstelle gelesen"

    def get_object(self):
        self._objekt = super().get_object()
        return self._objekt

    def paginate_queryset(self, queryset):
        seite = super().paginate_queryset(queryset)
        self._gezeigt = seite if seite is not None else queryset
        return seite

    def list(self, request, *args, **kwargs):
        self._gezeigt = ()
        antwort = super().list(request, *args, **kwargs)
        listenzugriff(request.user, self._gezeigt, f"{self.lesegrund} (Liste)")
        return antwort

    def retrieve(self, request, *args, **kwargs):
        antwort = super().retrieve(request, *args, **kwargs)
        lesezugriff(request.user, self._objekt, self.lesegrund)
        return antwort


class Sperrversion(Lesezugriffe):
    """Optimistic locking over HTTP: ``GET`` of one object returns its
    ``sperrversion`` as ``ETag``; a write with ``If-Match`` that no longer
    matches gets 412 before anything is saved. Without ``If-Match`` the
    ``sperrversion`` field of the request body is passed to the service,
    which answers a stale one with ``Konflikt`` (409)."""

    def retrieve(self, request, *args, **kwargs):
        antwort = super().retrieve(request, *args, **kwargs)
        obj = getattr(self, "_objekt", None)
        if obj is not None and hasattr(obj, "sperrversion"):
            antwort["ETag"] = etag(obj)
        return antwort


class VersionNoetig(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "„If-Match: *“ nennt keine Version. Bitte senden Sie den ETag, den Sie zuletzt "
        "gelesen haben, oder das Feld „sperrversion“, damit keine fremde Änderung "
        "überschrieben wird."
    )
    default_code = "precondition_required"


def if_match_pruefen(request, obj) -> int | None:
    """The version the client expects, from ``If-Match``; 412 if stale. ``*``
    (any version) would skip the optimistic lock: 428."""
    wert = request.headers.get("If-Match")
    if not wert:
        return None
    erwartet = [w.strip().removeprefix("W/") for w in wert.split(",")]
    if "*" in erwartet:
        raise VersionNoetig()
    if etag(obj) not in erwartet:
        raise Vorbedingung()
    return obj.sperrversion


class DatumImFenster:
    """Every date a client sends lies in its plausible window
    (``kooperation.datumsregeln``): 400 naming the window, never a 500 from
    the deadlines computed from it."""

    def get_fields(self):
        felder = super().get_fields()
        datumsregeln.felder_begrenzen(
            {n: f for n, f in felder.items() if not f.read_only},
            (serializers.DateField, serializers.DateTimeField),
        )
        return felder


class Eingabe(DatumImFenster, serializers.Serializer):
    """The input of one service call through the API."""


class ModellSerializer(DatumImFenster, serializers.ModelSerializer):
    """A ModelSerializer whose every field carries a German description for the
    schema: the model field's ``help_text``, else its ``verbose_name``."""

    def build_field(self, field_name, info, model_class, nested_depth):
        klasse, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if not kwargs.get("help_text"):
            try:
                feld = model_class._meta.get_field(field_name)
            except FieldDoesNotExist:
                feld = None
            if field_name in ("id", "pk") or feld is None or feld.primary_key:
                kwargs["help_text"] = "Eindeutige Kennung."
            else:
                text = str(feld.help_text or feld.verbose_name)
                kwargs["help_text"] = text[:1].upper() + text[1:] + "."
        return klasse, kwargs

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops ``allow_blank`` from read-only fields, so the schema would
        # forbid the "" that a blank choice really is in an answer.
        leer_erlaubt = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if leer_erlaubt and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


class SichtbarerBezug(serializers.PrimaryKeyRelatedField):
    """A reference by id to an object the user may see; any other id is
    "does not exist", so nothing leaks about objects outside the user's scope."""

    def get_queryset(self):
        return access.sichtbar(self.context["request"].user, super().get_queryset())


class SperrversionFeld(serializers.IntegerField):
    """The ``sperrversion`` of an edit. The schema names it required (a client
    built from it always sends it); the check itself is
    ``erwartete_sperrversion``, which also takes ``If-Match`` instead."""

    def __init__(self, im_schema_pflicht: bool = True, **kwargs):
        self.im_schema_pflicht = im_schema_pflicht
        kwargs.setdefault(
            "help_text",
            "Sperrversion, die Sie zuletzt gelesen haben (alternativ Kopfzeile If-Match mit "
            "dem ETag). Ist sie veraltet, wird nichts gespeichert (409).",
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(**kwargs)


def erwartete_sperrversion(request, obj, daten: dict, pflicht: bool = True) -> int | None:
    """The version the client edits: from ``If-Match`` (412 if stale) or from
    the body's ``sperrversion`` (the service answers a stale one with 409)."""
    aus_kopf = if_match_pruefen(request, obj)
    if aus_kopf is not None:
        return aus_kopf
    if daten.get("sperrversion") is None and not pflicht:
        return None
    if daten.get("sperrversion") is None:
        raise exceptions.ValidationError(
            {
                "sperrversion": [
                    "Bitte geben Sie die Sperrversion an (Feld „sperrversion“ oder "
                    "Kopfzeile If-Match), damit keine fremde Änderung überschrieben wird."
                ]
            }
        )
    return daten["sperrversion"]
