"""``manage.py create_api_token USERNAME [--gueltig-tage N] [--erneuern]``: a new
API token for the user, its key printed once on standard output (the
database keeps only its digest, so nobody can show it again). It carries the
user's role and Jobcenter and expires after ``--gueltig-tage`` days
(default ``API_TOKEN_GUELTIG_TAGE``). ``--erneuern`` revokes the user's
other tokens. Revoke single tokens in the admin (API-Tokens)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.timezone import localtime

from kooperation.access import rolle_von
from kooperation.audit import im_namen_von
from kooperation.konten import api_token_erzeugen
from kooperation.models import ApiToken


class Command(BaseCommand):
    help = "Erzeugt einen API-Token für einen Benutzer und gibt den Schlüssel einmal aus."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Benutzername des API-Kontos")
        parser.add_argument(
            "--gueltig-tage",
            type=int,
            default=settings.API_TOKEN_GUELTIG_TAGE,
            help="Tage bis zum Ablauf (1 bis 3650; Vorgabe API_TOKEN_GUELTIG_TAGE)",
        )
        parser.add_argument("--bezeichnung", default="", help="Wofür der Token ist")
        parser.add_argument(
            "--erneuern",
            action="store_true",
            help="Alle anderen Tokens des Benutzers widerrufen",
        )

    def handle(self, *args, username, gueltig_tage, bezeichnung, erneuern, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Den Benutzer „{username}“ gibt es nicht.") from None
        if not user.is_active or rolle_von(user) is None or user.jobcenter_id is None:
            raise CommandError(
                f"„{username}“ ist nicht aktiv oder hat keine Rolle in einem Jobcenter."
            )
        if not 1 <= gueltig_tage <= 3650:
            raise CommandError("--gueltig-tage muss zwischen 1 und 3650 liegen.")
        if erneuern:
            with im_namen_von(None, "API-Token widerrufen (erneuert)"):
                for alt in ApiToken.objects.filter(user=user):
                    alt.delete()
        token, schluessel = api_token_erzeugen(
            konto=user, gueltig_tage=gueltig_tage, bezeichnung=bezeichnung[:100]
        )
        self.stderr.write(
            f"Token für {username}, gültig bis {localtime(token.expiry):%d.%m.%Y %H:%M}. "
            "Der Schlüssel "
            "wird nur jetzt angezeigt:"
        )
        self.stdout.write(schluessel)
