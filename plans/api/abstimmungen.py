"""``/api/v1/abstimmungen/``: the Träger-Abstimmungen, for the kommunaler Träger
pseudonymised and with the § 16a items only; its decisions, and the IFK's
confirmation of its changes."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kooperation import access
from kooperation.api_base import KENNUNG, Filter, Lesezugriffe

from ..models import (
    AbstimmungStatus,
    TraegerAbstimmung,
)
from ..selectors import mit_eintraegen_16a
from ..serializers.abstimmung import (
    AbstimmungSerializer,
    EntscheidenEingabe,
    PositionEntscheidenEingabe,
)
from ..services.abstimmung import (
    abstimmung_aenderung_bestaetigen,
    abstimmung_entscheiden,
    abstimmungsposition_entscheiden,
)
from .eingabe import eingabe


class AbstimmungFilter(Filter):
    status = django_filters.ChoiceFilter(
        choices=AbstimmungStatus.choices, help_text="Stand der Abstimmung."
    )
    frist_bis = django_filters.DateFilter(
        field_name="frist", lookup_expr="lte", help_text="Antwort fällig spätestens am."
    )

    class Meta:
        model = TraegerAbstimmung
        fields = ["status", "frist_bis"]


def _sieht_abstimmungen(user) -> bool:
    return access.darf_abstimmungen_entscheiden(user) or access.darf_faelle_lesen(user)


class AbstimmungenViewSet(Lesezugriffe, viewsets.ReadOnlyModelViewSet):
    """Träger-Abstimmungen: für den kommunalen Träger die an ihn gerichteten,
    pseudonymisiert und nur mit den Leistungen nach § 16a SGB II."""

    serializer_class = AbstimmungSerializer
    filterset_class = AbstimmungFilter
    ordering_fields = ["id", "frist"]
    ordering = ["id"]
    rolle_darf = staticmethod(_sieht_abstimmungen)
    lesegrund = "Abstimmung über die Schnittstelle gelesen"

    def get_queryset(self):
        return mit_eintraegen_16a(TraegerAbstimmung.objects.all()).prefetch_related(
            "positionen__eintrag"
        )

    def _abstimmung(self, abstimmung):
        return Response(self.get_serializer(self.get_queryset().get(pk=abstimmung.pk)).data)

    @extend_schema(request=EntscheidenEingabe, responses=AbstimmungSerializer)
    @action(detail=True, methods=["post"])
    def entscheiden(self, request, pk=None):
        """Als kommunaler Träger für alle offenen Positionen entscheiden: zustimmen,
        mit Änderungen zustimmen, ablehnen."""
        abstimmung = self.get_object()
        daten = eingabe(EntscheidenEingabe, request)
        abstimmung_entscheiden(acting_user=request.user, abstimmung=abstimmung, **daten)
        return self._abstimmung(abstimmung)

    @extend_schema(
        request=PositionEntscheidenEingabe,
        responses=AbstimmungSerializer,
        parameters=[
            OpenApiParameter(
                "position_pk", int, OpenApiParameter.PATH, description="Kennung der Position."
            )
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"positionen/(?P<position_pk>{KENNUNG})/entscheiden",
    )
    def position_entscheiden(self, request, pk=None, position_pk=None):
        """Als kommunaler Träger über eine einzelne § 16a-Position entscheiden."""
        abstimmung = self.get_object()
        position = abstimmung.positionen.filter(pk=position_pk).first()
        if position is None:
            raise exceptions.NotFound()
        daten = eingabe(PositionEntscheidenEingabe, request)
        abstimmungsposition_entscheiden(acting_user=request.user, position=position, **daten)
        return self._abstimmung(abstimmung)

    @extend_schema(request=None, responses=AbstimmungSerializer)
    @action(detail=True, methods=["post"], url_path="aenderung-bestaetigen")
    def aenderung_bestaetigen(self, request, pk=None):
        """Als zuständige Integrationsfachkraft die Änderungen des Trägers bestätigen."""
        # The IFK changes the plan, not the Träger's request: the service asks
        # the policy about the version, so only the visibility is checked here.
        abstimmung = get_object_or_404(self.filter_queryset(self.get_queryset()), pk=pk)
        abstimmung_aenderung_bestaetigen(acting_user=request.user, abstimmung=abstimmung)
        return self._abstimmung(abstimmung)
