"""Forms of the appointment pages: the invitation, its outcome, and the
steps of the hearing. They check the fields; the rules (which outcome needs
what, when a finding may be made) are the services' (``services.termine``)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from cases.models import Sprache
from kooperation.forms import KernFormular

from .forms import _datum, _text, _uhrzeit, _zeitpunkt
from .models.termin import DAUER_HOECHSTENS, DAUER_MINDESTENS, Terminergebnis, Terminform


class _MitVersion(KernFormular):
    """The version of the row the user saw: a change in between is refused
    (the service compares it) instead of overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class EinladungFormular(KernFormular):
    # The service checks the moment; its message belongs at the day.
    dienstfelder = {"beginn": "tag"}

    tag = _datum("Tag")
    uhrzeit = _uhrzeit("Uhrzeit")
    dauer_minuten = forms.IntegerField(
        label="Dauer in Minuten",
        initial=30,
        min_value=DAUER_MINDESTENS,
        max_value=DAUER_HOECHSTENS,
    )
    form = forms.ChoiceField(
        label="Wie findet der Termin statt?",
        choices=Terminform.choices,
        initial=Terminform.VOR_ORT,
        widget=forms.RadioSelect,
    )
    ort = forms.CharField(
        label="Ort",
        required=False,
        max_length=200,
        help_text="Raum und Anschrift. Nötig, wenn der Termin vor Ort ist.",
    )
    zweck = _text("Worum es geht", max_length=2000, rows=3, required=True)
    ansprechperson = forms.CharField(
        label="Fragen Sie nach",
        required=False,
        max_length=200,
        help_text="Wen die Person am Empfang nennt.",
    )
    mitbringen = _text("Bitte mitbringen", max_length=2000, rows=2)
    dolmetschen = forms.ChoiceField(
        label="Dolmetschen",
        required=False,
        choices=[("", "nicht nötig")] + [c for c in Sprache.choices if c[0] != Sprache.DEUTSCH],
    )
    plan = forms.ModelChoiceField(
        label="Gehört zum Kooperationsplan",
        required=False,
        queryset=None,
        empty_label="zu keinem Plan",
    )

    def __init__(self, *args, plaene, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plaene

    def dienst_argumente(self) -> dict:
        """What ``einladen`` takes, from the checked fields."""
        daten = dict(self.cleaned_data)
        daten["beginn"] = _zeitpunkt(daten.pop("tag"), daten.pop("uhrzeit"))
        return daten


ERGEBNISSE = [c for c in Terminergebnis.choices if c[0] != Terminergebnis.OFFEN]


class ErgebnisFormular(_MitVersion):
    dienstfelder = {"neuer_beginn": "neuer_tag"}

    ergebnis = forms.ChoiceField(
        label="Wie ist der Termin ausgegangen?", choices=ERGEBNISSE, widget=forms.RadioSelect
    )
    grund = _text(
        "Grund und Nachweis",
        max_length=3000,
        rows=3,
        help_text="Bei „abgesagt“ und „arbeitsunfähig“: der Grund und wie er belegt ist.",
    )
    au_von = _datum("Arbeitsunfähig von", required=False, help_text="Laut Bescheinigung.")
    au_bis = _datum("Arbeitsunfähig bis", required=False, help_text="Laut Bescheinigung.")
    neuer_tag = _datum("Neuer Tag", required=False)
    neue_uhrzeit = _uhrzeit("Neue Uhrzeit", required=False)

    # Which fields belong to which outcome (shown beside it; the page hides
    # the others where JavaScript runs, and without it shows all of them).
    FELDER_JE_ERGEBNIS = {
        "grund": ("abgesagt", "arbeitsunfaehig", "nicht_erschienen"),
        "au": ("arbeitsunfaehig",),
        "neu": ("verlegt",),
    }

    def clean(self):
        daten = super().clean()
        tag, uhrzeit = daten.get("neuer_tag"), daten.get("neue_uhrzeit")
        if tag and not uhrzeit and "neue_uhrzeit" not in self.errors:
            self.add_error("neue_uhrzeit", "Bitte geben Sie die Uhrzeit des neuen Termins an.")
        if uhrzeit and not tag and "neuer_tag" not in self.errors:
            self.add_error("neuer_tag", "Bitte geben Sie den Tag des neuen Termins an.")
        return daten

    def dienst_argumente(self) -> dict:
        daten = dict(self.cleaned_data)
        tag, uhrzeit = daten.pop("neuer_tag", None), daten.pop("neue_uhrzeit", None)
        daten["neuer_beginn"] = _zeitpunkt(tag, uhrzeit) if tag and uhrzeit else None
        return daten


class AntwortFormular(_MitVersion):
    antwort = _text("Was die Person vorträgt", max_length=5000, rows=4, required=True)
    antwort_am = _datum("Eingegangen am", initial=timezone.localdate)


class PersoenlichFormular(_MitVersion):
    am = _datum("Persönlich angehört am", initial=timezone.localdate)
    vermerk = _text("Vermerk zum Gespräch", max_length=5000, rows=4, required=True)


class FeststellungFormular(_MitVersion):
    wichtiger_grund = forms.TypedChoiceField(
        label="Liegt ein wichtiger Grund vor?",
        choices=[("ja", "Ja, wichtiger Grund"), ("nein", "Nein, kein wichtiger Grund")],
        coerce=lambda wert: wert == "ja",
        widget=forms.RadioSelect,
    )
    begruendung = _text("Begründung", max_length=3000, rows=3, required=True)
