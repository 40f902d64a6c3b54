import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from kooperation.forms import KernFormular, KernKlassen
from kooperation.katalog import Bedarfsbereich
from kooperation.services import VERTRETUNG_FENSTER

from .models import (
    VERMERK_LAENGE,
    Einwilligungszweck,
    Leistungsberechtigter,
    RehaBedarf,
    Sprachniveau,
    Vermerkart,
)
from .services import (
    BEFUNDFELDER,
    PLANUNGSDATEN,
    STAMMDATEN,
    VERMERK,
    VERSCHIEBEN,
    VERTRETERFELDER,
)

telefon_pruefen = RegexValidator(
    r"^\+?[0-9 ()/-]{3,30}$",
    "Bitte nur Ziffern, Leerzeichen und + ( ) / - angeben, z. B. 0621 123456.",
)
plz_pruefen = RegexValidator(r"^[0-9]{5}$", "Die PLZ hat fünf Ziffern.")
kundennummer_pruefen = RegexValidator(
    r"^[A-Za-z0-9-]{3,20}$", "Bitte 3 bis 20 Buchstaben, Ziffern oder Bindestriche."
)


class PotenzialanalyseFormular(KernFormular):
    """§ 15 Abs. 1 SGB II: strengths, skills, what makes integration harder,
    and the Reha check (yes / no / unclear)."""

    sperrversion = forms.IntegerField(widget=forms.HiddenInput)
    staerken = forms.CharField(
        label="Stärken (auch Soft Skills und nicht formale Kenntnisse)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    qualifikationen = forms.CharField(
        label="Berufliche Kenntnisse und Abschlüsse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    berufserfahrung = forms.CharField(
        label="Berufserfahrung", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sprachniveau = forms.ChoiceField(
        label="Deutschkenntnisse",
        required=False,
        choices=[("", "noch nicht eingeschätzt"), *Sprachniveau.choices],
    )
    reha_bedarf = forms.ChoiceField(
        label="Reha-Bedarf geprüft",
        required=False,
        choices=RehaBedarf.choices,
        widget=forms.RadioSelect,
    )
    reha_hinweis = forms.CharField(
        label="Hinweis zum Reha-Bedarf", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    abgeschlossen_am = forms.DateField(
        label="Abgeschlossen am",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Nur beim Abschließen nötig.",
    )

    def __init__(self, *args, handlungsbedarfe: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        vorhandene = handlungsbedarfe or {}
        for code, label in Bedarfsbereich.choices:
            self.fields[f"hb_{code}"] = forms.BooleanField(
                label=label,
                required=False,
                initial=code in vorhandene,
                widget=forms.CheckboxInput(attrs={"class": "kern-form-check__checkbox"}),
            )
            self.fields[f"hb_{code}_text"] = forms.CharField(
                label=f"Was genau? ({label})",
                required=False,
                max_length=300,
                initial=vorhandene.get(code, ""),
                widget=forms.TextInput(attrs={"class": "kern-form-input__input"}),
            )

    def bereiche(self):
        """Pairs of (checkbox, note) bound fields for the template."""
        return [(self[f"hb_{c}"], self[f"hb_{c}_text"]) for c, _ in Bedarfsbereich.choices]

    def handlungsbedarfe(self) -> dict[str, str]:
        d = self.cleaned_data
        return {c: d.get(f"hb_{c}_text", "") for c, _ in Bedarfsbereich.choices if d.get(f"hb_{c}")}

    def befunde(self) -> dict:
        return {k: self.cleaned_data[k] for k in BEFUNDFELDER}

    def clean(self):
        daten = super().clean()
        for code, label in Bedarfsbereich.choices:
            if daten.get(f"hb_{code}_text") and not daten.get(f"hb_{code}"):
                self.add_error(
                    f"hb_{code}",
                    f"Sie haben zu „{label}“ etwas notiert: bitte auch ankreuzen oder die "
                    "Notiz löschen.",
                )
        return daten


class _PartnerFormular(KernFormular):
    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner


class EinwilligungFormular(_PartnerFormular):
    partner = forms.ModelChoiceField(label="Partner", queryset=None)
    zweck = forms.ChoiceField(label="Zweck", choices=Einwilligungszweck.choices)
    erteilt_am = forms.DateField(label="erteilt am", widget=forms.DateInput(attrs={"type": "date"}))
    schriftlich = forms.BooleanField(
        label="schriftlich erteilt (unterschriebene Erklärung liegt vor)",
        required=False,
        initial=True,
    )


class WeitergabeFormular(_PartnerFormular):
    partner = forms.ModelChoiceField(label="An Partner", queryset=None)
    zweck = forms.ChoiceField(label="Zweck", choices=Einwilligungszweck.choices)
    inhalt = forms.CharField(
        label="Was wird weitergegeben?", widget=forms.Textarea(attrs={"rows": 3})
    )


class VerschiebenFormular(KernFormular):
    """A Wiedervorlage's new date and why it moves (kept in the audit trail)."""

    faellig_am = forms.DateField(
        label="Neues Datum",
        validators=[VERSCHIEBEN],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Bitte ein Datum angeben.",
            "invalid": "Bitte ein gültiges Datum angeben (TT.MM.JJJJ).",
        },
    )
    grund = forms.CharField(
        label="Grund",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text="Höchstens 500 Zeichen. Wird im Protokoll gespeichert.",
        error_messages={
            "required": "Bitte angeben, warum die Wiedervorlage verschoben wird.",
            "max_length": "Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d).",
        },
    )


def _geburtsdatum_grenzen() -> tuple[datetime.date, datetime.date]:
    """People of working age and minors from 14 on (plans start at 15, § 7
    Abs. 1 SGB II); older than 100 is a typo."""
    heute = timezone.localdate()
    return heute.replace(year=heute.year - 100), heute.replace(year=heute.year - 14)


class PersonFormular(KernKlassen, forms.ModelForm):
    """Create or change a person: master data, contact, planning context and
    one gesetzliche Vertretung. Validation only; the service writes."""

    vertreter_name = forms.CharField(
        label="Name der gesetzlichen Vertretung", required=False, max_length=200
    )
    vertreter_beziehung = forms.CharField(
        label="Beziehung", required=False, max_length=100, help_text="z. B. Mutter, Vormund"
    )
    vertreter_telefon = forms.CharField(
        label="Telefon der Vertretung",
        required=False,
        max_length=50,
        validators=[telefon_pruefen],
    )
    vertreter_email = forms.EmailField(label="E-Mail der Vertretung", required=False)
    vertreter_anschrift = forms.CharField(
        label="Anschrift der Vertretung",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
    )

    class Meta:
        model = Leistungsberechtigter
        fields = [*STAMMDATEN, *PLANUNGSDATEN]
        widgets = {
            "geburtsdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fall_beendet_am": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "pflegeaufgaben": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, stammdaten_gesperrt: bool = False, neu: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not stammdaten_gesperrt:
            self.fields["telefon"].validators.append(telefon_pruefen)
            self.fields["kundennummer"].validators.append(kundennummer_pruefen)
            self.fields["plz"].validators.append(plz_pruefen)
        if neu:
            self.fields["trotzdem_anlegen"] = forms.BooleanField(
                label="Es ist eine andere Person mit gleichem Namen und Geburtsdatum",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "kern-form-check__checkbox"}),
            )
        else:
            self.fields["sperrversion"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=self.instance.sperrversion
            )
        if stammdaten_gesperrt:
            for feld in STAMMDATEN:
                self.fields[feld].disabled = True
                self.fields[feld].help_text = "Kommt aus dem Fachverfahren."
        if self.instance.pk and not self.is_bound:
            v = self.instance.vertreter.order_by("pk").first()
            if v is not None:
                for feld in VERTRETERFELDER:
                    self.initial[f"vertreter_{feld}"] = getattr(v, feld)

    def clean_geburtsdatum(self):
        datum = self.cleaned_data["geburtsdatum"]
        frueh, spaet = _geburtsdatum_grenzen()
        if not self.fields["geburtsdatum"].disabled and not frueh <= datum <= spaet:
            raise forms.ValidationError(
                f"Bitte ein Datum zwischen {frueh:%d.%m.%Y} und {spaet:%d.%m.%Y}."
            )
        return datum

    def _validate_unique(self):
        # Whether the person exists already is the service's question (with a
        # message that reveals nothing the user may not see).
        return None

    def validate_unique(self):
        return None

    def daten(self) -> dict:
        """The person's fields for the service (disabled ones left out)."""
        return {
            f: self.cleaned_data[f]
            for f in (*STAMMDATEN, *PLANUNGSDATEN)
            if not self.fields[f].disabled
        }

    def vertreter(self) -> dict:
        return {f: self.cleaned_data[f"vertreter_{f}"] for f in VERTRETERFELDER}


class VermerkFormular(KernFormular):
    art = forms.ChoiceField(label="Art des Kontakts", choices=Vermerkart.choices)
    am = forms.DateField(
        label="Datum des Kontakts",
        validators=[VERMERK],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Bitte ein Datum angeben.",
            "invalid": "Bitte ein gültiges Datum angeben (TT.MM.JJJJ).",
        },
    )
    text = forms.CharField(
        label="Vermerk",
        max_length=VERMERK_LAENGE,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": VERMERK_LAENGE}),
        help_text=f"Höchstens {VERMERK_LAENGE} Zeichen. Ein Vermerk wird nicht mehr geändert.",
        error_messages={
            "required": "Bitte den Vermerk schreiben.",
            "max_length": "Höchstens %(limit_value)d Zeichen (jetzt %(show_value)d).",
        },
    )


