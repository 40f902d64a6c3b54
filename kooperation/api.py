"""``/api/v1/wiedervorlagen/``: the deadlines the user is responsible for (and,
for a Teamleitung, those of the team), read-only: they are set and closed by
the services that record their cause."""

import django_filters
from rest_framework import viewsets

from .api_base import Filter, KennungFilter, Lesezugriffe
from .models import Fristart, Wiedervorlage, WiedervorlageStatus
from .serializers import WiedervorlageSerializer


class WiedervorlageFilter(Filter):
    art = django_filters.ChoiceFilter(choices=Fristart.choices, help_text="Art der Frist.")
    status = django_filters.ChoiceFilter(
        choices=WiedervorlageStatus.choices, help_text="offen oder erledigt."
    )
    faellig_bis = django_filters.DateFilter(
        field_name="faellig_am", lookup_expr="lte", help_text="Fällig spätestens am (JJJJ-MM-TT)."
    )
    faellig_ab = django_filters.DateFilter(
        field_name="faellig_am", lookup_expr="gte", help_text="Fällig frühestens am (JJJJ-MM-TT)."
    )
    leistungsberechtigter = KennungFilter(
        field_name="leistungsberechtigter_id",
        help_text="Nur Fristen dieser leistungsberechtigten Person.",
    )

    class Meta:
        model = Wiedervorlage
        fields = ["art", "status", "faellig_bis", "faellig_ab", "leistungsberechtigter"]


class WiedervorlageViewSet(Lesezugriffe, viewsets.ReadOnlyModelViewSet):
    """Wiedervorlagen (Fristen), die Sie verantworten; als Teamleitung auch die des Teams."""

    queryset = Wiedervorlage.objects.all()
    serializer_class = WiedervorlageSerializer
    filterset_class = WiedervorlageFilter
    ordering_fields = ["faellig_am", "id"]
    ordering = ["faellig_am", "id"]
    lesegrund = "Wiedervorlagen über die Schnittstelle gelesen"


ROUTEN = [("wiedervorlagen", WiedervorlageViewSet, "wiedervorlage")]
