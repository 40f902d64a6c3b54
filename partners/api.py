"""``/api/v1/partner/`` and ``/api/v1/angebote/``: the Jobcenter's partners and
services, read-only (they are maintained by the Administration in the admin),
for the roles the partner pages are for (``partners.access.darf_partner_sehen``)."""

import django_filters
from django.utils import timezone
from rest_framework import viewsets

from kooperation.api_base import Filter, JaNeinFilter, KennungFilter
from kooperation.katalog import Leistung16a

from .access import darf_partner_sehen
from .kapazitaet import freie_plaetze_am
from .models import Angebot, Partner, Partnerart
from .serializers import AngebotSerializer, PartnerSerializer


class PartnerFilter(Filter):
    art = django_filters.ChoiceFilter(choices=Partnerart.choices, help_text="Art des Partners.")

    class Meta:
        model = Partner
        fields = ["art"]


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Kooperationspartner des Jobcenters."""

    queryset = Partner.objects.all()
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    rolle_darf = staticmethod(darf_partner_sehen)
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]


class AngebotFilter(Filter):
    leistung_16a = django_filters.ChoiceFilter(
        choices=Leistung16a.choices, help_text="Nur Angebote dieser Leistung nach § 16a SGB II."
    )
    aktiv = JaNeinFilter(help_text="Nur aktive (true) oder inaktive (false).")
    partner = KennungFilter(field_name="partner_id", help_text="Kennung des Anbieters.")

    class Meta:
        model = Angebot
        fields = ["leistung_16a", "aktiv", "partner"]


class AngebotViewSet(viewsets.ReadOnlyModelViewSet):
    """Angebote mit ihrer Kapazität im laufenden Zeitraum: Plätze, belegt und frei."""

    queryset = Angebot.objects.all()
    serializer_class = AngebotSerializer
    filterset_class = AngebotFilter
    rolle_darf = staticmethod(darf_partner_sehen)
    ordering_fields = ["titel", "id"]
    ordering = ["titel", "id"]

    def get_serializer(self, *args, **kwargs):
        # The free places of exactly the Angebote being shown, in one query.
        daten = args[0] if args else kwargs.get("instance")
        angebote = daten if isinstance(daten, list) else [daten] if daten is not None else []
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["frei"] = freie_plaetze_am(angebote, timezone.localdate())
        return super().get_serializer(*args, **kwargs)


ROUTEN = [
    ("partner", PartnerViewSet, "partner"),
    ("angebote", AngebotViewSet, "angebot"),
]
