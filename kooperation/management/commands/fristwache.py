"""``manage.py fristwache``: the deadline watch once, from the command line."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from kooperation.fristwache import fristwache_ausfuehren
from kooperation.models import Erinnerungsstufe


class Command(BaseCommand):
    help = "Führt die Fristenüberwachung einmal aus und zeigt, was sie getan hat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--datum", help="Stichtag JJJJ-MM-TT (Standard: heute), z. B. zum Nachholen"
        )

    def handle(self, *args, datum: str | None = None, **options):
        try:
            heute = datetime.date.fromisoformat(datum) if datum else None
        except ValueError as e:
            raise CommandError("--datum bitte als JJJJ-MM-TT angeben.") from e
        ergebnis = fristwache_ausfuehren(heute=heute)
        if ergebnis.uebersprungen:
            self.stdout.write(self.style.WARNING("Fristwache läuft gerade anderswo: nichts getan."))
            return
        self.stdout.write(f"Fristwache für den {ergebnis.datum:%d.%m.%Y}:")
        self.stdout.write(f"  {ergebnis.im_blick} Fristen mit neuer Erinnerungsstufe")
        for stufe in Erinnerungsstufe:
            if stufe:
                self.stdout.write(f"  {ergebnis.erinnerungen.get(stufe, 0):>6}  {stufe.label}")
        self.stdout.write(f"  {len(ergebnis.empfaenger)} Personen neu erinnert")
        self.stdout.write(f"  {ergebnis.mails} E-Mails in den Postausgang gelegt")
        if ergebnis.ohne_empfaenger:
            self.stdout.write(
                self.style.ERROR(
                    f"  {len(ergebnis.ohne_empfaenger)} Fristen ohne Empfänger "
                    f"(keine Teamleitung im Jobcenter): {ergebnis.ohne_empfaenger[:20]}"
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Fertig."))
