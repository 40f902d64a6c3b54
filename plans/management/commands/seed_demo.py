"""``manage.py seed_demo``: the demo Jobcenter for ``make run``; the work is done
by ``plans.demo``."""

import os

from django.core.management.base import BaseCommand

from plans.demo import demo_anlegen


class Command(BaseCommand):
    help = "Legt ein Demo-Jobcenter mit Teams, Partnern und einigen hundert Fällen an."

    def add_arguments(self, parser):
        parser.add_argument("--personen", type=int, default=300, help="Leistungsberechtigte")
        parser.add_argument("--zufall", type=int, default=2026, help="Startwert des Zufalls")

    def handle(self, *args, personen: int, zufall: int, **options):
        passwort = os.environ.get("DEMO_PASSWORD", "demo")
        anzahl = demo_anlegen(personen=personen, zufall=zufall, passwort=passwort)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Jobcenter bereit: {anzahl}"
                f" Leistungsberechtigte. Anmeldung mit ifk, teamleitung, traeger, "
                f"geschaeftsfuehrung, admin; Passwort: {passwort}"
            )
        )
