import datetime

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from cases.models import GesetzlicherVertreter
from kooperation.forms import KernFormular
from kooperation.katalog import Leistung16a
from kooperation.rechtsregeln import Verstossart
from partners.kapazitaet import zeitraum_von

from .models import (
    KeinPlanGrund,
    Planteil,
    Punktart,
    SchlichtungErgebnis,
    SchrittStand,
    UeberpruefungErgebnis,
    punkt_fehler,
)
from .models.ueberpruefung import NOTIZ_LAENGE

DATUM = {"type": "date"}

UHRZEIT = {"type": "time"}


def _uhrzeit(label: str, required: bool = True, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        widget=forms.TimeInput(attrs=UHRZEIT, format="%H:%M"),
        **kwargs,
    )


def _zeitpunkt(tag: datetime.date, uhrzeit: datetime.time) -> datetime.datetime:
    """Day and time as the Jobcenter's local time (aware)."""
    return timezone.make_aware(datetime.datetime.combine(tag, uhrzeit))


def _datum(label: str, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATUM, format="%Y-%m-%d"),
        **kwargs,
    )


def _text(label: str, *, max_length: int, rows: int = 2, required: bool = False, **kwargs):
    """A text area: the plan's parts, reasons, changes."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class PlanversionFormular(KernFormular):
    sperrversion = forms.IntegerField(widget=forms.HiddenInput)
    ziel = _text(
        "Der Plan: Mein Ziel",
        max_length=600,
        help_text="In den Worten der Person, in der Ich-Form: „Ich will …“",
    )
    kontakt = _text(
        "Bei Fragen und Notfällen",
        max_length=600,
        help_text="Wie die Person das Jobcenter erreicht: Name, Telefon, Sprechzeiten.",
    )
    sonstiges = _text("Was sonst noch wichtig ist", max_length=600)


class EintragFormular(KernFormular):
    """One item: a step of the person, the Jobcenter's support, an
    Eigenbemühung with how often and how to show it, or an appointment."""

    sperrversion = forms.IntegerField(widget=forms.HiddenInput)
    teil = forms.ChoiceField(label="Teil des Plans", choices=Planteil.choices)
    text = _text("Text", max_length=500, required=True)
    handlungsbedarf = forms.ModelChoiceField(
        label="Antwort auf den Handlungsbedarf",
        required=False,
        queryset=None,
        empty_label="– keiner –",
    )
    angebot = forms.ModelChoiceField(
        label="Angebot", required=False, queryset=None, empty_label="– kein Angebot –"
    )
    leistung_16a = forms.ChoiceField(
        label="Leistung nach § 16a SGB II",
        required=False,
        choices=[("", "– keine –"), *Leistung16a.choices],
        help_text="Wird bei einem Angebot des kommunalen Trägers automatisch gesetzt.",
    )
    haeufigkeit = forms.CharField(
        label="Wie oft",
        required=False,
        max_length=100,
        help_text="Nur bei Eigenbemühungen, z. B. „4 Bewerbungen im Monat“.",
    )
    nachweis = forms.CharField(
        label="Wie nachweisen",
        required=False,
        max_length=200,
        help_text="Nur bei Eigenbemühungen, z. B. „Liste beim nächsten Termin zeigen“.",
    )
    termin = forms.DateTimeField(
        label="Termin",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Nur bei Verabredungen: Datum und Uhrzeit.",
    )

    def __init__(self, *args, handlungsbedarfe, angebote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsbedarf"].queryset = handlungsbedarfe
        self.fields["angebot"].queryset = angebote

    def clean(self):
        d = super().clean()
        teil = d.get("teil")
        if teil == Planteil.EIGENBEMUEHUNG:
            for feld, name in (("haeufigkeit", "Wie oft"), ("nachweis", "Wie nachweisen")):
                if not d.get(feld):
                    self.add_error(feld, f"Bei Eigenbemühungen bitte „{name}“ angeben.")
        if teil == Planteil.TERMIN and not d.get("termin"):
            self.add_error("termin", "Bei einem Termin bitte Datum und Uhrzeit angeben.")
        if d.get("leistung_16a") and teil != Planteil.UNTERSTUETZUNG:
            self.add_error(
                "leistung_16a",
                "Leistungen nach § 16a gehören zur „Gezielten Unterstützung“.",
            )
        angebot = d.get("angebot")
        if angebot and angebot.leistung_16a and not d.get("leistung_16a"):
            d["leistung_16a"] = angebot.leistung_16a
        return d


class VereinbarenFormular(KernFormular):
    vereinbart_am = _datum("Vereinbart am", initial=timezone.localdate)
    vertreter = forms.ModelChoiceField(
        label="Zugestimmt hat (gesetzliche Vertretung)",
        queryset=GesetzlicherVertreter.objects.none(),
        required=False,
        help_text="Nur bei Minderjährigen: wer aus der Fallakte zugestimmt hat.",
    )
    vertreter_zustimmung_am = _datum(
        "Zustimmung der gesetzlichen Vertretung am",
        required=False,
        help_text="Nur bei Minderjährigen.",
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        erfasst = (
            plan.leistungsberechtigter.vertreter.all()
            if plan is not None
            else GesetzlicherVertreter.objects.none()
        )
        if not erfasst:
            # Nobody on file: the field would offer nothing to choose.
            del self.fields["vertreter"]
        else:
            self.fields["vertreter"].queryset = erfasst


class KeinPlanFormular(KernFormular):
    grund = forms.ChoiceField(
        label="Grund", choices=KeinPlanGrund.choices, widget=forms.RadioSelect
    )
    erlaeuterung = _text("Erläuterung", max_length=1000, rows=3)


class SchlichtungFormular(KernFormular):
    beantragt_von = forms.ChoiceField(
        label="Wer beantragt die Schlichtung?",
        widget=forms.RadioSelect,
        choices=[("person", "die Person"), ("jobcenter", "das Jobcenter")],
    )
    begonnen_am = _datum("Beginn", initial=timezone.localdate)
    schlichter = forms.CharField(
        label="Schlichtende Person",
        max_length=200,
        help_text="Eine Person, die bisher nicht beteiligt war und nicht weisungsgebunden ist.",
    )


class SchlichtungBeendenFormular(KernFormular):
    beendet_am = _datum("Beendet am", initial=timezone.localdate)
    ergebnis = forms.ChoiceField(
        label="Ergebnis", choices=SchlichtungErgebnis.choices, widget=forms.RadioSelect
    )


class FestsetzungFormular(KernFormular):
    erlassen_am = _datum("Erlassen am", initial=timezone.localdate)
    begruendung = _text("Begründung", max_length=3000, rows=4, required=True)
    gueltig_bis = _datum(
        "Gilt bis", required=False, help_text="Leer: sechs Monate (nach dem Rechtsstand)."
    )
    ueberpruefen_am = _datum(
        "Überprüfen am", required=False, help_text="Leer: am Ende der Geltung."
    )
    zur_post_am = _datum(
        "Zur Post gegeben am",
        required=False,
        help_text="Leer: im Gespräch am Tag des Erlasses übergeben.",
    )


class BescheidPunktFormular(KernFormular):
    """One obligation of the Bescheid (what, how often, by when, how proven);
    the rule is the model's (``punkt_fehler``)."""

    art = Punktart.PFLICHT
    # The Bescheid's day, set by the formset: „bis wann“ lies after it.
    erlassen_am = None
    was = forms.CharField(
        label="Was",
        max_length=500,
        required=False,
        help_text="In einfachen Worten, z. B. „Sie bewerben sich auf Stellen als Friseurin.“",
    )
    wie_oft = forms.CharField(
        label="Wie oft", max_length=100, required=False, help_text="z. B. „4 im Monat“"
    )
    bis = _datum("Bis wann", required=False, help_text="Leer: solange der Bescheid gilt.")
    nachweis = forms.CharField(
        label="Wie nachweisen",
        max_length=200,
        required=False,
        help_text="z. B. „Liste der Bewerbungen beim Termin zeigen“",
    )
    termin = _datum(
        "Termin im Jobcenter: Tag",
        required=False,
        help_text="Nur bei einem Termin: er wird mit dem Bescheid zur Einladung mit Brief.",
    )
    termin_zeit = _uhrzeit("Termin im Jobcenter: Uhrzeit", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the rule demands of a filled row is required, with the rule's
        # own words; an untouched row is no item and is not checked at all.
        fehlt = punkt_fehler(art=self.art, was="")
        for feld, feldobjekt in self.fields.items():
            if feld in fehlt:
                feldobjekt.required = True
                feldobjekt.error_messages["required"] = fehlt[feld]

    def clean(self):
        d = super().clean()
        if self.cleaned_data.get("DELETE"):
            return d
        tag, zeit = d.get("termin"), d.pop("termin_zeit", None)
        if tag and not zeit and "termin_zeit" not in self.errors:
            self.add_error("termin_zeit", "Bitte geben Sie die Uhrzeit des Termins an.")
        elif zeit and not tag and "termin" not in self.errors:
            self.add_error("termin", "Bitte geben Sie den Tag des Termins an.")
        d["termin"] = _zeitpunkt(tag, zeit) if tag and zeit else None
        for feld, meldung in punkt_fehler(
            art=self.art,
            was=d.get("was", ""),
            wie_oft=d.get("wie_oft", ""),
            nachweis=d.get("nachweis", ""),
            bis=d.get("bis"),
            termin=d["termin"],
            erlassen_am=self.erlassen_am,
        ).items():
            if feld not in self.errors:
                self.add_error(feld, meldung)
        return d


class AngebotPunktFormular(BescheidPunktFormular):
    """One offer of the Jobcenter in the Bescheid: what it is (how often and
    until when if that helps)."""

    art = Punktart.ANGEBOT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["nachweis"]
        self.fields["was"].help_text = "z. B. „Wir bezahlen Ihre Bewerbungsfotos.“"
        self.fields["wie_oft"].help_text = "Nur wenn es hilft, z. B. „einmal im Monat“."


class _Punkte(forms.BaseFormSet):
    """The items of a Bescheid: rows left empty are ignored, rows marked
    „Entfernen“ dropped; ``erlassen_am`` lets each row check „bis wann“."""

    def __init__(self, *args, erlassen_am=None, **kwargs):
        self.erlassen_am = erlassen_am
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "use_required_attribute": False}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.erlassen_am = self.erlassen_am
        return form

    def full_clean(self):
        super().full_clean()
        # A row marked „Entfernen“ is no item (the formset does not count its
        # errors): its fields show none either.
        for form in self.forms:
            if getattr(form, "cleaned_data", {}).get("DELETE"):
                form._errors = ErrorDict()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"] = forms.BooleanField(label="Entfernen", required=False)
            form.fields["DELETE"].widget.attrs["class"] = "kern-form-check__checkbox"

    def formulare_der_punkte(self) -> list:
        """The rows that are items, in order (empty and removed rows are not)."""
        return [
            f
            for f in self.forms
            if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def punkte(self) -> list[dict]:
        return [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self.formulare_der_punkte()
        ]

    @classmethod
    def aus_eingaben(cls, daten, *, prefix: str, mehr: bool):
        """The list as entered so far, unchecked, with its removed and empty
        rows dropped and one empty row more where ``mehr`` (the button
        „weitere Zeile“)."""
        felder = list(cls.form.base_fields)
        anzahl = min(int(daten.get(f"{prefix}-TOTAL_FORMS") or 0), cls.absolute_max)
        zeilen = []
        for i in range(anzahl):
            if daten.get(f"{prefix}-{i}-DELETE"):
                continue
            zeile = {f: daten.get(f"{prefix}-{i}-{f}", "") for f in felder}
            if any(str(v).strip() for v in zeile.values()):
                zeilen.append(zeile)
        liste = cls(initial=zeilen, prefix=prefix)
        liste.extra = 1 if mehr or not zeilen else 0
        return liste


def _punkte_formset(formular):
    return forms.formset_factory(
        formular, formset=_Punkte, extra=1, can_delete=True, max_num=30, absolute_max=30
    )


PflichtenFormset = _punkte_formset(BescheidPunktFormular)
AngebotFormset = _punkte_formset(AngebotPunktFormular)


class AufforderungFormular(KernFormular):
    erlassen_am = _datum("Erlassen am", initial=timezone.localdate)
    pflichten = _text(
        "Was die Person tun soll",
        max_length=3000,
        rows=5,
        required=True,
        help_text="Was, wie oft, bis wann und wie sie es nachweist.",
    )
    begruendung = _text("Begründung", max_length=3000, rows=4, required=True)


class PflichtverletzungFormular(KernFormular):
    art = forms.ChoiceField(
        label="Art des Verstoßes", choices=Verstossart.choices, widget=forms.RadioSelect
    )
    tat_am = _datum(
        "Verstoß am", help_text="Der Tag des Verstoßes entscheidet, welches Recht gilt."
    )
    festgestellt_am = _datum("Festgestellt am", initial=timezone.localdate)
    beschreibung = _text("Was ist passiert", max_length=3000, rows=3, required=True)
    wichtiger_grund = _text(
        "Wichtiger Grund",
        max_length=3000,
        rows=2,
        help_text="Nur wenn einer vorliegt: welcher, mit Nachweis (z. B. Attest).",
    )


class PositionEntscheidungFormular(KernFormular):
    """The kommunaler Träger's decision on one § 16a item."""

    status = forms.ChoiceField(
        label="Entscheidung",
        widget=forms.RadioSelect,
        choices=[
            ("zugestimmt", "Zustimmen"),
            ("geaendert", "Mit Änderungen zustimmen"),
            ("abgelehnt", "Ablehnen"),
        ],
    )
    aenderung = _text(
        "Änderung",
        max_length=1000,
        help_text="Nur bei „Mit Änderungen zustimmen“: was anders sein soll.",
    )
    begruendung = _text("Begründung", max_length=1000, help_text="Bei einer Ablehnung nötig.")


class KontingentFormular(KernFormular):
    angebot = forms.ModelChoiceField(label="Angebot", queryset=None)
    tag = forms.DateField(
        label="Zeitraum",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Ein Tag im Zeitraum (Monat, Quartal oder Jahr des Angebots).",
    )
    kontingent = forms.IntegerField(label="Anzahl Fälle", min_value=1, max_value=10000)

    # A contingent is granted for the running period or one ahead, never for
    # one that is over, and not further ahead than a budget is planned.
    HOECHSTENS_JAHRE_VORAUS = 2

    def __init__(self, *args, angebote, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["angebot"].queryset = angebote
        self.fields["angebot"].empty_label = "Bitte wählen Sie ein Angebot"

    def clean(self):
        daten = super().clean()
        angebot, tag = daten.get("angebot"), daten.get("tag")
        if angebot is None or tag is None:
            return daten
        heute = timezone.localdate()
        beginn, ende = zeitraum_von(angebot, tag)
        if ende < heute:
            self.add_error(
                "tag",
                f"Dieser Zeitraum ({beginn:%d.%m.%Y} bis {ende:%d.%m.%Y}) ist schon vorbei. "
                "Bitte wählen Sie einen Tag im laufenden oder einem künftigen Zeitraum.",
            )
        elif tag > heute.replace(year=heute.year + self.HOECHSTENS_JAHRE_VORAUS):
            self.add_error(
                "tag",
                f"Kontingente lassen sich höchstens {self.HOECHSTENS_JAHRE_VORAUS} Jahre im Voraus "
                "erteilen.",
            )
        return daten


class PartnerplanFormular(KernFormular):
    partner = forms.ModelChoiceField(label="Partner", queryset=None)
    titel = forms.CharField(label="Titel", max_length=200, help_text="z. B. Integrationsplan")
    aktenzeichen = forms.CharField(
        label="Aktenzeichen beim Partner", max_length=100, required=False
    )
    stand = forms.DateField(label="Stand vom", widget=forms.DateInput(attrs={"type": "date"}))
    notiz = _text("Wie beide Pläne zusammenpassen", max_length=1000, rows=3)

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner


class UeberpruefungFormular(KernFormular):
    """The review with the person: one question per item of the agreed
    version (how it stands, with a note), then what follows."""

    ueberprueft_am = _datum("Überprüft am (Gespräch mit der Person)", initial=timezone.localdate)
    notiz = _text(
        "Notiz zum Gespräch",
        max_length=NOTIZ_LAENGE,
        rows=4,
        help_text=f"Was sich seit der Vereinbarung getan hat. Höchstens {NOTIZ_LAENGE} Zeichen.",
    )
    naechste_schritte = _text(
        "Nächste Schritte",
        max_length=NOTIZ_LAENGE,
        rows=3,
        help_text=f"Was als Nächstes kommt. Höchstens {NOTIZ_LAENGE} Zeichen.",
    )
    ergebnis = forms.ChoiceField(
        label="Wie es weitergeht", choices=UeberpruefungErgebnis.choices, widget=forms.RadioSelect
    )
    naechste_ueberpruefung_am = _datum(
        "Nächste Überprüfung spätestens am",
        required=False,
        help_text=(
            "Nur wenn der Plan weiter gilt. Leer: nach der Frist des Rechtsstands "
            "(§ 15 Abs. 3 SGB II, sechs Monate)."
        ),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        version = plan.versionen.filter(status="vereinbart").order_by("-nummer").first()
        self.eintraege = list(version.eintraege.order_by("teil", "reihenfolge", "pk"))
        self.schritt_felder = []
        for eintrag in self.eintraege:
            name = f"schritt_{eintrag.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{eintrag.get_teil_display()}: {eintrag.text}",
                choices=SchrittStand.choices,
                widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
            )
            self.fields[f"{name}_notiz"] = forms.CharField(
                label="Notiz zu diesem Schritt",
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"class": "kern-form-input__input"}),
            )
            self.schritt_felder.append((self[name], self[f"{name}_notiz"]))
        self.order_fields(
            ["ueberprueft_am"]
            + [n for e in self.eintraege for n in (f"schritt_{e.pk}", f"schritt_{e.pk}_notiz")]
        )

    @property
    def allgemeine_felder(self):
        return [self[n] for n in ("notiz", "naechste_schritte", "ergebnis")]

    def clean(self):
        daten = super().clean()
        if daten.get("ergebnis") == UeberpruefungErgebnis.FORTSCHREIBUNG:
            # The next review follows from the new agreement.
            daten["naechste_ueberpruefung_am"] = None
        return daten

    def dienst_argumente(self) -> dict:
        daten = self.cleaned_data
        return {
            "ueberprueft_am": daten["ueberprueft_am"],
            "ergebnis": daten["ergebnis"],
            "notiz": daten["notiz"],
            "naechste_schritte": daten["naechste_schritte"],
            "naechste_ueberpruefung_am": daten["naechste_ueberpruefung_am"],
            "schritte": {
                e.pk: (daten[f"schritt_{e.pk}"], daten[f"schritt_{e.pk}_notiz"])
                for e in self.eintraege
            },
        }
