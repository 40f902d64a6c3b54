"""The consequence a breach implies, for the notice to the benefits team.

The software names the step of the ladder (rate of the Regelbedarf, or the
whole Regelbedarf, or all payments; for how long; how the person must be
heard); it computes no money, and the reduction itself is decided by the
Leistungssachbearbeitung.

A breach is judged by the Rechtsstand of the day it was committed. Earlier
breaches count when they counted themselves (no wichtiger Grund; under the
2023 law: a reduction was determined for them, § 31a Abs. 1 Satz 4 SGB II),
are of the same family (Pflichtverletzungen with refused work; Meldeversäumnisse
apart) and lie within the ladder's window, measured from the earlier breach or
from the start of its reduction as the ladder says."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from kooperation.errors import Fachfehler
from kooperation.rechtsregeln import (
    Aktart,
    Anhoerungsform,
    Fensterbezug,
    Leiter,
    Rechtsstand,
    Stufe,
    Umfang,
    Verstossart,
    zeitraum_text,
)

from .akte import fuer_akt


@dataclass(frozen=True)
class FruehererVerstoss:
    """An earlier breach of the same person. ``zaehlt``: it counted (no
    wichtiger Grund found, a reduction was determined); ``minderung_ab``: the
    first day of its reduction, where one began."""

    art: str
    tat_am: datetime.date
    zaehlt: bool
    minderung_ab: datetime.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "art", Verstossart(self.art))


@dataclass(frozen=True)
class Folge:
    art: Verstossart
    tat_am: datetime.date
    rechtsstand: Rechtsstand
    nummer: int
    stufe: Stufe
    mitgezaehlt: tuple[FruehererVerstoss, ...]
    begruendung: str
    rechtsstand_begruendung: str
    berichtet: bool
    feststellbar_bis: datetime.date

    @property
    def persoenliche_anhoerung_erforderlich(self) -> bool:
        return self.stufe.anhoerung is Anhoerungsform.PERSOENLICH_ERFORDERLICH


def _familie(art: Verstossart) -> frozenset[Verstossart]:
    if art is Verstossart.MELDEVERSAEUMNIS:
        return frozenset({Verstossart.MELDEVERSAEUMNIS})
    return frozenset({Verstossart.PFLICHTVERLETZUNG, Verstossart.ARBEITSVERWEIGERUNG})


def _im_fenster(
    verstoss: FruehererVerstoss,
    tat_am: datetime.date,
    monate: int,
    ab: Fensterbezug,
) -> bool:
    bezug = verstoss.tat_am
    if ab is Fensterbezug.MINDERUNGSBEGINN and verstoss.minderung_ab is not None:
        bezug = verstoss.minderung_ab
    # "not longer than a year ago" (§ 31a Abs. 1 Satz 5): exactly a year still counts.
    return bezug >= tat_am - relativedelta(months=monate)


def _tag(datum: datetime.date) -> str:
    return f"{datum:%d.%m.%Y}"


def folge_fuer_verstoss(
    art: str,
    tat_am: datetime.date,
    *,
    fruehere: Iterable[FruehererVerstoss] = (),
    festgestellt_am: datetime.date | None = None,
    laufende_schlichtung_seit: datetime.date | None = None,
) -> Folge:
    """The consequence of a breach of kind ``art`` committed on ``tat_am``,
    given the person's earlier breaches. ``festgestellt_am``: the day the
    breach is recorded (defaults to ``tat_am``); ``laufende_schlichtung_seit``:
    the start of a Schlichtung running on ``tat_am``, if any."""
    art = Verstossart(art)
    festgestellt_am = festgestellt_am or tat_am
    fruehere = tuple(fruehere)
    if any(v.tat_am >= tat_am for v in fruehere):
        raise Fachfehler({"fruehere": "Frühere Verstöße müssen vor diesem liegen."})
    wahl = fuer_akt(art.aktart, festgestellt_am, tat_am=tat_am)
    rechtsstand = wahl.rechtsstand
    leiter: Leiter = (
        rechtsstand.meldeversaeumnis
        if art is Verstossart.MELDEVERSAEUMNIS
        else rechtsstand.pflichtverletzung
    )
    mitgezaehlt = tuple(
        v
        for v in sorted(fruehere, key=lambda v: v.tat_am)
        if v.zaehlt
        and v.art in _familie(art)
        and _im_fenster(v, tat_am, leiter.fenster_monate, leiter.fenster_ab)
    )
    nummer = len(mitgezaehlt) + 1
    stufe = leiter.stufe(nummer)
    parameter = ["meldeversaeumnis" if art is Verstossart.MELDEVERSAEUMNIS else "pflichtverletzung"]

    zeitraum = zeitraum_text(leiter.fenster_monate)
    if mitgezaehlt:
        satz = (
            f"{nummer}. {art.label} innerhalb {zeitraum} (mitgezählt: "
            f"{', '.join(_tag(v.tat_am) for v in mitgezaehlt)})"
        )
    else:
        satz = f"1. {art.label} (keine frühere zählt innerhalb {zeitraum})"
    satz += f": {stufe.beschreibung()}"

    sonderregel = rechtsstand.arbeitsverweigerung
    if art is Verstossart.ARBEITSVERWEIGERUNG and sonderregel is not None:
        parameter.append("arbeitsverweigerung")
        vorherige = [
            v
            for v in mitgezaehlt
            if v.art is Verstossart.ARBEITSVERWEIGERUNG
            and _im_fenster(v, tat_am, sonderregel.fenster_monate, Fensterbezug.MINDERUNGSBEGINN)
        ]
        if vorherige:
            stufe = sonderregel.stufe
            satz = (
                f"{art.label} nach einer Minderung wegen abgelehnter Arbeit innerhalb "
                f"{zeitraum_text(sonderregel.fenster_monate)} "
                f"(am {', '.join(_tag(v.tat_am) for v in vorherige)}): {stufe.beschreibung()}"
            )

    schutz = _schlichtung_schuetzt(art, tat_am, laufende_schlichtung_seit)
    if schutz is not None:
        stufe = Stufe(Umfang.KEINE)
        satz = schutz
    elif stufe.mindert:
        satz += f"; {Anhoerungsform(stufe.anhoerung).label}"
        if stufe.umfang is Umfang.PROZENT and rechtsstand.minderung_hoechstens_prozent:
            parameter.append("minderung_hoechstens_prozent")
            satz += (
                f"; alle Minderungen zusammen höchstens "
                f"{rechtsstand.minderung_hoechstens_prozent} % des Regelbedarfs"
            )
    return Folge(
        art=art,
        tat_am=tat_am,
        rechtsstand=rechtsstand,
        nummer=nummer,
        stufe=stufe,
        mitgezaehlt=mitgezaehlt,
        begruendung=satz + ".",
        rechtsstand_begruendung=wahl.begruendung,
        berichtet=rechtsstand.berichtet(*parameter),
        # § 31b Abs. 1 Satz 3 SGB II: a reduction may be determined only this long.
        feststellbar_bis=tat_am + relativedelta(months=rechtsstand.minderung_feststellbar_monate),
    )


def _schlichtung_schuetzt(
    art: Verstossart, tat_am: datetime.date, seit: datetime.date | None
) -> str | None:
    """§ 15a Abs. 3 SGB II: during a Schlichtung, Pflichtverletzungen lead to
    no reduction (Meldeversäumnisse, § 32, are not covered). The Schlichtung
    follows the rules of its beginning, also after a change of the law."""
    if seit is None or art is Verstossart.MELDEVERSAEUMNIS:
        return None
    if seit > tat_am:
        raise Fachfehler(
            {"laufende_schlichtung_seit": "Die Schlichtung begann erst nach dem Verstoß."}
        )
    regel = fuer_akt(Aktart.SCHLICHTUNG_ENDE, tat_am, begonnen_am=seit).rechtsstand.schlichtung
    if regel is None or not regel.keine_minderung_waehrenddessen:
        return None
    if tat_am > seit + datetime.timedelta(weeks=regel.hoechstdauer_wochen):
        return None
    return (
        f"Während der Schlichtung (begonnen am {_tag(seit)}) führt eine Pflichtverletzung "
        "nicht zu einer Minderung (§ 15a Abs. 3 SGB II)"
    )
