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
    belegt = serializers.IntegerField(
        read_only=True,
        help_text="Zahl der geltenden (vereinbarten oder in Überprüfung befindlichen) Pläne, "
        "die dieses Angebot vorsehen.",
    )
    frei = serializers.SerializerMethodField(
        help_text="Plätze je Zeitraum abzüglich der belegten (nicht unter 0)."
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
        return max(angebot.plaetze - angebot.belegt, 0)
