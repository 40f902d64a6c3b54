"""Plausible dates: the one window every date a person or a client enters
must fall in, for the forms, the API's serializers and the services alike.

A date far outside them is a typing error (9999-12-31, 1900-01-01), and the
deadlines computed from it (working days, review dates) would run past what
the calendar can count: it is refused with the window named, never a 500.

- ``VORGANG``: what happens in a case (a start, an agreement, a request, a
  Termin): not before SGB II came into force (1 January 2005), at most three
  years ahead (plans are reviewed after six months at the latest).
- ``GEBURT``: a date of birth: not in the future, at most 110 years back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from .errors import Fachfehler


def _datum(wert) -> datetime.date:
    if isinstance(wert, datetime.datetime):
        return timezone.localtime(wert).date() if timezone.is_aware(wert) else wert.date()
    return wert


@dataclass(frozen=True)
class Datumsfenster:
    name: str
    frueheste: Callable[[datetime.date], datetime.date]
    spaeteste: Callable[[datetime.date], datetime.date]

    def grenzen(self, heute: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        heute = heute or timezone.localdate()
        return self.frueheste(heute), self.spaeteste(heute)

    def meldung(self, heute: datetime.date | None = None) -> str:
        von, bis = self.grenzen(heute)
        return (
            f"Bitte geben Sie ein Datum zwischen dem {von:%d.%m.%Y} und dem {bis:%d.%m.%Y} an "
            f"({self.name})."
        )

    def enthaelt(self, wert) -> bool:
        von, bis = self.grenzen()
        return von <= _datum(wert) <= bis

    def __call__(self, wert) -> None:
        """As a validator of a form or serializer field."""
        if wert is not None and not self.enthaelt(wert):
            raise ValidationError(self.meldung(), code="datum_unplausibel")


VORGANG = Datumsfenster(
    "Zeitraum für Vorgänge",
    lambda heute: datetime.date(2005, 1, 1),
    lambda heute: heute + datetime.timedelta(days=3 * 365),
)
GEBURT = Datumsfenster(
    "Zeitraum für Geburtsdaten",
    lambda heute: heute - datetime.timedelta(days=110 * 365),
    lambda heute: heute,
)

# Fields named here hold a date of birth; every other date is a Vorgang.
_GEBURTSFELDER = frozenset({"geburtsdatum"})


def fenster_fuer(feldname: str) -> Datumsfenster:
    return GEBURT if feldname in _GEBURTSFELDER else VORGANG


def pruefen(**daten) -> None:
    """For services: every given date (by field name) in its window, else a
    ``Fachfehler`` naming each field outside it. ``None`` is left alone."""
    fehler = {
        feld: fenster_fuer(feld).meldung()
        for feld, wert in daten.items()
        if wert is not None and not fenster_fuer(feld).enthaelt(wert)
    }
    if fehler:
        raise Fachfehler(fehler)


def felder_begrenzen(felder, datumsfeld_klassen: tuple[type, ...]) -> None:
    """Give every date field of a form or serializer (``felder``: name to
    field) the validator of its window, once."""
    for name, feld in felder.items():
        if isinstance(feld, datumsfeld_klassen) and not any(
            isinstance(v, Datumsfenster) for v in feld.validators
        ):
            feld.validators.append(fenster_fuer(name))
