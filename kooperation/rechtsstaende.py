"""The Rechtsstände the system knows, in one place.

A change of the law is one more entry here (and, where it brings a new kind
of rule, one more field on ``Rechtsstand``). The table is brought in line
with this list after every ``migrate`` (like Django's permissions), so every
database, including a freshly flushed test database, has the same rules."""

import datetime

from django.apps import apps as global_apps

RECHTSSTAENDE = [
    {
        "schluessel": "buergergeld-2023",
        "bezeichnung": "Bürgergeld-Gesetz",
        "gueltig_ab": datetime.date(2023, 7, 1),
        "leistung": "Bürgergeld",
        "schlichtung_vorgesehen": True,
        "schlichtung_hoechstdauer_wochen": 4,
        "verwaltungsakt_bei_nichteinigung": False,
        "ueberpruefung_spaetestens_monate": 6,
        "erste_einladung_ohne_rechtsfolgenbelehrung": True,
        "quelle": "§§ 15, 15a SGB II in der Fassung ab 1. Juli 2023.",
    },
    {
        "schluessel": "grundsicherung-2026",
        "bezeichnung": "Neue Grundsicherung (13. SGB-II-Änderungsgesetz)",
        "gueltig_ab": datetime.date(2026, 7, 1),
        "leistung": "Grundsicherungsgeld",
        "schlichtung_vorgesehen": False,
        "schlichtung_hoechstdauer_wochen": None,
        "verwaltungsakt_bei_nichteinigung": True,
        "rechtsfolgenbelehrung": (
            "Rechtsfolgenbelehrung: Wenn Sie eine der oben festgesetzten Pflichten ohne "
            "wichtigen Grund nicht erfüllen, kann das Jobcenter Ihr Grundsicherungsgeld "
            "mindern. Einen wichtigen Grund teilen Sie uns bitte sofort mit. "
            "(Text nach dem berichteten Rechtsstand ab 1. Juli 2026; vor dem Einsatz mit dem "
            "Gesetzestext und der Rechtsabteilung abgleichen.)"
        ),
        "ueberpruefung_spaetestens_monate": 6,
        "erste_einladung_ohne_rechtsfolgenbelehrung": True,
        "quelle": (
            "Berichtet, nicht am Gesetzestext geprüft: Schlichtung nach § 15a entfällt; "
            "bei Nichteinigung Pflichten per Verwaltungsakt mit Rechtsfolgenbelehrung."
        ),
    },
]


def rechtsstaende_einrichten(sender=None, apps=global_apps, **kwargs) -> None:
    Rechtsstand = apps.get_model("kooperation", "Rechtsstand")
    for daten in RECHTSSTAENDE:
        Rechtsstand.objects.update_or_create(
            schluessel=daten["schluessel"],
            defaults={k: v for k, v in daten.items() if k != "schluessel"},
        )
