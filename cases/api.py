"""``/api/v1/leistungsberechtigte/`` and ``/api/v1/potenzialanalysen/``. Thin:
parse input, ask the access policy (permission class, scoped queryset), call
one service from ``cases.services``."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kooperation import access
from kooperation.api_base import (
    Filter,
    JaNeinFilter,
    KennungFilter,
    Sperrversion,
    erwartete_sperrversion,
)

from . import services
from .models import Leistungsberechtigter, Phase, Potenzialanalyse, PotenzialanalyseStatus
from .selectors import bedarfsanalyse, bedarfsmatrix_als_daten
from .serializers import (
    BedarfszeileSerializer,
    LeistungsberechtigterAendernEingabe,
    LeistungsberechtigterListeSerializer,
    LeistungsberechtigterSerializer,
    PotenzialanalyseAbschliessenEingabe,
    PotenzialanalyseBearbeitenEingabe,
    PotenzialanalyseSerializer,
)


class LeistungsberechtigterFilter(Filter):
    phase = django_filters.ChoiceFilter(choices=Phase.choices, help_text="Stand des Falls.")
    team = KennungFilter(field_name="team_id", help_text="Kennung des Teams.")
    zustaendig = KennungFilter(
        field_name="zustaendig_id", help_text="Kennung der zuständigen Integrationsfachkraft."
    )
    kundennummer = django_filters.CharFilter(help_text="Genau diese Kundennummer.")
    frist_bis = django_filters.DateFilter(
        field_name="naechste_frist",
        lookup_expr="lte",
        help_text="Nächste Frist spätestens am (JJJJ-MM-TT).",
    )
    eigene = JaNeinFilter(
        method="nur_eigene", help_text="true: nur die Fälle, für die Sie zuständig sind."
    )

    class Meta:
        model = Leistungsberechtigter
        fields = ["phase", "team", "zustaendig", "kundennummer", "frist_bis", "eigene"]

    def nur_eigene(self, queryset, name, wert):
        return queryset.filter(zustaendig=self.request.user) if wert else queryset


class LeistungsberechtigteViewSet(
    Sperrversion,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Leistungsberechtigte, die Sie sehen dürfen: als Integrationsfachkraft die
    eigenen und die des Teams, als Fachverfahren alle des Jobcenters."""

    queryset = Leistungsberechtigter.objects.all()
    serializer_class = LeistungsberechtigterSerializer
    filterset_class = LeistungsberechtigterFilter
    ordering_fields = ["id", "nachname", "kundennummer"]
    ordering = ["id"]
    rolle_darf = staticmethod(access.darf_faelle_lesen)
    lesegrund = "Fallakte über die Schnittstelle gelesen"

    def get_serializer_class(self):
        if self.action == "list":
            return LeistungsberechtigterListeSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "list":
            qs = qs.only(*LeistungsberechtigterListeSerializer.Meta.fields)
        return qs

    def perform_create(self, serializer):
        serializer.instance = services.leistungsberechtigter_anlegen(
            acting_user=self.request.user, ueber_schnittstelle=True, **serializer.validated_data
        )

    @extend_schema(
        request=LeistungsberechtigterAendernEingabe, responses=LeistungsberechtigterSerializer
    )
    def partial_update(self, request, *args, **kwargs):
        """Angaben zur Person ändern (mit Sperrversion); auch die Stammdaten,
        die Ihr Jobcenter aus dem Fachverfahren übernimmt."""
        person = self.get_object()
        eingabe = LeistungsberechtigterAendernEingabe(data=request.data, partial=True)
        eingabe.is_valid(raise_exception=True)
        person = services.leistungsberechtigter_aendern(
            acting_user=request.user,
            leistungsberechtigter=person,
            sperrversion=erwartete_sperrversion(request, person, eingabe.validated_data),
            ueber_schnittstelle=True,
            **eingabe.daten(),
        )
        person = self.get_queryset().get(pk=person.pk)
        antwort = Response(LeistungsberechtigterSerializer(person).data)
        antwort["ETag"] = f'"{person.sperrversion}"'
        return antwort


