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
