"""API representations of plans, versions (with the lifecycle steps open on
each), items, Schlichtungen and Festsetzungen."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Leistungsberechtigter, Potenzialanalyse
from kooperation.api_base import ModellSerializer, SichtbarerBezug

from ..lebenszyklus import Planlage, offene_je_version
from ..models import (
    BescheidPunkt,
    Kooperationsplan,
    Pflichtenfestsetzung,
    Pflichtverletzung,
    PlanEintrag,
    PlanVersion,
    Rechtsakt,
    Schlichtung,
    Ueberpruefung,
    UeberpruefungSchritt,
)


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
    "ueberpruefung_festhalten": ("POST", "kooperationsplan-ueberpruefung-festhalten", "plan"),
    "fortschreiben": ("POST", "kooperationsplan-fortschreiben", "plan"),
    "schlichtung": ("POST", "kooperationsplan-schlichtung", "plan"),
    "schlichtung_beenden": ("POST", "kooperationsplan-schlichtung-beenden", "plan"),
    "pflichten_festsetzen": ("POST", "kooperationsplan-pflichten-festsetzen", "plan"),
    "aufforderung": ("POST", "kooperationsplan-aufforderung", "plan"),
    "kein_plan": ("POST", "kooperationsplan-kein-plan", "plan"),
    "kein_plan_zuruecknehmen": ("POST", "kooperationsplan-kein-plan-zuruecknehmen", "plan"),
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
            "vertreter",
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


class BescheidPunktSerializer(ModellSerializer):
    class Meta:
        model = BescheidPunkt
        fields = ["nummer", "was", "wie_oft", "bis", "nachweis", "termin"]


class UeberpruefungSchrittSerializer(ModellSerializer):
    class Meta:
        model = UeberpruefungSchritt
        fields = ["eintrag", "stand", "notiz"]
        read_only_fields = fields


class UeberpruefungSerializer(ModellSerializer):
    schritte = UeberpruefungSchrittSerializer(
        many=True, read_only=True, help_text="Wie jeder Eintrag der Version stand."
    )

    class Meta:
        model = Ueberpruefung
        fields = [
            "id",
            "version",
            "am",
            "notiz",
            "naechste_schritte",
            "ergebnis",
            "naechste_ueberpruefung_am",
            "schritte",
        ]
        read_only_fields = fields


class PflichtenfestsetzungSerializer(ModellSerializer):
    pflichten_punkte = serializers.SerializerMethodField(
        help_text="Die Pflichten des Bescheids als Punkte: was, wie oft, bis wann, wie nachweisen."
    )
    angebote_punkte = serializers.SerializerMethodField(
        help_text="Was das Jobcenter anbietet, als Punkte."
    )

    @extend_schema_field(BescheidPunktSerializer(many=True))
    def get_pflichten_punkte(self, obj):
        return BescheidPunktSerializer(obj.pflicht_punkte, many=True).data

    @extend_schema_field(BescheidPunktSerializer(many=True))
    def get_angebote_punkte(self, obj):
        return BescheidPunktSerializer(obj.angebot_punkte, many=True).data

    class Meta:
        model = Pflichtenfestsetzung
        fields = [
            "id",
            "art",
            "anlass",
            "erlassen_am",
            "pflichten_punkte",
            "angebote_punkte",
            "pflichten",
            "begruendung",
            "rechtsfolgenbelehrung",
            "angebote",
            "gueltig_bis",
            "ueberpruefen_am",
            "zur_post_am",
            "uebergeben_am",
            "bekanntgabe_am",
            "bekanntgabe_begruendung",
            "widerspruch_bis",
            "rechtsbehelfsbelehrung",
            "beendet_am",
            "pdf_sha256",
        ]
        read_only_fields = fields


class RechtsaktSerializer(ModellSerializer):
    """A legal act on the plan and the Rechtsstand it followed, with why."""

    rechtsstand = serializers.SlugRelatedField(
        slug_field="schluessel",
        read_only=True,
        help_text="Der Rechtsstand, dem der Akt folgte (Schlüssel).",
    )
    rechtsstand_bezeichnung = serializers.CharField(
        source="rechtsstand.bezeichnung", read_only=True, help_text="Sein Name."
    )

    class Meta:
        model = Rechtsakt
        fields = [
            "id",
            "art",
            "am",
            "rechtsstand",
            "rechtsstand_bezeichnung",
            "stichtag",
            "begruendung",
            "uebergangsregel",
        ]
        read_only_fields = fields


class PflichtverletzungSerializer(ModellSerializer):
    class Meta:
        model = Pflichtverletzung
        fields = [
            "id",
            "art",
            "tat_am",
            "festgestellt_am",
            "beschreibung",
            "wichtiger_grund",
            "folge",
        ]
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
        help_text=(
            "Der Rechtsstand am Tag, an dem der Plan begonnen wurde (Schlüssel). Jeder "
            "spätere Akt folgt dem Rechtsstand seines eigenen Tages: siehe rechtsakte."
        ),
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
        help_text=(
            "Aufforderungen (§ 15 Abs. 5 und 6 SGB II) und Bescheide, die Pflichten festsetzen."
        ),
    )
    rechtsakte = RechtsaktSerializer(
        many=True,
        read_only=True,
        help_text="Die Rechtsakte des Plans, jeder mit dem Rechtsstand, dem er folgte, und warum.",
    )
    pflichtverletzungen = PflichtverletzungSerializer(
        many=True,
        read_only=True,
        help_text="Festgehaltene Pflichtverletzungen, mit der Folge nach dem Recht der Tatzeit.",
    )
    ueberpruefungen = UeberpruefungSerializer(
        many=True,
        read_only=True,
        help_text="Festgehaltene Überprüfungen (§ 15 Abs. 3 SGB II), neueste zuerst.",
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
            "rechtsakte",
            "pflichtverletzungen",
            "ueberpruefungen",
        ]
        read_only_fields = ["status", "kein_plan_grund", "kein_plan_erlaeuterung"]
