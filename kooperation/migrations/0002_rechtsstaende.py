"""The Rechtsstände the system knows. A change of the law is a new migration
like this one: one row with its start date and its rules."""

import datetime

from django.db import migrations

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
        "ueberpruefung_spaetestens_monate": 6,
        "erste_einladung_ohne_rechtsfolgenbelehrung": True,
        "quelle": (
            "Berichtet, nicht am Gesetzestext geprüft: Schlichtung nach § 15a entfällt; "
            "bei Nichteinigung Pflichten per Verwaltungsakt mit Rechtsfolgenbelehrung."
        ),
    },
]


def anlegen(apps, schema_editor):
    Rechtsstand = apps.get_model("kooperation", "Rechtsstand")
    for daten in RECHTSSTAENDE:
        Rechtsstand.objects.update_or_create(schluessel=daten["schluessel"], defaults=daten)


def entfernen(apps, schema_editor):
    Rechtsstand = apps.get_model("kooperation", "Rechtsstand")
    Rechtsstand.objects.filter(schluessel__in=[d["schluessel"] for d in RECHTSSTAENDE]).delete()


class Migration(migrations.Migration):
    dependencies = [("kooperation", "0001_initial")]
    operations = [migrations.RunPython(anlegen, entfernen)]
