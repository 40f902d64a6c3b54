"""API representations of invitations, hearings and the notice to the
benefits team, and the input of their services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Leistungsberechtigter, Sprache
from kooperation.api_base import Eingabe, ModellSerializer, SichtbarerBezug

from ..models import Kooperationsplan
from ..models.termin import (
    DAUER_HOECHSTENS,
    DAUER_MINDESTENS,
    Anhoerung,
    Einladung,
    Leistungsmitteilung,
    Terminergebnis,
    Terminform,
)

# The outcomes one records (``offen`` is where every invitation starts).
ERGEBNISSE = [c for c in Terminergebnis.choices if c[0] != Terminergebnis.OFFEN]

VERSION_HILFE = (
    "Version, die Sie zuletzt gelesen haben. Ist sie veraltet, wird nichts gespeichert (409)."
)


def _version():
    return serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=VERSION_HILFE)


class LeistungsmitteilungSerializer(ModellSerializer):
    class Meta:
        model = Leistungsmitteilung
        fields = [
            "id",
            "erstellt_am",
            "relevante_versaeumnisse",
            "fenster_von",
            "fenster_bis",
            "folge",
            "rechtsstand",
            "berichtet",
            "empfaenger",
        ]
        read_only_fields = fields


class AnhoerungSerializer(ModellSerializer):
    mitteilung = serializers.SerializerMethodField(
        help_text="Die Mitteilung an die Leistungssachbearbeitung (nur ohne wichtigen Grund)."
    )

    class Meta:
        model = Anhoerung
        fields = [
            "id",
            "einladung",
            "form",
            "versandt_am",
            "antwort_bis",
            "brief_sha256",
            "antwort",
            "antwort_am",
            "persoenlich_am",
            "persoenlich_vermerk",
            "feststellung",
            "festgestellt_am",
            "begruendung",
            "pflichtverletzung",
            "mitteilung",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(LeistungsmitteilungSerializer(allow_null=True))
    def get_mitteilung(self, anhoerung):
        mitteilung = getattr(anhoerung, "mitteilung", None)
        return LeistungsmitteilungSerializer(mitteilung).data if mitteilung else None


class EinladungSerializer(ModellSerializer):
    anhoerung = serializers.SerializerMethodField(
        help_text="Kennung der Anhörung zu diesem Termin, falls eine eingeleitet ist."
    )

    class Meta:
        model = Einladung
        fields = [
            "id",
            "leistungsberechtigter",
            "plan",
            "ifk",
            "beginn",
            "dauer_minuten",
            "form",
            "ort",
            "zweck",
            "ansprechperson",
            "mitbringen",
            "dolmetschen",
            "mit_rechtsfolgenbelehrung",
            "rechtsstand",
            "brief_sha256",
            "ergebnis",
            "ergebnis_am",
            "grund",
            "au_von",
            "au_bis",
            "verlegt_auf",
            "anhoerung",
            "version",
        ]
        read_only_fields = fields

    def get_anhoerung(self, einladung) -> int | None:
        anhoerung = getattr(einladung, "anhoerung", None)
        return anhoerung.pk if anhoerung else None


class EinladenEingabe(Eingabe):
    leistungsberechtigter = SichtbarerBezug(
        queryset=Leistungsberechtigter.objects.all(),
        help_text="Kennung der Person, die eingeladen wird.",
    )
    beginn = serializers.DateTimeField(help_text="Beginn (Datum und Uhrzeit, mit Zeitzone).")
    dauer_minuten = serializers.IntegerField(
        min_value=DAUER_MINDESTENS,
        max_value=DAUER_HOECHSTENS,
        default=30,
        help_text="Dauer in Minuten.",
    )
    form = serializers.ChoiceField(
        choices=Terminform.choices, help_text="Wie der Termin stattfindet."
    )
    ort = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Raum und Anschrift; nötig für „vor_ort“.",
    )
    zweck = serializers.CharField(max_length=2000, help_text="Worum es geht.")
    ansprechperson = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="Fragen Sie nach."
    )
    mitbringen = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Bitte mitbringen."
    )
    dolmetschen = serializers.ChoiceField(
        choices=Sprache.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Sprache, in die gedolmetscht wird; leer: nicht nötig.",
    )
    plan = SichtbarerBezug(
        queryset=Kooperationsplan.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Kennung des Kooperationsplans, zu dem der Termin gehört (optional).",
    )


class ErgebnisEingabe(Eingabe):
    ergebnis = serializers.ChoiceField(
        choices=ERGEBNISSE,
        help_text="Wie der Termin ausgegangen ist.",
    )
    grund = serializers.CharField(
        max_length=3000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Grund und Nachweis (bei „abgesagt“ und „arbeitsunfaehig“).",
    )
    au_von = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Arbeitsunfähig von."
    )
    au_bis = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Arbeitsunfähig bis."
    )
    neuer_beginn = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Beginn des neuen Termins (nur bei „verlegt“).",
    )
    version = _version()


class AntwortEingabe(Eingabe):
    antwort = serializers.CharField(max_length=5000, help_text="Was die Person vorträgt.")
    antwort_am = serializers.DateField(help_text="Tag, an dem die Antwort einging.")
    version = _version()


class PersoenlichEingabe(Eingabe):
    am = serializers.DateField(help_text="Tag der persönlichen Anhörung.")
    vermerk = serializers.CharField(max_length=5000, help_text="Vermerk zum Gespräch.")
    version = _version()


class FeststellungEingabe(Eingabe):
    wichtiger_grund = serializers.BooleanField(help_text="Liegt ein wichtiger Grund vor?")
    begruendung = serializers.CharField(max_length=3000, help_text="Begründung.")
    version = _version()
