"""CSV exports in the German spreadsheet convention: semicolons between
cells, a decimal comma, UTF-8 with a byte-order mark (so that the umlauts
survive opening the file by double-click). A "86.5" would be read as a date
or as 865 by a German spreadsheet; "86,5" is read as the number."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse


def zelle(wert):
    """A cell as a German spreadsheet reads it."""
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, float | Decimal):
        text = f"{wert:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return wert


def csv_antwort(dateiname: str, zeilen: Iterable[Iterable]) -> HttpResponse:
    antwort = HttpResponse(content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="{dateiname}"'
    antwort.write("\ufeff")
    schreiber = csv.writer(antwort, delimiter=";")
    schreiber.writerows([zelle(w) for w in z] for z in zeilen)
    return antwort
