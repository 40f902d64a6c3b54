"""``/api/v1/partner/`` and ``/api/v1/angebote/``: the Jobcenter's partners and
services, read-only (they are maintained by the Administration in the admin)."""

import django_filters
from django.db.models import Count, Q
from rest_framework import viewsets

from kooperation.katalog import Leistung16a

from .models import Angebot, Partner, Partnerart
from .serializers import AngebotSerializer, PartnerSerializer

# Plan states in which a plan is in force; named by value because plans sit
# to the left of partners.
GELTENDE_PLAENE = ("vereinbart", "ueberpruefung")


class PartnerFilter(django_filters.FilterSet):
    art = django_filters.ChoiceFilter(choices=Partnerart.choices, help_text="Art des Partners.")

    class Meta:
        model = Partner
        fields = ["art"]


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Kooperationspartner des Jobcenters."""

    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]


class AngebotFilter(django_filters.FilterSet):
    leistung_16a = django_filters.ChoiceFilter(
        choices=Leistung16a.choices, help_text="Nur Angebote dieser Leistung nach § 16a SGB II."
    )
    aktiv = django_filters.BooleanFilter(help_text="Nur aktive (true) oder inaktive (false).")
    partner = django_filters.NumberFilter(
        field_name="partner_id", help_text="Kennung des Anbieters."
    )

    class Meta:
        model = Angebot
        fields = ["leistung_16a", "aktiv", "partner"]


class AngebotViewSet(viewsets.ReadOnlyModelViewSet):
    """Angebote mit ihrer Kapazität: Plätze je Zeitraum, belegt und frei."""

    serializer_class = AngebotSerializer
    filterset_class = AngebotFilter
    ordering_fields = ["titel", "id"]
    ordering = ["titel", "id"]

    def get_queryset(self):
        return Angebot.objects.annotate(
            belegt=Count(
                "eintraege__version__plan",
                distinct=True,
                filter=Q(
                    eintraege__version__status="vereinbart",
                    eintraege__version__plan__status__in=GELTENDE_PLAENE,
                ),
            )
        )


ROUTEN = [
    ("partner", PartnerViewSet, "partner"),
    ("angebote", AngebotViewSet, "angebot"),
]
