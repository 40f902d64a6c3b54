from django import forms

from kooperation.forms import KernFormular

from .models import Kooperationsphase


class AnsprechpartnerWechselFormular(KernFormular):
    name = forms.CharField(label="Name", max_length=200)
    funktion = forms.CharField(label="Funktion", max_length=200, required=False)
    telefon = forms.CharField(label="Telefon", max_length=50, required=False)
    email = forms.EmailField(label="E-Mail", required=False)
    ab = forms.DateField(label="zuständig ab", widget=forms.DateInput(attrs={"type": "date"}))


class PhaseFormular(KernFormular):
    phase = forms.ChoiceField(label="Phase", choices=Kooperationsphase.choices)


class ProtokollFormular(KernFormular):
    protokoll = forms.CharField(label="Protokoll", widget=forms.Textarea(attrs={"rows": 6}))
