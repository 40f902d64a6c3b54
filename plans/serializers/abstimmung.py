"""The Träger-Abstimmung in the API: what the kommunaler Träger sees (a
pseudonym, age group, household and the § 16a items, never a name) and its
decisions."""

from django.utils import timezone
from rest_framework import serializers

from kooperation.api_base import Eingabe, ModellSerializer

from ..models import (
    AbstimmungPosition,
    AbstimmungStatus,
    PlanEintrag,
    TraegerAbstimmung,
)

# What the kommunaler Träger may answer (every status but "offen").
ENTSCHEIDUNGEN = [c for c in AbstimmungStatus.choices if c[0] != AbstimmungStatus.OFFEN]


class Eintrag16aSerializer(ModellSerializer):
    angebot_titel = serializers.CharField(
        source="angebot.titel",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="Titel des gebuchten Angebots.",
    )

    class Meta:
        model = PlanEintrag
        fields = ["id", "leistung_16a", "text", "angebot", "angebot_titel", "haeufigkeit"]
        read_only_fields = fields


class PositionSerializer(ModellSerializer):
    leistung_16a = serializers.CharField(
        source="eintrag.leistung_16a", read_only=True, help_text="Leistung nach § 16a SGB II."
    )
    text = serializers.CharField(
        source="eintrag.text", read_only=True, help_text="Text des Planeintrags."
    )

    class Meta:
        model = AbstimmungPosition
        fields = ["id", "eintrag", "leistung_16a", "text", "status", "begruendung", "aenderung"]
        read_only_fields = fields


class AbstimmungSerializer(ModellSerializer):
    """What the kommunaler Träger needs to decide and nothing more: a pseudonym,
    the age group, the household and the § 16a items; never a name."""

    fallnummer = serializers.CharField(
        source="version.plan.leistungsberechtigter.pseudonym",
        read_only=True,
        help_text="Pseudonym des Falls (kein Name, keine Kundennummer).",
    )
    altersgruppe = serializers.SerializerMethodField(help_text="Altersgruppe der Person.")
    haushalt = serializers.CharField(
        source="version.plan.leistungsberechtigter.get_haushalt_display",
        read_only=True,
        help_text="Haushalt der Person.",
    )
    eintraege_16a = Eintrag16aSerializer(
        source="version.eintraege_16a",
        many=True,
        read_only=True,
        help_text="Die Leistungen nach § 16a SGB II im Plan.",
    )
    positionen = PositionSerializer(
        many=True,
        read_only=True,
        help_text="Die Entscheidung je § 16a-Eintrag (leer, wenn der Plan keinen hat).",
    )

    class Meta:
        model = TraegerAbstimmung
        fields = [
            "id",
            "status",
            "angefragt_am",
            "frist",
            "entschieden_am",
            "begruendung",
            "aenderung_bestaetigt_am",
            "fallnummer",
            "altersgruppe",
            "haushalt",
            "eintraege_16a",
            "positionen",
        ]
        read_only_fields = fields

    def get_altersgruppe(self, abstimmung) -> str:
        person = abstimmung.version.plan.leistungsberechtigter
        return person.altersgruppe(timezone.localdate())


class EntscheidenEingabe(Eingabe):
    status = serializers.ChoiceField(
        choices=ENTSCHEIDUNGEN,
        help_text="Entscheidung: zugestimmt, geaendert (mit Änderungen) oder abgelehnt.",
    )
    begruendung = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Begründung (Pflicht außer bei Zustimmung).",
    )


class PositionEntscheidenEingabe(EntscheidenEingabe):
    begruendung = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Begründung (Pflicht bei Ablehnung).",
    )
    aenderung = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Was der Träger ändert (Pflicht bei „geaendert“).",
    )
