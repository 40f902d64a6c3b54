"""``manage.py audit_pruefen``: walk the audit trail's hash chain and report
every edited or deleted entry, gap, and entry written past the chain. Exits
with 1 when it finds any; prints the newest hash to note outside the
database (it anchors the whole chain)."""

import sys

from django.core.management.base import BaseCommand

from kooperation.auditkette import pruefen


class Command(BaseCommand):
    help = "Prüft die Hash-Kette des Audit-Protokolls auf veränderte oder fehlende Einträge."

    def handle(self, *args, **options):
        befund = pruefen()
        for fehler in befund.fehler:
            self.stderr.write(fehler)
        if befund.fehler:
            self.stderr.write(
                f"{len(befund.fehler)} Befund(e) bei {befund.geprueft} geprüften Einträgen."
            )
            sys.exit(1)
        self.stdout.write(
            f"Audit-Protokoll in Ordnung: {befund.geprueft} Einträge, letzter Hash "
            f"{befund.letzter_hash}."
        )
