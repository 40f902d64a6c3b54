"""``manage.py create_api_token USERNAME``: the API token of a user (made if
missing) is printed. The token carries the user's role and Jobcenter; revoke
it in the admin (Auth Token) or with ``--erneuern``, which replaces it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from kooperation.access import rolle_von


class Command(BaseCommand):
    help = "Erzeugt den API-Token eines Benutzers (oder zeigt ihn) und gibt den Schlüssel aus."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Benutzername des API-Kontos")
        parser.add_argument(
            "--erneuern",
            action="store_true",
            help="Vorhandenen Token widerrufen und einen neuen erzeugen",
        )

    def handle(self, *args, username: str, erneuern: bool, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Den Benutzer „{username}“ gibt es nicht.") from None
        if not user.is_active or rolle_von(user) is None or user.jobcenter_id is None:
            raise CommandError(
                f"„{username}“ ist nicht aktiv oder hat keine Rolle in einem Jobcenter."
            )
        if erneuern:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