class PotenzialanalyseFilter(Filter):
    status = django_filters.ChoiceFilter(
        choices=PotenzialanalyseStatus.choices, help_text="in_arbeit oder abgeschlossen."
    )
    leistungsberechtigter = KennungFilter(
        field_name="leistungsberechtigter_id", help_text="Kennung der Person."
    )

    class Meta:
        model = Potenzialanalyse
        fields = ["status", "leistungsberechtigter"]


class PotenzialanalysenViewSet(
    Sperrversion,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Potenzialanalysen (§ 15 Abs. 1 SGB II): beginnen, Befunde speichern, abschließen."""

    queryset = Potenzialanalyse.objects.prefetch_related("handlungsbedarfe")
    serializer_class = PotenzialanalyseSerializer
    filterset_class = PotenzialanalyseFilter
    ordering_fields = ["id", "begonnen_am"]
    ordering = ["id"]
    rolle_darf = staticmethod(access.darf_faelle_lesen)
    lesegrund = "Potenzialanalyse über die Schnittstelle gelesen"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.potenzialanalyse_beginnen(
            acting_user=self.request.user,
            leistungsberechtigter=serializer.validated_data["leistungsberechtigter"],
            begonnen_am=serializer.validated_data["begonnen_am"],
        )

    def _antwort(self, pa, code=status.HTTP_200_OK):
        pa = self.get_queryset().get(pk=pa.pk)
        antwort = Response(self.get_serializer(pa).data, status=code)
        antwort["ETag"] = f'"{pa.sperrversion}"'
        return antwort

    @extend_schema(request=PotenzialanalyseBearbeitenEingabe, responses=PotenzialanalyseSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Befunde einer laufenden Potenzialanalyse speichern (mit Sperrversion)."""
        pa = self.get_object()
        eingabe = PotenzialanalyseBearbeitenEingabe(data=request.data)
        eingabe.is_valid(raise_exception=True)
        befunde = eingabe.befunde()
        handlungsbedarfe = befunde.pop(
            "handlungsbedarfe", {h.bereich: h.beschreibung for h in pa.handlungsbedarfe.all()}
        )
        pa = services.potenzialanalyse_speichern(
            acting_user=request.user,
            potenzialanalyse=pa,
            sperrversion=erwartete_sperrversion(request, pa, eingabe.validated_data),
            handlungsbedarfe=handlungsbedarfe,
            **befunde,
        )
        return self._antwort(pa)

    @extend_schema(
        request=PotenzialanalyseAbschliessenEingabe, responses=PotenzialanalyseSerializer
    )
    @action(detail=True, methods=["post"])
    def abschliessen(self, request, pk=None):
        """Potenzialanalyse abschließen; setzt die Frist für den Planentwurf."""
        pa = self.get_object()
        eingabe = PotenzialanalyseAbschliessenEingabe(data=request.data)
        eingabe.is_valid(raise_exception=True)
        befunde = eingabe.befunde()
        pa = services.potenzialanalyse_abschliessen(
            acting_user=request.user,
            potenzialanalyse=pa,
            sperrversion=erwartete_sperrversion(request, pa, eingabe.validated_data, pflicht=False),
            **befunde,
        )
        return self._antwort(pa)


class BedarfsanalyseViewSet(viewsets.ViewSet):
    """Die Bedarfsanalyse (Phase I des Leitfadens zur Netzwerkarbeit): je
    Handlungsbedarf, wie viele Menschen ihn haben (je Team und Region), welche
    Angebote ihn abdecken und wie viele Plätze dort frei sind. Nur Zahlen."""

    rolle_darf = staticmethod(access.darf_bedarfsanalyse_sehen)
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        responses=BedarfszeileSerializer(many=True), summary="Bedarfsanalyse: eine Zeile je Bedarf"
    )
    def list(self, request):
        matrix = bedarfsanalyse(user=request.user, stichtag=timezone.localdate())
        daten = bedarfsmatrix_als_daten(matrix)["bedarfe"]
        return Response(BedarfszeileSerializer(daten, many=True).data)


ROUTEN = [
    ("bedarfsanalyse", BedarfsanalyseViewSet, "bedarfsanalyse"),
    ("leistungsberechtigte", LeistungsberechtigteViewSet, "leistungsberechtigter"),
    ("potenzialanalysen", PotenzialanalysenViewSet, "potenzialanalyse"),
]
