"""``manage.py seed_scale``: large synthetic data for the benchmarks; the work is
done by ``plans.demo.skala``."""

import time

from django.core.management.base import BaseCommand, CommandError

from plans.demo.skala import skalierung_anlegen


class Command(BaseCommand):
    help = "Erzeugt große Testdaten für Messungen (ohne Protokoll, per bulk_create)."

    def add_arguments(self, parser):
        parser.add_argument("--personen", type=int, required=True, help="Leistungsberechtigte")
        parser.add_argument(
            "--plaene",
            type=int,
            default=None,
            help="Kooperationspläne insgesamt (Standard: einer je Person)",
        )
        parser.add_argument("--teams", type=int, default=20, help="Teams (je zehn IFK)")
        parser.add_argument("--block", type=int, default=5000, help="Zeilen je Transaktion")
        parser.add_argument("--zufall", type=int, default=1, help="Startwert des Zufalls")
        parser.add_argument(
            "--vielfalt",
            action="store_true",
            help=(
                "Vielfältigere Daten für das Kennzahlen-Dashboard: Potenzialanalysen über 15 "
                "Monate, Entwürfe, „kein Plan“ mit Grund, Träger-Abstimmungen, Lesbarkeit"
            ),
        )
        parser.add_argument(
            "--faellig",
            type=int,
            default=None,
            help="So viele Überprüfungsfristen liegen um heute (heute-3 … heute+4), alle "
            "anderen 40 bis 180 Tage in der Zukunft (Messung der Fristwache).",
        )

    def handle(self, *args, personen, plaene, teams, block, zufall, vielfalt, faellig, **options):
        start = time.monotonic()
        try:
            jc = skalierung_anlegen(
                personen=personen,
                plaene=plaene,
                teams=teams,
                block=block,
                zufall=zufall,
                vielfalt=vielfalt,
                faellig=faellig,
                melden=lambda text: self.stdout.write(text, ending="\r"),
            )
        except ValueError as fehler:
            raise CommandError(str(fehler)) from None
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Jobcenter {jc.name}: {personen} Personen, {plaene or personen} Pläne in "
                f"{time.monotonic() - start:.0f} s."
            )
        )
