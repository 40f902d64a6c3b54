"""API representations of plans, versions, items, Abstimmungen, Schlichtungen
and Festsetzungen, and the input of their services."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Handlungsbedarf, Leistungsberechtigter, Potenzialanalyse
from kooperation.api_base import ModellSerializer, SichtbarerBezug, SperrversionFeld
from kooperation.katalog import Leistung16a
from partners.models import Angebot

from .lebenszyklus import Planlage, offene_je_version
from .models import (
    AbstimmungPosition,
    AbstimmungStatus,
    KeinPlanGrund,
    Kooperationsplan,
    Pflichtenfestsetzung,
    PlanEintrag,
    Planteil,
    PlanVersion,
    Schlichtung,
    SchlichtungErgebnis,
    TraegerAbstimmung,
)

# What the kommunaler Träger may answer (every status but "offen").
ENTSCHEIDUNGEN = [c for c in AbstimmungStatus.choices if c[0] != AbstimmungStatus.OFFEN]


class PlanEintragSerializer(ModellSerializer):
    class Meta:
        model = PlanEintrag
        fields = [
            "id",
            "teil",
            "reihenfolge",
            "text",
            "handlungsbedarf",
            "angebot",
            "leistung_16a",
            "haeufigkeit",
            "nachweis",
            "termin",
        ]
        read_only_fields = fields


class UebergangSerializer(serializers.Serializer):
    """One step of the plan's lifecycle the client may take now."""

    name = serializers.CharField(help_text="Name des Schritts (siehe plans/lebenszyklus.py).")
    bezeichnung = serializers.CharField(help_text="Bezeichnung des Schritts.")
    methode = serializers.CharField(help_text="HTTP-Methode, mit der der Schritt ausgelöst wird.")
    adresse = serializers.CharField(help_text="Adresse, an die die Anfrage geht.")


# Where the API takes each step: method, route and whose id it needs.
API_SCHRITTE = {
    "bearbeiten": ("PATCH", "planversion-detail", "version"),
    "abstimmung_anfragen": ("POST", "planversion-abstimmung-anfragen", "version"),
    "abstimmung_nachholen": ("POST", "planversion-abstimmung-anfragen", "version"),
    "vereinbaren": ("POST", "planversion-vereinbaren", "version"),
    "ueberpruefung": ("POST", "kooperationsplan-ueberpruefung", "plan"),
    "fortschreiben": ("POST", "kooperationsplan-fortschreiben", "plan"),
    "schlichtung": ("POST", "kooperationsplan-schlichtung", "plan"),
    "schlichtung_beenden": ("POST", "kooperationsplan-schlichtung-beenden", "plan"),
    "festsetzen": ("POST", "kooperationsplan-pflichten-festsetzen", "plan"),
    "kein_plan": ("POST", "kooperationsplan-kein-plan", "plan"),
    "aenderung_bestaetigen": ("POST", "abstimmung-aenderung-bestaetigen", "abstimmung"),
}


def _schritte(version, pruefungen) -> list[dict]:
    schritte = []
    for pruefung in pruefungen:
        methode, route, wessen = API_SCHRITTE[pruefung.uebergang.name]
        if wessen == "version":
            ziele = [{"plan_pk": version.plan_id, "pk": version.pk}]
        elif wessen == "plan":
            ziele = [{"pk": version.plan_id}]
        else:
            ziele = [{"pk": a.pk} for a in pruefung.lage.zu_bestaetigen]
        schritte += [
            {
                "name": pruefung.uebergang.name,
                "bezeichnung": pruefung.uebergang.titel,
                "methode": methode,
                "adresse": reverse(route, kwargs=ziel),
            }
            for ziel in ziele
        ]
    return schritte


class PlanVersionSerializer(ModellSerializer):
    eintraege = PlanEintragSerializer(
        many=True, read_only=True, help_text="Die Einträge der Version (Der Weg, Unterstützung, …)."
    )
    pdf_vorhanden = serializers.SerializerMethodField(
        help_text="Ob das PDF der vereinbarten Version erzeugt ist (abrufbar unter …/pdf/)."
    )
    uebergaenge = serializers.SerializerMethodField(
        help_text=(
            "Die Schritte, die Sie an dieser Version jetzt gehen dürfen (aus der Tabelle des "
            "Lebenszyklus), mit Methode und Adresse."
        )
    )

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "nummer",
            "status",
            "ziel",
            "kontakt",
            "sonstiges",
            "vereinbart_am",
            "vertreter_zustimmung_am",
            "ueberpruefung_bis",
            "lesbarkeit_wstf",
            "pdf_vorhanden",
            "pdf_sha256",
            "sperrversion",
            "eintraege",
            "uebergaenge",
        ]
        read_only_fields = fields

    def get_pdf_vorhanden(self, version) -> bool:
        return bool(version.pdf)

    @extend_schema_field(UebergangSerializer(many=True))
    def get_uebergaenge(self, version) -> list[dict]:
        anfrage = self.context.get("request")
        if anfrage is None:
            return []
        # Computed once per plan and request: a list shows one plan's versions.
        je_plan = self.context.setdefault("_uebergaenge", {})
        if version.plan_id not in je_plan:
            je_plan[version.plan_id] = offene_je_version(anfrage.user, Planlage(version.plan))
        return _schritte(version, je_plan[version.plan_id].get(version.pk, []))


class SchlichtungSerializer(ModellSerializer):
    class Meta:
        model = Schlichtung
        fields = [
            "id",
            "beantragt_von",
            "begonnen_am",
            "ende_spaetestens",
            "schlichter",
            "beendet_am",
            "ergebnis",
        ]
        read_only_fields = fields


