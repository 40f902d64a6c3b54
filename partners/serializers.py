"""API representations of partners and their Angebote (with capacity)."""

from rest_framework import serializers

from kooperation.api_base import ModellSerializer

from .models import Angebot, Partner


class PartnerSerializer(ModellSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "art", "anschrift", "telefon", "email", "website", "region"]
        read_only_fields = fields


class AngebotSerializer(ModellSerializer):
    """An Angebot with its capacity in the current period (``partners.kapazitaet``):
    the view passes the free places of the page as ``frei`` in the context."""

    frei = serializers.SerializerMethodField(
        help_text="Freie Plätze im laufenden Zeitraum (Monat, Quartal oder Jahr des Angebots)."
    )
    belegt = serializers.SerializerMethodField(
        help_text="Im laufenden Zeitraum belegte Plätze (zugestimmte Planeinträge)."
    )

    class Meta:
        model = Angebot
        fields = [
            "id",
            "titel",
            "beschreibung",
            "partner",
            "traeger",
            "leistung_16a",
            "bereiche",
            "zielgruppe",
            "ort",
            "plaetze",
            "zeitraum",
            "aktiv",
            "belegt",
            "frei",
        ]
        read_only_fields = fields

    def get_frei(self, angebot) -> int:
        return self.context["frei"].get(angebot.pk, angebot.plaetze)

    def get_belegt(self, angebot) -> int:
        return max(angebot.plaetze - self.get_frei(angebot), 0)
