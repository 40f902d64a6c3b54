"""API representations of Leistungsberechtigte and Potenzialanalysen, and the
input of their services."""

from rest_framework import serializers

from kooperation.api_base import Eingabe, ModellSerializer, SichtbarerBezug, SperrversionFeld
from kooperation.katalog import Bedarfsbereich
from kooperation.kleinzahlen import ERKLAERUNG, KleinzahlFeld
from kooperation.models import Team

from .forms import plz_pruefen
from .models import (
    Handlungsbedarf,
    Leistungsberechtigter,
    Potenzialanalyse,
    RehaBedarf,
    Sprachniveau,
)
from .services import BEFUNDFELDER, PLANUNGSDATEN, STAMMDATEN


class LeistungsberechtigterSerializer(ModellSerializer):
    team = SichtbarerBezug(
        queryset=Team.objects.all(),
        help_text="Kennung des Teams (Ihres Jobcenters), das den Fall betreut.",
    )

    class Meta:
        model = Leistungsberechtigter
        fields = [
            "id",
            "kundennummer",
            "pseudonym",
            "vorname",
            "nachname",
            "geburtsdatum",
            "strasse",
            "plz",
            "ort",
            "telefon",
            "email",
            "sprache",
            "dolmetscher_noetig",
            "haushalt",
            "bg_personen",
            "kinder_alter",
            "pflegeaufgaben",
            "phase",
            "naechste_frist",
            "team",
            "zustaendig",
            "sperrversion",
            "erstellt_am",
            "geaendert_am",
        ]
        read_only_fields = [
            "pseudonym",
            "phase",
            "naechste_frist",
            "zustaendig",
            "sperrversion",
            "erstellt_am",
            "geaendert_am",
        ]
        # Uniqueness is the service's (and the database's) to check.
        validators = []
        # The database's check as a field rule, so the schema states it.
        extra_kwargs = {"plz": {"validators": [plz_pruefen]}}


class LeistungsberechtigterAendernEingabe(ModellSerializer):
    """A change of a person: any of the master data and planning fields, with
    the ``sperrversion`` last read. Master data that the Jobcenter takes from
    its Fachverfahren is changed here, never in the browser."""

    sperrversion = SperrversionFeld()

    class Meta:
        model = Leistungsberechtigter
        fields = [*STAMMDATEN, *PLANUNGSDATEN, "sperrversion"]
        validators = []
        extra_kwargs = {f: {"required": False} for f in (*STAMMDATEN, *PLANUNGSDATEN)}
        extra_kwargs["plz"]["validators"] = [plz_pruefen]

    def daten(self) -> dict:
        daten = dict(self.validated_data)
        daten.pop("sperrversion", None)
        return daten


class LeistungsberechtigterListeSerializer(LeistungsberechtigterSerializer):
    """One line of the caseload; the address, contact and timestamps are in
    the single record (``…/leistungsberechtigte/{id}/``)."""

    class Meta(LeistungsberechtigterSerializer.Meta):
        fields = [
            "id",
            "kundennummer",
            "pseudonym",
            "vorname",
            "nachname",
            "geburtsdatum",
            "sprache",
            "haushalt",
            "phase",
            "naechste_frist",
            "team",
            "zustaendig",
            "sperrversion",
        ]


class HandlungsbedarfSerializer(ModellSerializer):
    class Meta:
        model = Handlungsbedarf
        fields = ["id", "bereich", "beschreibung"]
        read_only_fields = fields


class PotenzialanalyseSerializer(ModellSerializer):
    leistungsberechtigter = SichtbarerBezug(
        queryset=Leistungsberechtigter.objects.all(),
        help_text="Kennung der leistungsberechtigten Person.",
    )
    handlungsbedarfe = HandlungsbedarfSerializer(
        many=True, read_only=True, help_text="Festgestellte Handlungsbedarfe aus dem Katalog."
    )

    class Meta:
        model = Potenzialanalyse
        # Only who and when are given on creation; the findings go through
        # PATCH and …/abschliessen/ (the services' BEFUNDFELDER).
        fields = [
            "id",
            "leistungsberechtigter",
            "begonnen_am",
            "status",
            "abgeschlossen_am",
            *BEFUNDFELDER,
            "entwurf_frist",
            "handlungsbedarfe",
            "sperrversion",
        ]
        read_only_fields = fields[3:]


class HandlungsbedarfEingabe(Eingabe):
    bereich = serializers.ChoiceField(
        choices=Bedarfsbereich.choices, help_text="Handlungsbedarf aus dem Katalog."
    )
    beschreibung = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="Erläuterung."
    )