class PflichtenfestsetzungSerializer(ModellSerializer):
    class Meta:
        model = Pflichtenfestsetzung
        fields = ["id", "erlassen_am", "pflichten", "begruendung", "rechtsfolgenbelehrung"]
        read_only_fields = fields


class KooperationsplanSerializer(ModellSerializer):
    leistungsberechtigter = SichtbarerBezug(
        queryset=Leistungsberechtigter.objects.all(),
        help_text="Kennung der leistungsberechtigten Person.",
    )
    potenzialanalyse = SichtbarerBezug(
        queryset=Potenzialanalyse.objects.all(),
        required=False,
        allow_null=True,
        help_text="Kennung der Potenzialanalyse, auf der der Plan aufbaut (optional).",
    )
    rechtsstand = serializers.SlugRelatedField(
        slug_field="schluessel",
        read_only=True,
        help_text="Der Rechtsstand am Tag, an dem der Plan begonnen wurde (Schlüssel).",
    )
    versionen = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Kennungen der Versionen, neueste zuerst."
    )
    schlichtungen = SchlichtungSerializer(
        many=True, read_only=True, help_text="Schlichtungen (§ 15a SGB II, Rechtsstand 2023)."
    )
    festsetzungen = PflichtenfestsetzungSerializer(
        many=True,
        read_only=True,
        help_text="Pflichten per Verwaltungsakt festgesetzt (Rechtsstand 2026).",
    )

    class Meta:
        model = Kooperationsplan
        fields = [
            "id",
            "leistungsberechtigter",
            "potenzialanalyse",
            "rechtsstand",
            "begonnen_am",
            "status",
            "kein_plan_grund",
            "kein_plan_erlaeuterung",
            "versionen",
            "schlichtungen",
            "festsetzungen",
        ]
        read_only_fields = ["status", "kein_plan_grund", "kein_plan_erlaeuterung"]


class PlanVersionBearbeiten(serializers.Serializer):
    ziel = serializers.CharField(
        allow_blank=True, max_length=5000, help_text="Der Plan: das Ziel in den Worten der Person."
    )
    kontakt = serializers.CharField(
        allow_blank=True, max_length=5000, help_text="Bei Fragen und Notfällen."
    )
    sonstiges = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="Was sonst noch wichtig ist.",
    )
    sperrversion = SperrversionFeld()


class PlanEintragEingabe(serializers.Serializer):
    teil = serializers.ChoiceField(choices=Planteil.choices, help_text="Teil des Plans.")
    text = serializers.CharField(max_length=5000, help_text="Text des Eintrags.")
    handlungsbedarf = SichtbarerBezug(
        queryset=Handlungsbedarf.objects.all(),
        required=False,
        allow_null=True,
        help_text="Kennung des Handlungsbedarfs, den der Eintrag beantwortet (optional).",
    )
    angebot = SichtbarerBezug(
        queryset=Angebot.objects.all(),
        required=False,
        allow_null=True,
        help_text="Kennung des gebuchten Angebots (optional).",
    )
    leistung_16a = serializers.ChoiceField(
        choices=Leistung16a.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Leistung nach § 16a SGB II (nur bei gezielter Unterstützung).",
    )
    haeufigkeit = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="Wie oft."
    )
    nachweis = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200, help_text="Wie nachweisen."
    )
    termin = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="Termin (Datum und Uhrzeit)."
    )
    sperrversion = SperrversionFeld(
        help_text="Sperrversion der Planversion (oder If-Match mit deren ETag)."
    )


class SperrversionEingabe(serializers.Serializer):
    sperrversion = SperrversionFeld(
        help_text="Sperrversion der Planversion (oder If-Match mit deren ETag)."
    )


class VereinbarenEingabe(serializers.Serializer):
    vereinbart_am = serializers.DateField(help_text="Tag der Vereinbarung (JJJJ-MM-TT).")
    vertreter_zustimmung_am = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Bei Minderjährigen: Tag der Zustimmung der gesetzlichen Vertretung.",
    )


class AbstimmungAnfragenEingabe(serializers.Serializer):
    angefragt_am = serializers.DateField(help_text="Tag der Anfrage (JJJJ-MM-TT).")


class KeinPlanEingabe(serializers.Serializer):
    grund = serializers.ChoiceField(
        choices=KeinPlanGrund.choices, help_text="Warum kein Plan zustande kommt (Rz. 20)."
    )
    erlaeuterung = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="Erläuterung."
    )


class SchlichtungBeginnenEingabe(serializers.Serializer):
    beantragt_von = serializers.ChoiceField(
        choices=[("person", "Leistungsberechtigte Person"), ("jobcenter", "Jobcenter")],
        help_text="Wer die Schlichtung beantragt.",
    )
    begonnen_am = serializers.DateField(help_text="Beginn der Schlichtung (JJJJ-MM-TT).")
    schlichter = serializers.CharField(
        max_length=200, help_text="Schlichtende Person, bisher nicht beteiligt."
    )


class SchlichtungBeendenEingabe(serializers.Serializer):
    beendet_am = serializers.DateField(help_text="Ende der Schlichtung (JJJJ-MM-TT).")
    ergebnis = serializers.ChoiceField(
        choices=SchlichtungErgebnis.choices, help_text="Ergebnis der Schlichtung."
    )


class PflichtenFestsetzenEingabe(serializers.Serializer):
    erlassen_am = serializers.DateField(help_text="Tag des Verwaltungsakts (JJJJ-MM-TT).")
    pflichten = serializers.CharField(max_length=10000, help_text="Die festgesetzten Pflichten.")
    begruendung = serializers.CharField(
        max_length=10000, help_text="Warum keine Einigung zustande kam."
    )


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


class EntscheidenEingabe(serializers.Serializer):
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
