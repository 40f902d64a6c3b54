"""The legal notices of a letter, generated from the Rechtsstand's parameters
in plain language: the Rechtsfolgenbelehrung (which breach, what reduction,
for how long) and the Rechtsbehelfsbelehrung (Widerspruch: period, form,
where). The person reads these; marks such as "berichtet" are for staff and
travel beside the text (``berichtet``), never in it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kooperation.errors import Fachfehler
from kooperation.rechtsregeln import (
    Aktart,
    Anhoerungsform,
    Leiter,
    Rechtsstand,
    Stufe,
    Umfang,
    zeitraum_text,
)

from .akte import akt_moeglich, fuer_akt

# What the person must not fail to do, per act that carries a notice.
_WENN = {
    Aktart.EINLADUNG: "nicht zu diesem Termin kommen",
    Aktart.AUFFORDERUNG: "nicht tun, wozu wir Sie in diesem Schreiben auffordern",
    Aktart.VERWALTUNGSAKT: "eine der Pflichten aus diesem Bescheid nicht erfüllen",
}

WICHTIGER_GRUND = (
    "Ein wichtiger Grund ist zum Beispiel eine Krankheit mit ärztlicher Bescheinigung. "
    "Sagen Sie uns einen wichtigen Grund bitte sofort und zeigen Sie uns einen Nachweis."
)


@dataclass(frozen=True)
class Belehrung:
    """A notice as the letter prints it: a heading, an opening sentence, one
    line per step of the ladder, further notes."""

    ueberschrift: str
    einleitung: str
    stufen: tuple[str, ...]
    hinweise: tuple[str, ...]
    rechtsstand: Rechtsstand
    berichtet: bool

    @property
    def text(self) -> str:
        teile = [self.ueberschrift, self.einleitung]
        teile += [f"– {zeile}" for zeile in self.stufen]
        teile += list(self.hinweise)
        return "\n".join(teile)


def _stufen_zeilen(leiter: Leiter, leistung: str) -> tuple[str, ...]:
    """One line per step; steps with the same consequence are merged ("Jedes
    Mal", "Ab dem 2. Mal")."""
    gruppen: list[tuple[int, Stufe]] = []
    for nummer, stufe in enumerate(leiter.stufen, 1):
        if gruppen and gruppen[-1][1].gleiche_folge(stufe):
            continue
        gruppen.append((nummer, stufe))
    zeitraum = zeitraum_text(leiter.fenster_monate)
    zeilen = []
    for i, (nummer, stufe) in enumerate(gruppen):
        letzte = i == len(gruppen) - 1
        if len(gruppen) == 1:
            wann = "Jedes Mal"
        elif nummer == 1:
            wann = "Beim 1. Mal"
        elif letzte:
            wann = f"Ab dem {nummer}. Mal innerhalb {zeitraum}"
        else:
            wann = f"Beim {nummer}. Mal innerhalb {zeitraum}"
        zeilen.append(f"{wann}: {stufe.fuer_person(leistung)}.")
    return tuple(zeilen)


def _anhoerung_hinweise(leiter: Leiter) -> tuple[str, ...]:
    formen = {Anhoerungsform(s.anhoerung) for s in leiter.stufen if s.mindert}
    hinweise = ["Bevor wir kürzen, fragen wir Sie nach Ihren Gründen (Anhörung)."]
    if formen & {Anhoerungsform.AUF_VERLANGEN, Anhoerungsform.SOLL_PERSOENLICH}:
        hinweise.append("Sie können verlangen, dass wir dazu persönlich mit Ihnen sprechen.")
    haerteste = next(
        (s for s in leiter.stufen if s.anhoerung is Anhoerungsform.PERSOENLICH_ERFORDERLICH),
        None,
    )
    if haerteste is not None:
        was = {
            Umfang.ALLE_LEISTUNGEN: "alle Zahlungen einstellen",
            Umfang.REGELBEDARF: "den Regelbedarf ganz streichen",
        }.get(haerteste.umfang, "so stark kürzen")
        hinweise.append(f"Bevor wir {was}, laden wir Sie zu einem persönlichen Gespräch ein.")
    return tuple(hinweise)


def rechtsfolgenbelehrung_fuer(rechtsstand: Rechtsstand, art: str) -> Belehrung:
    """The Rechtsfolgenbelehrung of an act of kind ``art`` (Einladung,
    Aufforderung, Bescheid) under ``rechtsstand``."""
    art = Aktart(art)
    if art not in _WENN:
        raise ValueError(f"{art.label} trägt keine Rechtsfolgenbelehrung.")
    ist_meldung = art is Aktart.EINLADUNG
    leiter = rechtsstand.meldeversaeumnis if ist_meldung else rechtsstand.pflichtverletzung
    parameter = ["leistung", "meldeversaeumnis" if ist_meldung else "pflichtverletzung"]
    leistung = rechtsstand.leistung
    hinweise: list[str] = []
    if rechtsstand.minderung_hoechstens_prozent and all(
        s.umfang in (Umfang.KEINE, Umfang.PROZENT) for s in leiter.stufen
    ):
        parameter.append("minderung_hoechstens_prozent")
        hinweise.append(
            f"Alle Kürzungen zusammen betragen höchstens "
            f"{rechtsstand.minderung_hoechstens_prozent} Prozent des Regelbedarfs."
        )
    sonderregel = rechtsstand.arbeitsverweigerung
    if not ist_meldung and sonderregel is not None:
        parameter.append("arbeitsverweigerung")
        hinweise.append(
            "Wenn Sie eine zumutbare Arbeit nicht aufnehmen, die Sie sofort haben könnten, und "
            f"Ihr {leistung} innerhalb {zeitraum_text(sonderregel.fenster_monate)} schon "
            f"wegen einer abgelehnten Arbeit gekürzt wurde, gilt: "
            f"{sonderregel.stufe.fuer_person(leistung)}."
        )
    hinweise += [WICHTIGER_GRUND, *_anhoerung_hinweise(leiter)]
    return Belehrung(
        ueberschrift="Rechtsfolgenbelehrung: Was passiert, wenn Sie nicht mitwirken?",
        einleitung=(
            f"Wenn Sie ohne wichtigen Grund {_WENN[art]}, hat das Folgen für Ihr {leistung}:"
        ),
        stufen=_stufen_zeilen(leiter, leistung),
        hinweise=tuple(hinweise),
        rechtsstand=rechtsstand,
        berichtet=rechtsstand.berichtet(*parameter),
    )


def rechtsfolgenbelehrung(
    art: str, datum: datetime.date, *, erste_einladung_nach_potenzialanalyse: bool = False
) -> Belehrung | None:
    """The Rechtsfolgenbelehrung for an act of kind ``art`` issued on
    ``datum``, under the Rechtsstand that act follows; ``None`` where the act
    carries none (a plan, its Fortschreibung, the first invitation after the
    Potenzialanalyse where the Rechtsstand says so, a path the Rechtsstand
    gives no notice). An act the Rechtsstand
    does not provide raises ``Fachfehler`` with the reason."""
    art = Aktart(art)
    if art in (Aktart.VEREINBARUNG, Aktart.FORTSCHREIBUNG):
        return None
    pruefung = akt_moeglich(art, datum)
    if not pruefung:
        raise Fachfehler(pruefung.begruendung)
    rechtsstand = pruefung.rechtsstand
    if (
        art is Aktart.EINLADUNG
        and erste_einladung_nach_potenzialanalyse
        and rechtsstand.erste_einladung_ohne_rechtsfolgenbelehrung
    ):
        return None
    pfad = {Aktart.AUFFORDERUNG: "aufforderung", Aktart.VERWALTUNGSAKT: "verwaltungsakt"}.get(art)
    if pfad and not getattr(rechtsstand, pfad).mit_rechtsfolgenbelehrung:
        return None
    return rechtsfolgenbelehrung_fuer(rechtsstand, art)


@dataclass(frozen=True)
class Rechtsbehelfsbelehrung:
    ueberschrift: str
    absaetze: tuple[str, ...]
    rechtsstand: Rechtsstand

    @property
    def text(self) -> str:
        return "\n".join((self.ueberschrift, *self.absaetze))


def rechtsbehelfsbelehrung(
    datum: datetime.date, *, stelle: str, anschrift: str
) -> Rechtsbehelfsbelehrung:
    """The Rechtsbehelfsbelehrung of a Bescheid issued on ``datum`` (§ 36 SGB X,
    § 84 SGG): the remedy, the period, the forms, and where (``stelle`` and its
    ``anschrift``, the Jobcenter that issued it)."""
    fehler = {}
    if not stelle.strip():
        fehler["stelle"] = "Bitte nennen Sie die Stelle, bei der Widerspruch einzulegen ist."
    if not anschrift.strip():
        fehler["anschrift"] = "Bitte nennen Sie die Anschrift dieser Stelle."
    if fehler:
        raise Fachfehler(fehler)
    rechtsstand = fuer_akt(Aktart.VERWALTUNGSAKT, datum).rechtsstand
    regel = rechtsstand.rechtsbehelf
    monate = rechtsstand.widerspruchsfrist_monate
    frist = "eines Monats" if monate == 1 else f"von {monate} Monaten"
    formen = ", ".join(regel.formen[:-1]) + f" oder {regel.formen[-1]}"
    anschrift_einzeilig = ", ".join(z.strip() for z in anschrift.splitlines() if z.strip())
    return Rechtsbehelfsbelehrung(
        ueberschrift="Rechtsbehelfsbelehrung",
        absaetze=(
            f"Gegen diesen Bescheid können Sie innerhalb {frist} nach seiner Bekanntgabe "
            f"{regel.rechtsbehelf} einlegen.",
            f"Der {regel.rechtsbehelf} ist {formen} bei {stelle.strip()}, "
            f"{anschrift_einzeilig}, einzulegen.",
            f"Das heißt: Wenn Sie mit diesem Bescheid nicht einverstanden sind, schreiben Sie "
            f"uns innerhalb {frist}. Sie können auch zu uns kommen, dann schreiben wir Ihren "
            f"{regel.rechtsbehelf} für Sie auf.",
        ),
        rechtsstand=rechtsstand,
    )