class BefundeEingabe(Eingabe):
    """The findings an IFK records during the analysis."""

    staerken = serializers.CharField(
        required=False, allow_blank=True, max_length=10000, help_text="Stärken (auch Soft Skills)."
    )
    qualifikationen = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10000,
        help_text="Berufliche Kenntnisse und Abschlüsse.",
    )
    berufserfahrung = serializers.CharField(
        required=False, allow_blank=True, max_length=10000, help_text="Berufserfahrung."
    )
    sprachniveau = serializers.ChoiceField(
        choices=Sprachniveau.choices,
        required=False,
        allow_blank=True,
        help_text="Deutschkenntnisse.",
    )
    reha_hinweis = serializers.CharField(
        required=False, allow_blank=True, max_length=10000, help_text="Hinweis zum Reha-Bedarf."
    )
    handlungsbedarfe = HandlungsbedarfEingabe(
        many=True,
        required=False,
        help_text="Die Handlungsbedarfe; ersetzt die bisher erfassten, wenn angegeben.",
    )
    sperrversion = SperrversionFeld()

    def validate_handlungsbedarfe(self, wert):
        bereiche = [h["bereich"] for h in wert]
        if len(set(bereiche)) != len(bereiche):
            raise serializers.ValidationError(
                "Jeder Handlungsbedarf darf nur einmal vorkommen.", code="unique"
            )
        return wert

    def befunde(self) -> dict:
        daten = dict(self.validated_data)
        daten.pop("sperrversion", None)
        if "handlungsbedarfe" in daten:
            daten["handlungsbedarfe"] = {
                h["bereich"]: h["beschreibung"] for h in daten["handlungsbedarfe"]
            }
        return daten


class PotenzialanalyseBearbeitenEingabe(BefundeEingabe):
    reha_bedarf = serializers.ChoiceField(
        choices=RehaBedarf.choices,
        required=False,
        allow_blank=True,
        help_text="Reha-Bedarf geprüft.",
    )


class PotenzialanalyseAbschliessenEingabe(BefundeEingabe):
    sperrversion = SperrversionFeld(
        im_schema_pflicht=False,
        help_text="Sperrversion, die Sie zuletzt gelesen haben (oder If-Match mit dem ETag); "
        "ohne sie wird ohne Prüfung auf fremde Änderungen abgeschlossen.",
    )
    abgeschlossen_am = serializers.DateField(help_text="Tag des Abschlusses (JJJJ-MM-TT).")
    reha_bedarf = serializers.ChoiceField(
        choices=RehaBedarf.choices, help_text="Reha-Bedarf geprüft: ja, nein oder unklar."
    )


class BedarfsanalyseAngebotSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Kennung des Angebots.")
    titel = serializers.CharField(help_text="Titel des Angebots.")
    anbieter = serializers.CharField(help_text="Partner oder kommunaler Träger, der es anbietet.")
    partner_id = serializers.IntegerField(
        allow_null=True, help_text="Kennung des Partners (leer beim kommunalen Träger)."
    )
    plaetze = serializers.IntegerField(help_text="Plätze je Zeitraum.")
    frei = serializers.IntegerField(
        help_text="Freie Plätze im laufenden Zeitraum (0: das Angebot ist voll)."
    )


class BedarfszeileSerializer(serializers.Serializer):
    bereich = serializers.CharField(help_text="Schlüssel des Handlungsbedarfs aus dem Katalog.")
    bezeichnung = serializers.CharField(help_text="Bezeichnung des Handlungsbedarfs.")
    personen = KleinzahlFeld(
        help_text="Personen mit diesem Handlungsbedarf in ihrer letzten Potenzialanalyse. "
        + ERKLAERUNG
    )
    je_team = serializers.DictField(
        child=KleinzahlFeld(), help_text="Personen je Team (Teamname → Anzahl)."
    )
    je_region = serializers.DictField(
        child=KleinzahlFeld(), help_text="Personen je Region (Region → Anzahl)."
    )
    freie_plaetze = serializers.IntegerField(help_text="Freie Plätze aller passenden Angebote.")
    status = serializers.CharField(
        help_text="Deckung: kein Bedarf, nicht abgedeckt, zu wenig Plätze oder abgedeckt."
    )
    angebote = BedarfsanalyseAngebotSerializer(
        many=True, help_text="Aktive Angebote, die diesen Bedarf abdecken."
    )
