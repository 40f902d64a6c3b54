"""The rows of the caseload's and the Wiedervorlagen's tables, prepared once
per page as plain dictionaries: labels, dates, names and links are worked out
here in one pass, so the templates only print them.

Why not in the template: on a start page with 70 rows, display methods,
date filters, ``{% if %}`` pairs and three ``{% url %}`` reversals per row
cost about half of the page's time; the same values computed in Python cost
a fraction of that. Dictionaries, because the template engine reads a key
from a dictionary faster than an attribute from an object."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import quote

from django.urls import reverse

from kooperation.models import Erinnerungsstufe, Fristart

from .models import Phase

KEINE_ANGABE = "–"
_PHASEN = dict(Phase.choices)
_FRISTARTEN = dict(Fristart.choices)
_ERINNERUNGEN = dict(Erinnerungsstufe.choices)
# An id no row has; its place in the reversed URL is where each row's id goes.
_PLATZHALTER = 918273645


def url_je_id(name: str) -> Callable[[int], str]:
    """The URL of ``name`` for any id, reversed once: a page reverses the
    pattern, each row only puts its id in."""
    vorn, _, hinten = reverse(name, args=[_PLATZHALTER]).partition(str(_PLATZHALTER))
    return lambda pk: f"{vorn}{pk}{hinten}"


def datum(tag: datetime.date | None) -> str:
    """A date as the pages show it (31.12.2026), "–" for none."""
    return f"{tag:%d.%m.%Y}" if tag else KEINE_ANGABE


def _namen(benutzer) -> str:
    """A staff member as the pages name her: full name, else the username."""
    if benutzer is None:
        return KEINE_ANGABE
    return benutzer.get_full_name() or benutzer.username


def fallzeilen(personen: Iterable, *, heute: datetime.date) -> list[dict]:
    """One row per person of a caseload table: ``url``, ``name`` ("Nachname,
    Vorname"), ``kundennummer``, ``phase``, ``frist`` and ``ueberfaellig`` (the
    next deadline), ``team``, ``zustaendig``."""
    fall_url = url_je_id("cases:fall")
    zeilen = []
    for p in personen:
        frist = p.naechste_frist
        zeilen.append(
            {
                "url": fall_url(p.pk),
                "name": f"{p.nachname}, {p.vorname}",
                "kundennummer": p.kundennummer,
                "phase": _PHASEN.get(p.phase, p.phase),
                "frist": datum(frist),
                "ueberfaellig": frist is not None and frist < heute,
                "team": p.team.name if p.team_id else "",
                "zustaendig": _namen(p.zustaendig) if p.zustaendig_id else KEINE_ANGABE,
            }
        )
    return zeilen


def wiedervorlagenzeilen(
    wiedervorlagen: Iterable,
    *,
    personen: dict,
    heute: datetime.date,
    zurueck: str,
    mit_zustaendig: bool,
) -> list[dict]:
    """One row per Wiedervorlage of a deadlines table: ``faellig`` and
    ``ueberfaellig``, ``art``, the person (``person``, ``person_url``; empty
    where the user may not see her), ``erinnerung`` and ``eskaliert``,
    ``zustaendig`` (only ``mit_zustaendig``: the own lists do not show it and
    do not load it), the actions' links (``erledigt_url`` empty where the
    deadline ends with its step in the case) and ``beschreibung``, which
    names the row to a screen reader on each action."""
    fall_url = url_je_id("cases:fall")
    erledigt_url = url_je_id("cases:wv_erledigt")
    verschieben_url = url_je_id("cases:wv_verschieben")
    # As the template filter ``urlencode`` quoted it: the slashes stay.
    zurueck_abfrage = f"?zurueck={quote(zurueck, safe='/')}"
    zeilen = []
    for w in wiedervorlagen:
        art = _FRISTARTEN.get(w.art, w.art)
        faellig = datum(w.faellig_am)
        person = personen.get(w.leistungsberechtigter_id)
        name = f"{person.vorname} {person.nachname}" if person is not None else ""
        zeilen.append(
            {
                "faellig": faellig,
                "ueberfaellig": w.faellig_am < heute,
                "art": art,
                "person": name,
                "person_url": fall_url(person.pk) if person is not None else "",
                "erinnerung": _ERINNERUNGEN[w.erinnerungsstufe]
                if w.erinnerungsstufe
                else KEINE_ANGABE,
                "eskaliert": w.erinnerungsstufe == Erinnerungsstufe.ESKALATION,
                "zustaendig": _namen(w.zustaendig) if mit_zustaendig else "",
                "erledigt_url": erledigt_url(w.pk) if w.von_hand_erledigbar else "",
                "verschieben_url": verschieben_url(w.pk) + zurueck_abfrage,
                "beschreibung": f"{art}, {name}, fällig am {faellig}"
                if name
                else f"{art}, fällig am {faellig}",
            }
        )
    return zeilen
