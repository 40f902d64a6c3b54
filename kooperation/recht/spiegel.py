"""What the mirror table ``kooperation.Rechtsstand`` holds of an entry: the
columns the foreign keys and older code read, and a JSON snapshot of every
parameter with its source for the admin page."""

from __future__ import annotations

from django.apps import apps as global_apps

from kooperation import rechtsstaende
from kooperation.rechtsregeln import Aktart, Rechtsstand, anzeigen

from .belehrungen import rechtsfolgenbelehrung_fuer


def parameter_snapshot(rechtsstand: Rechtsstand) -> list[dict]:
    return [
        {
            "name": name,
            "bezeichnung": bezeichnung,
            "wert": anzeigen(wert),
            "quelle": quelle.text,
            "berichtet": quelle.berichtet,
            "vorgabe": quelle.vorgabe,
        }
        for name, bezeichnung, wert, quelle in rechtsstand.parameter()
    ]


def spiegelwerte(rechtsstand: Rechtsstand) -> dict:
    verwaltungsakt = rechtsstand.verwaltungsakt
    return {
        "bezeichnung": rechtsstand.bezeichnung,
        "gueltig_ab": rechtsstand.gueltig_ab,
        "leistung": rechtsstand.leistung,
        "schlichtung_vorgesehen": rechtsstand.schlichtung is not None,
        "schlichtung_hoechstdauer_wochen": (
            rechtsstand.schlichtung.hoechstdauer_wochen if rechtsstand.schlichtung else None
        ),
        "verwaltungsakt_bei_nichteinigung": bool(
            verwaltungsakt and verwaltungsakt.bei_nichteinigung
        ),
        "ueberpruefung_spaetestens_monate": rechtsstand.ueberpruefung_spaetestens_monate,
        "rechtsfolgenbelehrung": (
            rechtsfolgenbelehrung_fuer(rechtsstand, Aktart.VERWALTUNGSAKT).text
            if verwaltungsakt
            else ""
        ),
        "erste_einladung_ohne_rechtsfolgenbelehrung": (
            rechtsstand.erste_einladung_ohne_rechtsfolgenbelehrung
        ),
        "quelle": rechtsstand.aenderung,
        "parameter": parameter_snapshot(rechtsstand),
        "berichtet": rechtsstand.berichtet(),
    }


def rechtsstaende_einrichten(sender=None, apps=global_apps, **kwargs) -> None:
    """Bring the mirror table in line with ``RECHTSSTAENDE`` (after every
    ``migrate``, like Django's permissions). Fields a historical model state
    does not have yet are left out, so old data migrations can call this."""
    Rechtsstand = apps.get_model("kooperation", "Rechtsstand")
    felder = {f.name for f in Rechtsstand._meta.get_fields()}
    for rechtsstand in rechtsstaende.RECHTSSTAENDE:
        werte = {k: v for k, v in spiegelwerte(rechtsstand).items() if k in felder}
        Rechtsstand.objects.update_or_create(schluessel=rechtsstand.schluessel, defaults=werte)
