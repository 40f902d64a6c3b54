"""API input of the plans' services: each checks its fields (400 with field
errors) before the service is called."""

from rest_framework import serializers

from cases.models import GesetzlicherVertreter, Handlungsbedarf
from kooperation.api_base import Eingabe, SichtbarerBezug, SperrversionFeld
from kooperation.katalog import Leistung16a
from kooperation.rechtsregeln import Verstossart
from partners.models import Angebot

from ..models import (
    KeinPlanGrund,
    Planteil,
    Punktart,
    SchlichtungErgebnis,
    SchrittStand,
    UeberpruefungErgebnis,
    punkt_fehler,
)
from ..models.ueberpruefung import NOTIZ_LAENGE


class PlanVersionBearbeitenEingabe(Eingabe):
    ziel = serializers.CharField(
        allow_blank=True, max_length=5000, help_text="Der Plan: das Ziel in den Worten der Person."
    )
    kontakt = serializers.CharField(
        allow_blank=True, max_length=5000, help_text="Bei Fragen und Notfällen."
    )
    sonstiges = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Was sonst noch wichtig ist (nicht gesendet: bleibt, wie es ist).",
    )
    sperrversion = SperrversionFeld()


class PlanEintragEingabe(Eingabe):
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


class SperrversionEingabe(Eingabe):
    sperrversion = SperrversionFeld(
        help_text="Sperrversion der Planversion (oder If-Match mit deren ETag)."
    )


class VereinbarenEingabe(Eingabe):
    vereinbart_am = serializers.DateField(help_text="Tag der Vereinbarung (JJJJ-MM-TT).")
    vertreter_zustimmung_am = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Bei Minderjährigen: Tag der Zustimmung der gesetzlichen Vertretung.",
    )
    vertreter = serializers.PrimaryKeyRelatedField(
        queryset=GesetzlicherVertreter.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "Bei Minderjährigen: Kennung der gesetzlichen Vertretung, die zugestimmt hat; "
            "entfällt, wenn nur eine erfasst ist."
        ),
    )


class AbstimmungAnfragenEingabe(Eingabe):
    angefragt_am = serializers.DateField(help_text="Tag der Anfrage (JJJJ-MM-TT).")


class KeinPlanEingabe(Eingabe):
    grund = serializers.ChoiceField(
        choices=KeinPlanGrund.choices, help_text="Warum kein Plan zustande kommt (Rz. 20)."
    )
    erlaeuterung = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="Erläuterung."
    )


class SchlichtungBeginnenEingabe(Eingabe):
    beantragt_von = serializers.ChoiceField(
        choices=[("person", "Leistungsberechtigte Person"), ("jobcenter", "Jobcenter")],
        help_text="Wer die Schlichtung beantragt.",
    )
    begonnen_am = serializers.DateField(help_text="Beginn der Schlichtung (JJJJ-MM-TT).")
    schlichter = serializers.CharField(
        max_length=200, help_text="Schlichtende Person, bisher nicht beteiligt."
    )


class SchlichtungBeendenEingabe(Eingabe):
    beendet_am = serializers.DateField(help_text="Ende der Schlichtung (JJJJ-MM-TT).")
    ergebnis = serializers.ChoiceField(
        choices=SchlichtungErgebnis.choices, help_text="Ergebnis der Schlichtung."
    )


class AufforderungEingabe(Eingabe):
    erlassen_am = serializers.DateField(help_text="Tag der Aufforderung (JJJJ-MM-TT).")
    pflichten = serializers.CharField(
        max_length=10000, help_text="Was die Person tun soll: was, wie oft, bis wann, Nachweis."
    )
    begruendung = serializers.CharField(max_length=10000, help_text="Warum.")


class PflichtverletzungEingabe(Eingabe):
    art = serializers.ChoiceField(choices=Verstossart.choices, help_text="Art des Verstoßes.")
    tat_am = serializers.DateField(help_text="Tag des Verstoßes (JJJJ-MM-TT).")
    festgestellt_am = serializers.DateField(
        required=False, help_text="Tag der Feststellung (JJJJ-MM-TT); ohne Angabe heute."
    )
    beschreibung = serializers.CharField(max_length=3000, help_text="Was ist passiert.")
    wichtiger_grund = serializers.CharField(
        max_length=3000, required=False, allow_blank=True, help_text="Wichtiger Grund, falls einer."
    )


