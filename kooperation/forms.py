from django import forms
from django.contrib.auth.forms import AuthenticationForm


class AnmeldeFormular(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Benutzername oder Passwort stimmen nicht. Bitte prüfen Sie beides; "
            "Groß- und Kleinschreibung zählen."
        ),
        "inactive": "Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Administration.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Benutzername"
        self.fields["password"].label = "Passwort"
        for feld in self.fields.values():
            feld.widget.attrs["class"] = "kern-form-input__input"
        self.fields["username"].widget.attrs["autocomplete"] = "username"


def fachfehler_ins_formular(form: forms.Form, fehler) -> None:
    """Show a service's ``Fachfehler`` next to the field it names, or above
    the form when it names none (or a field the form does not have)."""
    if hasattr(fehler, "message_dict"):
        for feld, meldungen in fehler.message_dict.items():
            ziel = feld if feld in form.fields else None
            for meldung in meldungen:
                form.add_error(ziel, meldung)
    else:
        for meldung in fehler.messages:
            form.add_error(None, meldung)


class KernFormular(forms.Form):
    """Adds the KERN UX classes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for feld in self.fields.values():
            w = feld.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "kern-form-check__checkbox")
            elif isinstance(w, forms.RadioSelect | forms.CheckboxSelectMultiple):
                w.attrs.setdefault("class", "kern-form-check__radio")
            elif isinstance(w, forms.Select):
                w.attrs.setdefault("class", "kern-form-input__select")
            else:
                w.attrs.setdefault("class", "kern-form-input__input")

    def add_error(self, field, error):
        super().add_error(field, error)
        # Tie the message to the input for screen readers.
        for name in [field] if field else []:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-fehler"
