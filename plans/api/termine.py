"""``/api/v1/einladungen/`` and ``/api/v1/anhoerungen/``: invitations with
their outcome, and the hearing after a missed appointment with its finding.
Read by whoever may read the person's case (the Fachverfahren too: it
takes the outcomes); changed by the responsible IFK only, through the same
services as the pages."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kooperation import access
from kooperation.api_base import Filter, KennungFilter, Lesezugriffe

from ..models.termin import Anhoerung, Einladung, Feststellung, Terminergebnis
from ..serializers.termine import (
    AnhoerungSerializer,
    AntwortEingabe,
    EinladenEingabe,
    EinladungSerializer,
    ErgebnisEingabe,
    FeststellungEingabe,
    PersoenlichEingabe,
)
from ..services.termine import (
    anhoerung_antwort_festhalten,
    anhoerung_einleiten,
    anhoerung_feststellen,
    einladen,
    ergebnis_festhalten,
    persoenlich_angehoert,
)
from .eingabe import eingabe


class EinladungFilter(Filter):
    leistungsberechtigter = KennungFilter(
        field_name="leistungsberechtigter_id", help_text="Kennung der Person."
    )
    ergebnis = django_filters.ChoiceFilter(
        choices=Terminergebnis.choices, help_text="Ergebnis des Termins."
    )
    beginn_ab = django_filters.IsoDateTimeFilter(
        field_name="beginn", lookup_expr="gte", help_text="Termine ab diesem Zeitpunkt."
    )
    beginn_bis = django_filters.IsoDateTimeFilter(
        field_name="beginn", lookup_expr="lt", help_text="Termine vor diesem Zeitpunkt."
    )

    class Meta:
        model = Einladung
        fields = ["leistungsberechtigter", "ergebnis", "beginn_ab", "beginn_bis"]


class EinladungenViewSet(
    Lesezugriffe,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Einladungen zu Terminen im Jobcenter mit ihrem Ergebnis."""

    queryset = Einladung.objects.select_related("anhoerung")
    serializer_class = EinladungSerializer
    filterset_class = EinladungFilter
    ordering_fields = ["id", "beginn"]
    ordering = ["id"]
    rolle_darf = staticmethod(access.darf_faelle_lesen)
    lesegrund = "Einladung über die Schnittstelle gelesen"

    def _einladung(self, einladung, code=status.HTTP_200_OK):
        return Response(
            self.get_serializer(self.get_queryset().get(pk=einladung.pk)).data, status=code
        )

    @extend_schema(request=EinladenEingabe, responses={201: EinladungSerializer})
    def create(self, request, *args, **kwargs):
        """Eine Person zu einem Termin einladen; der Brief folgt über den Postausgang."""
        daten = eingabe(EinladenEingabe, request)
        einladung = einladen(
            acting_user=request.user, person=daten.pop("leistungsberechtigter"), **daten
        )
        return self._einladung(einladung, status.HTTP_201_CREATED)

    @extend_schema(request=ErgebnisEingabe, responses=EinladungSerializer)
    @action(detail=True, methods=["post"])
    def ergebnis(self, request, pk=None):
        """Festhalten, wie der Termin ausgegangen ist."""
        einladung = self.get_object()
        daten = eingabe(ErgebnisEingabe, request)
        return self._einladung(
            ergebnis_festhalten(acting_user=request.user, einladung=einladung, **daten)
        )

    @extend_schema(request=None, responses={201: AnhoerungSerializer})
    @action(detail=True, methods=["post"], url_path="anhoerung")
    def anhoerung_einleiten(self, request, pk=None):
        """Nach einem versäumten Termin die Anhörung einleiten (§ 24 SGB X)."""
        einladung = self.get_object()
        anhoerung = anhoerung_einleiten(acting_user=request.user, einladung=einladung)
        return Response(
            AnhoerungSerializer(anhoerung, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class AnhoerungFilter(Filter):
    feststellung = django_filters.ChoiceFilter(
        choices=Feststellung.choices, help_text="Stand der Feststellung."
    )

    class Meta:
        model = Anhoerung
        fields = ["feststellung"]


class AnhoerungenViewSet(Lesezugriffe, viewsets.ReadOnlyModelViewSet):
    """Anhörungen nach versäumten Terminen, mit Antwort, Feststellung und der
    Mitteilung an die Leistungssachbearbeitung."""

    queryset = Anhoerung.objects.select_related("mitteilung")
    serializer_class = AnhoerungSerializer
    filterset_class = AnhoerungFilter
    ordering_fields = ["id", "antwort_bis"]
    ordering = ["id"]
    rolle_darf = staticmethod(access.darf_faelle_lesen)
    lesegrund = "Anhörung über die Schnittstelle gelesen"

    def _schritt(self, request, dienst, klasse):
        anhoerung = self.get_object()
        daten = eingabe(klasse, request)
        anhoerung = dienst(acting_user=request.user, anhoerung=anhoerung, **daten)
        return Response(self.get_serializer(self.get_queryset().get(pk=anhoerung.pk)).data)

    @extend_schema(request=AntwortEingabe, responses=AnhoerungSerializer)
    @action(detail=True, methods=["post"])
    def antwort(self, request, pk=None):
        """Die Antwort der Person festhalten."""
        return self._schritt(request, anhoerung_antwort_festhalten, AntwortEingabe)

    @extend_schema(request=PersoenlichEingabe, responses=AnhoerungSerializer)
    @action(detail=True, methods=["post"])
    def persoenlich(self, request, pk=None):
        """Die persönliche Anhörung festhalten, wo der Rechtsstand sie verlangt."""
        return self._schritt(request, persoenlich_angehoert, PersoenlichEingabe)

    @extend_schema(request=FeststellungEingabe, responses=AnhoerungSerializer)
    @action(detail=True, methods=["post"])
    def feststellung(self, request, pk=None):
        """Feststellen, ob ein wichtiger Grund vorliegt; ohne ihn zählt das
        Versäumnis und die Leistungssachbearbeitung bekommt eine Mitteilung."""
        return self._schritt(request, anhoerung_feststellen, FeststellungEingabe)