class BescheidPunktEingabe(Eingabe):
    """One item of a Bescheid; which fields it needs depends on the list it
    stands in (``pflichten`` or ``angebote``)."""

    was = serializers.CharField(
        max_length=500,
        allow_blank=True,
        help_text="Was die Person tut (oder was das Jobcenter anbietet).",
    )
    wie_oft = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Wie oft, z. B. „4 Bewerbungen im Monat“ (bei Pflichten nötig).",
    )
    bis = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Bis wann (JJJJ-MM-TT, optional; nach dem Erlass, bis zum Ende der Geltung).",
    )
    nachweis = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="Wie die Person es nachweist (bei Pflichten nötig).",
    )
    termin = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Termin im Jobcenter (Datum und Uhrzeit, optional): wird mit dem Bescheid "
        "zur Einladung mit Brief.",
    )


def _punkte_pruefen(punkte, art, erlassen_am, gueltig_bis) -> None:
    """Per item, the model's rule (``punkt_fehler``) as nested field errors."""
    fehler = [
        punkt_fehler(art=art, erlassen_am=erlassen_am, gueltig_bis=gueltig_bis, **p) for p in punkte
    ]
    if any(fehler):
        raise serializers.ValidationError(
            [{feld: [meldung] for feld, meldung in f.items()} for f in fehler]
        )


class PflichtenFestsetzenEingabe(Eingabe):
    erlassen_am = serializers.DateField(help_text="Tag des Verwaltungsakts (JJJJ-MM-TT).")
    pflichten = BescheidPunktEingabe(
        many=True,
        allow_empty=False,
        max_length=30,
        help_text="Die festgesetzten Pflichten: was, wie oft, bis wann, wie nachweisen.",
    )
    angebote = BescheidPunktEingabe(
        many=True,
        required=False,
        default=list,
        max_length=30,
        help_text="Was das Jobcenter anbietet (je Punkt mindestens „was“).",
    )
    gueltig_bis = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Gilt bis (leer: 6 Monate)."
    )
    ueberpruefen_am = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Überprüfen am."
    )
    zur_post_am = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Zur Post gegeben am."
    )
    uebergeben_am = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Persönlich übergeben am (leer und ohne Post: am Tag des Erlasses).",
    )
    begruendung = serializers.CharField(
        max_length=10000, help_text="Warum keine Einigung zustande kam."
    )

    def validate(self, daten):
        daten = super().validate(daten)
        fehler = {}
        for name, art in (("pflichten", Punktart.PFLICHT), ("angebote", Punktart.ANGEBOT)):
            try:
                _punkte_pruefen(
                    daten.get(name, []), art, daten.get("erlassen_am"), daten.get("gueltig_bis")
                )
            except serializers.ValidationError as e:
                fehler[name] = e.detail
        if fehler:
            raise serializers.ValidationError(fehler)
        return daten


class UeberpruefungSchrittEingabe(Eingabe):
    eintrag = serializers.IntegerField(
        min_value=1, help_text="Kennung des Eintrags der überprüften (geltenden) Version."
    )
    stand = serializers.ChoiceField(
        choices=SchrittStand.choices, help_text="Wie der Schritt steht."
    )
    notiz = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500, help_text="Notiz."
    )


class UeberpruefungEingabe(Eingabe):
    ueberprueft_am = serializers.DateField(
        help_text="Tag des Gesprächs mit der Person (JJJJ-MM-TT), nicht in der Zukunft."
    )
    ergebnis = serializers.ChoiceField(
        choices=UeberpruefungErgebnis.choices,
        help_text="fortschreibung: neue Version; bestaetigt: der Plan gilt weiter.",
    )
    schritte = UeberpruefungSchrittEingabe(
        many=True, help_text="Für jeden Eintrag der geltenden Version: wie er steht."
    )
    notiz = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTIZ_LAENGE, help_text="Notiz."
    )
    naechste_schritte = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=NOTIZ_LAENGE,
        help_text="Nächste Schritte.",
    )
    naechste_ueberpruefung_am = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "Nur bei ``bestaetigt``: nächste Überprüfung spätestens (JJJJ-MM-TT); leer: nach "
            "der Frist des Rechtsstands."
        ),
    )

    def validate_schritte(self, schritte):
        ids = [s["eintrag"] for s in schritte]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Jeder Eintrag darf nur einmal vorkommen.")
        return schritte
