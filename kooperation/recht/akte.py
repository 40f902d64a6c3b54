"""Which Rechtsstand an act follows, and whether the act is possible at all.

Each legal act follows the Rechtsstand in force on the day of that act, with
the transition rules that Rechtsstand names: the Rechtsstand of the act's day
says, per kind of act, whether its own day decides, the day the procedure
began (a Schlichtung runs to its end under the rules of its beginning), or
the day of the breach (a breach is judged by the law at the time it was
committed). The answers carry a German sentence saying why, for the page and
the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models

from kooperation import rechtsstaende
from kooperation.errors import Fachfehler
from kooperation.rechtsregeln import ANLASS, ANLASS_BEGINN, Aktart, Bezug, Rechtsstand


class KeinRechtsstand(LookupError):
    """No Rechtsstand covers the day (before the first entry starts)."""


def alle() -> tuple[Rechtsstand, ...]:
    """Every known Rechtsstand, oldest first, read from
    ``kooperation/rechtsstaende.py`` at call time."""
    return tuple(sorted(rechtsstaende.RECHTSSTAENDE, key=lambda r: r.gueltig_ab))


def am(datum: datetime.date) -> Rechtsstand:
    """The Rechtsstand in force on ``datum``: the latest that started by then."""
    geltend = [r for r in alle() if r.gueltig_ab <= datum]
    if not geltend:
        raise KeinRechtsstand(f"Für den {datum:%d.%m.%Y} ist kein Rechtsstand erfasst.")
    return geltend[-1]


def nach_schluessel(schluessel: str) -> Rechtsstand:
    for rechtsstand in alle():
        if rechtsstand.schluessel == schluessel:
            return rechtsstand
    raise KeinRechtsstand(f"Der Rechtsstand „{schluessel}“ ist nicht erfasst.")


def nachfolger(rechtsstand: Rechtsstand) -> tuple[Rechtsstand, ...]:
    return tuple(r for r in alle() if r.gueltig_ab > rechtsstand.gueltig_ab)


def _tag(datum: datetime.date) -> str:
    return f"{datum:%d.%m.%Y}"


@dataclass(frozen=True)
class Wahl:
    """The Rechtsstand an act follows, the day that decided it, and why."""

    rechtsstand: Rechtsstand
    stichtag: datetime.date
    begruendung: str
    uebergangsregel_angewandt: bool


def fuer_akt(
    art: str,
    datum: datetime.date,
    *,
    begonnen_am: datetime.date | None = None,
    tat_am: datetime.date | None = None,
) -> Wahl:
    """The Rechtsstand for an act of kind ``art`` done on ``datum``.

    ``begonnen_am``: when the procedure began (required to end a Schlichtung).
    ``tat_am``: the day of the breach (for a breach it defaults to ``datum``; a
    hearing about a breach passes it). Raises ``Fachfehler`` naming the field
    for days in the wrong order, ``KeinRechtsstand`` for a day before the
    first Rechtsstand."""
    art = Aktart(art)
    fehler = {}
    if begonnen_am is not None and begonnen_am > datum:
        fehler["begonnen_am"] = "Der Beginn kann nicht nach dem Tag des Akts liegen."
    if tat_am is not None and tat_am > datum:
        fehler["tat_am"] = "Der Verstoß kann nicht nach dem Tag des Akts liegen."
    if art is Aktart.SCHLICHTUNG_ENDE and begonnen_am is None:
        fehler["begonnen_am"] = "Bitte geben Sie an, wann die Schlichtung begonnen hat."
    if fehler:
        raise Fachfehler(fehler)
    if art in (Aktart.PFLICHTVERLETZUNG, Aktart.MELDEVERSAEUMNIS) and tat_am is None:
        tat_am = datum

    des_tages = am(datum)
    regel = des_tages.uebergaenge.get(art)
    stichtag = {
        Bezug.BEGINN: begonnen_am,
        Bezug.TAT: tat_am,
    }.get(regel.bezug if regel else Bezug.AKT)
    if regel is None or stichtag is None:
        return Wahl(
            des_tages,
            datum,
            f"{ANLASS[art].format(datum=_tag(datum))}: {des_tages}",
            uebergangsregel_angewandt=False,
        )

    rechtsstand = am(stichtag)
    if regel.bezug is Bezug.BEGINN:
        anlass = ANLASS_BEGINN.get(art, f"{art.label}: Verfahren am {{datum}} begonnen")
        anlass = anlass.format(datum=_tag(stichtag))
    elif art is Aktart.ANHOERUNG:
        anlass = f"Anhörung am {_tag(datum)} zum Verstoß am {_tag(stichtag)}"
    else:
        anlass = ANLASS[art].format(datum=_tag(stichtag))
    if rechtsstand is des_tages and regel.bezug is Bezug.BEGINN:
        begruendung = f"{anlass}: {rechtsstand}"
    elif rechtsstand is des_tages:
        begruendung = f"{anlass}: {regel.text} – {rechtsstand}"
    else:
        begruendung = f"{anlass}: {regel.text} ({regel.herkunft}) – {rechtsstand}"
    return Wahl(
        rechtsstand, stichtag, begruendung, uebergangsregel_angewandt=rechtsstand is not des_tages
    )


@dataclass(frozen=True)
class Pruefung:
    """Whether an act is possible on a day; ``begruendung`` says why (German)."""

    moeglich: bool
    begruendung: str
    rechtsstand: Rechtsstand | None

    def __bool__(self) -> bool:
        return self.moeglich


# Which path an act needs, how the message names it, and its pronoun.
_PFADE = {
    Aktart.SCHLICHTUNG_BEGINN: ("schlichtung", "Eine Schlichtung nach § 15a SGB II", "sie"),
    Aktart.SCHLICHTUNG_ENDE: ("schlichtung", "Eine Schlichtung nach § 15a SGB II", "sie"),
    Aktart.AUFFORDERUNG: ("aufforderung", "Eine Aufforderung mit Rechtsfolgenbelehrung", "sie"),
    Aktart.VERWALTUNGSAKT: ("verwaltungsakt", "Ein Bescheid, der Pflichten festsetzt,", "ihn"),
}

# What the Rechtsstand offers instead, for the message.
_STATT = {
    "schlichtung": "verwaltungsakt",
    "aufforderung": "verwaltungsakt",
    "verwaltungsakt": "aufforderung",
}
_STATT_NAME = {
    "verwaltungsakt": "Pflichten per Bescheid festsetzen",
    "aufforderung": "Aufforderung mit Rechtsfolgenbelehrung",
}


class Anlass(models.TextChoices):
    """Why obligations are demanded (Aufforderung or Bescheid)."""

    NICHTEINIGUNG = "nichteinigung", "kein Plan zustande gekommen"
    NICHTEINHALTUNG = "nichteinhaltung", "Absprachen des Plans nicht eingehalten"


_WENN_ANLASS = {
    Anlass.NICHTEINIGUNG: "kein Plan zustande kommt",
    Anlass.NICHTEINHALTUNG: "Absprachen nicht eingehalten werden",
}


def akt_moeglich(
    art: str,
    datum: datetime.date,
    *,
    begonnen_am: datetime.date | None = None,
    tat_am: datetime.date | None = None,
    anlass: str | None = None,
) -> Pruefung:
    """Whether an act of kind ``art`` is possible on ``datum`` under the
    Rechtsstand it follows, with the reason. ``anlass`` (for an Aufforderung or
    a Bescheid): no plan came about, or agreements were not kept. Input in the
    wrong order raises ``Fachfehler`` as in ``fuer_akt``."""
    art = Aktart(art)
    try:
        wahl = fuer_akt(art, datum, begonnen_am=begonnen_am, tat_am=tat_am)
    except KeinRechtsstand as e:
        return Pruefung(False, str(e), None)
    rechtsstand = wahl.rechtsstand
    if art not in _PFADE:
        return Pruefung(True, wahl.begruendung, rechtsstand)
    pfad, was, ihn = _PFADE[art]
    regel = getattr(rechtsstand, pfad)
    if regel is not None:
        if anlass is not None and not getattr(regel, f"bei_{Anlass(anlass).value}", True):
            return Pruefung(
                False,
                f"{was} ist am {_tag(datum)} nicht möglich, wenn "
                f"{_WENN_ANLASS[Anlass(anlass)]}: der Rechtsstand "
                f"„{rechtsstand.bezeichnung}“ (ab {rechtsstand.gueltig_ab_text}) sieht {ihn} "
                "dafür nicht vor.",
                rechtsstand,
            )
        return Pruefung(True, wahl.begruendung, rechtsstand)

    tag = begonnen_am if art is Aktart.SCHLICHTUNG_ENDE else datum
    satz = (
        f"{was} ist am {_tag(tag)} nicht möglich: der Rechtsstand „{rechtsstand.bezeichnung}“ "
        f"(ab {rechtsstand.gueltig_ab_text}) sieht {ihn} nicht vor."
    )
    spaeter = next((r for r in nachfolger(rechtsstand) if getattr(r, pfad) is not None), None)
    if spaeter is not None:
        satz += f" Möglich erst ab {spaeter.gueltig_ab_text} ({spaeter.bezeichnung})."
    statt = _STATT.get(pfad)
    if statt and getattr(rechtsstand, statt) is not None:
        satz += f" Stattdessen: {_STATT_NAME[statt]}."
    return Pruefung(False, satz, rechtsstand)
