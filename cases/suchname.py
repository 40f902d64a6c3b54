"""The folded search key of a person: what the caseload's search compares.

Names are lower-cased with umlauts written out (ä = ae, ö = oe, ü = ue,
ß = ss) and other accents dropped, so "Müller", "MUELLER" and "mueller" meet;
hyphens and apostrophes separate words ("Ostendorf-Quast" is found by
"quast"). The key is stored on the person (``Leistungsberechtigter.suchname``)
and kept in step on every save; PostgreSQL indexes it with pg_trgm, so a
search for a word's start or a part of a Kundennummer reads the index."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.db.models import Q

_UMLAUTE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_NICHT_WORT = re.compile(r"[^a-z0-9]+")
_DATUM = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
HOECHSTENS_WOERTER = 4


def falten(text: str) -> str:
    """Lower case, umlauts written out, accents dropped, words split by spaces."""
    text = (text or "").lower().translate(_UMLAUTE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(z for z in text if not unicodedata.combining(z))
    return " ".join(_NICHT_WORT.sub(" ", text).split())


def suchname(*, nachname: str, vorname: str, kundennummer: str) -> str:
    """The stored key: `` nachname vorname | kundennummer `` (the spaces around
    make "starts a word" a plain substring test)."""
    return f" {falten(nachname)} {falten(vorname)} | {(kundennummer or '').lower().strip()} "


def suchbedingung(eingabe: str) -> Q | None:
    """The filter for what was typed in the search field: every word must
    start a word of the name, or (with a digit in it) be part of the
    Kundennummer; a date dd.mm.yyyy must be the birth date. Both orders of
    first and last name work, with or without the list's comma."""
    bedingung = Q()
    rest = eingabe
    for tag, monat, jahr in _DATUM.findall(eingabe)[:1]:
        try:
            bedingung &= Q(geburtsdatum=datetime.date(int(jahr), int(monat), int(tag)))
        except ValueError:
            return Q(pk__in=[])  # no such day: nobody was born on it
        rest = _DATUM.sub(" ", eingabe, count=1)
    woerter = [w for w in re.split(r"[\s,;]+", rest) if w][:HOECHSTENS_WOERTER]
    for wort in woerter:
        if any(z.isdigit() for z in wort):
            bedingung &= Q(suchname__contains=wort.lower())
        else:
            gefaltet = falten(wort)
            if gefaltet:
                bedingung &= Q(suchname__contains=f" {gefaltet}")
    return bedingung if bedingung else None
