from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template.loader import render_to_string

from . import datumsregeln
from .kontobuch import konto_protokollieren, kontomail_aufgeben


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
    the form when it names none (or a field the form does not have). A form
    whose fields split one of the service's (a day and a time for a moment)
    names the field to show it at in ``dienstfelder``."""
    if hasattr(fehler, "message_dict"):
        for feld, meldungen in fehler.message_dict.items():
            feld = getattr(form, "dienstfelder", {}).get(feld, feld)
            ziel = feld if feld in form.fields else None
            for meldung in meldungen:
                form.add_error(ziel, meldung)
    else:
        for meldung in fehler.messages:
            form.add_error(None, meldung)


class KernKlassen:
    """Adds the KERN UX classes to every widget (mixed into any form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        datumsregeln.felder_begrenzen(self.fields, (forms.DateField, forms.DateTimeField))
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
        super().add_error(field, error)  # type: ignore[misc]
        # Tie the message to the input for screen readers.
        for name in [field] if field else []:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-fehler"


class KernFormular(KernKlassen, forms.Form):
    pass


class CodeFormular(KernFormular):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="Sechs Ziffern aus Ihrer Authenticator-App oder ein Wiederherstellungscode.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswortAendernFormular(KernKlassen, PasswordChangeForm):
    pass


class PasswortSetzenFormular(KernKlassen, SetPasswordForm):
    pass


class PasswortLinkFormular(KernKlassen, PasswordResetForm):
    """Django's password link (one-time: the token dies with the next password
    change or login), sent through the outbox (``kontobuch.kontomail_aufgeben``). Accounts made
    without a password get one too; ``konto`` sends it to one account only
    (the Administration's action and new accounts)."""

    def __init__(self, *args, konto=None, akteur=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.konto = konto
        self.akteur = akteur
        self.fields["email"].label = "E-Mail-Adresse"

    def get_users(self, email):
        if self.konto is not None:
            return [self.konto] if self.konto.is_active and self.konto.email else []
        return get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True, is_superuser=False
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        betreff = "".join(render_to_string(subject_template_name, context).splitlines())
        kontomail_aufgeben(
            konto=context["user"],
            betreff=betreff,
            text=render_to_string(email_template_name, context),
        )
        konto_protokollieren(context["user"], "Link zum Setzen des Passworts gesendet", self.akteur)