class _IfkAuswahl(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, empty_label="Bitte wählen", **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _datumsfeld(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        validators=[VERTRETUNG_FENSTER],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Bitte ein Datum angeben.",
            "invalid": "Bitte ein gültiges Datum angeben (TT.MM.JJJJ).",
        },
        **kwargs,
    )


class VertretungFormular(KernFormular):
    """An absence and who covers it. The absent IFK records her own (the
    field is then fixed); the Teamleitung chooses among the team's IFKs."""

    abwesend = _IfkAuswahl(
        label="Abwesend ist",
        queryset=None,
        error_messages={"required": "Bitte wählen Sie aus, wer abwesend ist."},
    )
    vertreter = _IfkAuswahl(
        label="Vertreten durch",
        queryset=None,
        help_text="Eine Integrationsfachkraft Ihres Teams. Sie sieht und bearbeitet die Fälle "
        "in dieser Zeit; jeder Schritt wird als Vertretung protokolliert.",
        error_messages={"required": "Bitte wählen Sie die Vertretung aus."},
    )
    von = _datumsfeld("Abwesend ab")
    bis = _datumsfeld("Abwesend bis einschließlich")

    def __init__(self, *args, ifks, eigene=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abwesend"].queryset = ifks
        self.fields["vertreter"].queryset = ifks
        if eigene is not None:
            self.fields["abwesend"].queryset = ifks.filter(pk=eigene.pk)
            self.fields["abwesend"].initial = eigene.pk
            self.fields["abwesend"].empty_label = None
            self.fields["vertreter"].queryset = ifks.exclude(pk=eigene.pk)

    def clean(self):
        daten = super().clean()
        von, bis = daten.get("von"), daten.get("bis")
        if von and bis and bis < von:
            self.add_error("bis", "Das Ende der Abwesenheit liegt vor ihrem Beginn.")
        return daten


class ZuweisenFormular(KernFormular):
    """Which cases go to whom; the second step confirms."""

    faelle = forms.ModelMultipleChoiceField(
        label="Fälle",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Bitte wählen Sie mindestens einen Fall aus.",
            "invalid_choice": "Ein gewählter Fall gehört nicht mehr zu dieser Liste.",
        },
    )
    ziel = _IfkAuswahl(
        label="Zuweisen an",
        queryset=None,
        error_messages={"required": "Bitte wählen Sie aus, wer die Fälle übernimmt."},
    )
    bestaetigt = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, faelle, ifks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faelle"].queryset = faelle
        self.fields["ziel"].queryset = ifks
