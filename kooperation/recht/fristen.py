"""Dates of a written act: Bekanntgabe, end of the Widerspruch period, the
answer period of a hearing. Pure functions of dates and the Jobcenter's
Bundesland; every value comes from the Rechtsstand of the day in question.

- Bekanntgabe (§ 37 Abs. 2 SGB X): a letter handed over is known that day; a
  letter posted in Germany counts as known on the n-th day after posting (the
  Rechtsstand of the posting day gives n: 3 before 2025, 4 since). The day of
  posting does not count (§ 26 SGB X with § 187 Abs. 1 BGB).
- Widerspruch (§ 84 SGG with § 64 SGG): the period runs from the day after
  Bekanntgabe and ends with the day of the last month that has the same
  number as the day of Bekanntgabe, or the month's last day if it has none;
  an end on Saturday, Sunday or a public holiday moves to the next working
  day. Holidays are those of the place where the period must be kept: the
  Jobcenter's Bundesland. A Jobcenter's own closing days (24 and 31 December)
  are no public holidays and move nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from kooperation.arbeitstage import arbeitstage_nach, feiertag_name, ist_arbeitstag
from kooperation.errors import Fachfehler
from kooperation.rechtsregeln import Aktart, Rechtsstand

from .akte import akt_moeglich, am, fuer_akt

EIN_TAG = datetime.timedelta(days=1)
WOCHENTAGE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Sonnabend", "Sonntag")


def _tag(datum: datetime.date) -> str:
    return f"{datum:%d.%m.%Y}"


def _kein_werktag_grund(datum: datetime.date, bundesland: str) -> str | None:
    """Why ``datum`` is not a working day (Sa, So, public holiday), or None."""
    feiertag = feiertag_name(datum, bundesland)
    if feiertag:
        return f"Feiertag ({feiertag})"
    if datum.weekday() >= 5:
        return WOCHENTAGE[datum.weekday()]
    return None


def naechster_werktag(datum: datetime.date, bundesland: str) -> datetime.date:
    """``datum`` itself if it is no Saturday, Sunday or public holiday of the
    Bundesland, else the next day that is none (§ 64 Abs. 3 SGG)."""
    while not ist_arbeitstag(datum, bundesland):
        datum += EIN_TAG
    return datum


@dataclass(frozen=True)
class Bekanntgabe:
    datum: datetime.date
    rechtsstand: Rechtsstand
    begruendung: str
    berichtet: bool


def bekanntgabe(
    *,
    zur_post_am: datetime.date | None = None,
    uebergeben_am: datetime.date | None = None,
    bundesland: str | None = None,
) -> Bekanntgabe:
    """The day a written act counts as known to the person (§ 37 SGB X), from
    the day it was posted or the day it was handed over (exactly one).
    ``bundesland`` is needed only where the Rechtsstand moves the day off
    weekends and holidays (none does today)."""
    if (zur_post_am is None) == (uebergeben_am is None):
        meldung = "Bitte geben Sie entweder den Tag der Aufgabe zur Post oder den der Übergabe an."
        raise Fachfehler({"zur_post_am": meldung, "uebergeben_am": meldung})
    if uebergeben_am is not None:
        rechtsstand = am(uebergeben_am)
        return Bekanntgabe(
            uebergeben_am,
            rechtsstand,
            f"Am {_tag(uebergeben_am)} übergeben: an diesem Tag bekannt gegeben.",
            berichtet=False,
        )
    rechtsstand = am(zur_post_am)
    tage = rechtsstand.zugangsfiktion_tage
    datum = zur_post_am + datetime.timedelta(days=tage)
    satz = (
        f"Am {_tag(zur_post_am)} zur Post gegeben: gilt am {tage}. Tag danach als bekannt "
        f"gegeben, am {_tag(datum)} (§ 37 Abs. 2 SGB X, {rechtsstand})"
    )
    if rechtsstand.zugangsfiktion_verschiebt_sich:
        if bundesland is None:
            raise Fachfehler({"bundesland": "Für diesen Rechtsstand fehlt das Bundesland."})
        verschoben = naechster_werktag(datum, bundesland)
        if verschoben != datum:
            grund = _kein_werktag_grund(datum, bundesland)
            satz += f"; {grund}, daher am nächsten Werktag, dem {_tag(verschoben)}"
            datum = verschoben
    elif bundesland and (grund := _kein_werktag_grund(datum, bundesland)):
        satz += f"; das gilt auch an einem {grund}"
    elif datum.weekday() >= 5:
        satz += f"; das gilt auch an einem {WOCHENTAGE[datum.weekday()]}"
    return Bekanntgabe(
        datum,
        rechtsstand,
        satz + ".",
        berichtet=rechtsstand.berichtet("zugangsfiktion_tage", "zugangsfiktion_verschiebt_sich"),
    )


@dataclass(frozen=True)
class Fristende:
    datum: datetime.date
    rechnerisch: datetime.date
    rechtsstand: Rechtsstand
    begruendung: str


def widerspruchsfrist_ende(*, bekanntgabe_am: datetime.date, bundesland: str) -> Fristende:
    """The last day to lodge a Widerspruch against an act known on
    ``bekanntgabe_am`` (§ 84 Abs. 1, § 64 SGG), with the Jobcenter's
    ``bundesland`` for public holidays."""
    rechtsstand = am(bekanntgabe_am)
    monate = rechtsstand.widerspruchsfrist_monate
    # relativedelta keeps the day number and falls back to the month's last
    # day where the month is shorter: exactly § 64 Abs. 2 SGG.
    rechnerisch = bekanntgabe_am + relativedelta(months=monate)
    dauer = "eines Monats" if monate == 1 else f"von {monate} Monaten"
    satz = (
        f"Bekanntgabe am {_tag(bekanntgabe_am)}: Widerspruch innerhalb {dauer}, bis "
        f"{_tag(rechnerisch)}"
    )
    datum = rechnerisch
    if rechtsstand.fristende_verschiebt_sich:
        datum = naechster_werktag(rechnerisch, bundesland)
        if datum != rechnerisch:
            grund = _kein_werktag_grund(rechnerisch, bundesland)
            satz += f"; das ist ein {grund}, daher bis zum nächsten Werktag, dem {_tag(datum)}"
    return Fristende(datum, rechnerisch, rechtsstand, f"{satz} (§§ 84, 64 SGG).")


def anhoerung_antwort_bis(
    *,
    bekanntgabe_am: datetime.date,
    bundesland: str,
    schliesstage: Iterable[datetime.date] = (),
    arbeitstage: int | None = None,
) -> Fristende:
    """The answer period of a hearing (§ 24 SGB X): ``arbeitstage`` working
    days of the Jobcenter (its Bundesland and closing days) after the letter
    is known; without ``arbeitstage`` (a Jobcenter setting) the Rechtsstand's
    default."""
    rechtsstand = am(bekanntgabe_am)
    anzahl = arbeitstage or rechtsstand.anhoerung_antwortfrist_arbeitstage
    if not 1 <= anzahl <= 60:
        raise Fachfehler({"arbeitstage": "Die Antwortfrist liegt zwischen 1 und 60 Arbeitstagen."})
    datum = arbeitstage_nach(bekanntgabe_am, anzahl, bundesland, schliesstage)
    herkunft = "Einstellung des Jobcenters" if arbeitstage else "Vorgabe"
    return Fristende(
        datum,
        datum,
        rechtsstand,
        f"Bekanntgabe am {_tag(bekanntgabe_am)}: Antwort bis {_tag(datum)}, {anzahl} "
        f"Arbeitstage ({herkunft}; § 24 SGB X: angemessene Frist).",
    )


def schlichtung_endet_spaetestens(begonnen_am: datetime.date) -> Fristende:
    """The last day of a Schlichtung begun on ``begonnen_am`` (§ 15a Abs. 4
    SGB II: it ends by agreement, at the latest after the Rechtsstand's maximum
    duration). A period of weeks ends on the same weekday (§ 26 SGB X with
    § 188 Abs. 2 BGB); it is no period for the person to act, so it does not
    move off weekends."""
    pruefung = akt_moeglich(Aktart.SCHLICHTUNG_BEGINN, begonnen_am)
    if not pruefung:
        raise Fachfehler({"begonnen_am": pruefung.begruendung})
    rechtsstand = pruefung.rechtsstand
    wochen = rechtsstand.schlichtung.hoechstdauer_wochen
    datum = begonnen_am + datetime.timedelta(weeks=wochen)
    return Fristende(
        datum,
        datum,
        rechtsstand,
        f"Schlichtung am {_tag(begonnen_am)} begonnen: endet durch Einigung, spätestens am "
        f"{_tag(datum)} ({wochen} Wochen, § 15a Abs. 4 SGB II).",
    )


def ueberpruefung_spaetestens(vereinbart_am: datetime.date) -> Fristende:
    """The day by which a plan agreed (or continued) on ``vereinbart_am`` must
    be reviewed together with the person (§ 15 Abs. 3 SGB II: six months)."""
    wahl = fuer_akt(Aktart.VEREINBARUNG, vereinbart_am)
    monate = wahl.rechtsstand.ueberpruefung_spaetestens_monate
    datum = vereinbart_am + relativedelta(months=monate)
    return Fristende(
        datum,
        datum,
        wahl.rechtsstand,
        f"Plan am {_tag(vereinbart_am)} vereinbart: Überprüfung spätestens am {_tag(datum)} "
        f"({monate} Monate, § 15 Abs. 3 SGB II).",
    )
