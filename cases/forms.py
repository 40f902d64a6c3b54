from django import forms

from kooperation.forms import KernFormular
from kooperation.katalog import Bedarfsbereich

from .models import Einwilligungszweck, RehaBedarf, Sprachniveau
from .services import BEFUNDFELDER, verschiebedatum_pruefen


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

    def clean_faellig_am(self):
        datum = self.cleaned_data["faellig_am"]
        fehler = verschiebedatum_pruefen(datum)
        if fehler:
            raise forms.ValidationError(fehler)
        return datum
