"""What a Rechtsstand is: every legal parameter the acts need, each value with
its source, valid from a start date.

A Rechtsstand is a frozen value. The entries live in
``kooperation/rechtsstaende.py``; a later one is written as "the previous one,
except ..." (``Rechtsstand.ab``), so a change of the law is one entry that names
only what changed, each changed value with its source. Nothing here touches
the database: the table ``kooperation.Rechtsstand`` is a mirror of these
entries for foreign keys and the admin."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from django.db import models

T = TypeVar("T")


# --- Sources -------------------------------------------------------------


@dataclass(frozen=True)
class Quelle:
    """Where a value comes from.

    ``berichtet``: reported (press, practitioners, a draft bill), not checked
    against the promulgated statute or a commentary quoting it. ``vorgabe``: no
    legal value at all but a default of this software that a Jobcenter setting
    may replace (e.g. what counts as an "angemessene" hearing period)."""

    text: str
    berichtet: bool = False
    vorgabe: bool = False

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("Eine Quelle braucht einen Text.")
        if self.berichtet and self.vorgabe:
            raise ValueError("Ein Wert ist entweder berichtet oder eine Vorgabe, nicht beides.")

    @property
    def kennzeichen(self) -> str:
        if self.berichtet:
            return "berichtet, nicht am Gesetzestext geprüft"
        if self.vorgabe:
            return "Vorgabe dieser Software, keine Rechtsnorm"
        return "geprüft"


def geprueft(text: str) -> Quelle:
    return Quelle(text)


def berichtet(text: str) -> Quelle:
    return Quelle(text, berichtet=True)


def vorgabe(text: str) -> Quelle:
    return Quelle(text, vorgabe=True)


@dataclass(frozen=True)
class Belegt(Generic[T]):
    """A parameter value together with its source, as entries write them."""

    wert: T
    quelle: Quelle


# --- The kinds of acts and breaches ----------------------------------------


class Aktart(models.TextChoices):
    """The legal acts whose Rechtsstand is chosen by date."""

    EINLADUNG = "einladung", "Einladung"
    SCHLICHTUNG_BEGINN = "schlichtung_beginn", "Beginn einer Schlichtung"
    SCHLICHTUNG_ENDE = "schlichtung_ende", "Ende einer Schlichtung"
    AUFFORDERUNG = "aufforderung", "Aufforderung mit Rechtsfolgenbelehrung"
    VERWALTUNGSAKT = "verwaltungsakt", "Bescheid (Pflichten per Verwaltungsakt)"
    PFLICHTVERLETZUNG = "pflichtverletzung", "Pflichtverletzung"
    MELDEVERSAEUMNIS = "meldeversaeumnis", "Meldeversäumnis"
    ANHOERUNG = "anhoerung", "Anhörung"
    VEREINBARUNG = "vereinbarung", "Vereinbarung eines Plans"
    FORTSCHREIBUNG = "fortschreibung", "Fortschreibung eines Plans"


# How the reason sentence names the act ("Bescheid am 05.08.2026 erlassen").
ANLASS = {
    Aktart.EINLADUNG: "Einladung am {datum} verschickt",
    Aktart.SCHLICHTUNG_BEGINN: "Schlichtung am {datum} begonnen",
    Aktart.SCHLICHTUNG_ENDE: "Schlichtung am {datum} beendet",
    Aktart.AUFFORDERUNG: "Aufforderung am {datum} erlassen",
    Aktart.VERWALTUNGSAKT: "Bescheid am {datum} erlassen",
    Aktart.PFLICHTVERLETZUNG: "Pflichtverletzung am {datum}",
    Aktart.MELDEVERSAEUMNIS: "Meldeversäumnis am {datum}",
    Aktart.ANHOERUNG: "Anhörung am {datum} begonnen",
    Aktart.VEREINBARUNG: "Plan am {datum} vereinbart",
    Aktart.FORTSCHREIBUNG: "Plan am {datum} fortgeschrieben",
}
# The same where the day the procedure began decides (a transition rule).
ANLASS_BEGINN = {Aktart.SCHLICHTUNG_ENDE: "Schlichtung am {datum} begonnen"}


class Verstossart(models.TextChoices):
    """Breaches that can lead to a reduction (Minderung)."""

    PFLICHTVERLETZUNG = "pflichtverletzung", "Pflichtverletzung"
    ARBEITSVERWEIGERUNG = "arbeitsverweigerung", "Ablehnung einer zumutbaren Arbeit"
    MELDEVERSAEUMNIS = "meldeversaeumnis", "Meldeversäumnis"

    @property
    def aktart(self) -> Aktart:
        if self is Verstossart.MELDEVERSAEUMNIS:
            return Aktart.MELDEVERSAEUMNIS
        return Aktart.PFLICHTVERLETZUNG


class Bezug(models.TextChoices):
    """Which day decides the Rechtsstand of an act (a transition rule)."""

    AKT = "akt", "Tag des Akts"
    BEGINN = "beginn", "Tag, an dem das Verfahren begann"
    TAT = "tat", "Tag des Verstoßes"


class Anhoerungsform(models.TextChoices):
    """How the person is heard (§ 24 SGB X) before a reduction."""

    SCHRIFTLICH = "schriftlich", "schriftliche Anhörung genügt"
    AUF_VERLANGEN = "auf_verlangen", "persönliche Anhörung, wenn die Person es verlangt"
    SOLL_PERSOENLICH = "soll_persoenlich", "Anhörung soll persönlich sein"
    PERSOENLICH_ERFORDERLICH = (
        "persoenlich_erforderlich",
        "persönliche Anhörung muss angeboten worden sein",
    )


class Umfang(models.TextChoices):
    KEINE = "keine", "keine Minderung"
    PROZENT = "prozent", "Minderung um einen Prozentsatz des Regelbedarfs"
    REGELBEDARF = "regelbedarf", "Wegfall des ganzen Regelbedarfs"
    ALLE_LEISTUNGEN = "alle_leistungen", "Einstellung aller Zahlungen"


class Fensterbezug(models.TextChoices):
    """From which day an earlier breach is measured when asking "repeated?"."""

    VERSTOSS = "verstoss", "Tag des früheren Verstoßes"
    MINDERUNGSBEGINN = "minderungsbeginn", "Beginn der früheren Minderung"


# --- Rules ---------------------------------------------------------------


def monate_text(monate: int) -> str:
    return "1 Monat" if monate == 1 else f"{monate} Monate"


def zeitraum_text(monate: int) -> str:
    """'eines Jahres' for 12 months, else 'von 6 Monaten' (after 'innerhalb')."""
    if monate == 12:
        return "eines Jahres"
    return "eines Monats" if monate == 1 else f"von {monate} Monaten"


@dataclass(frozen=True)
class Stufe:
    """One step of a ladder of consequences. ``monate`` None: until the person
    cooperates again."""

    umfang: str
    prozent: int | None = None
    monate: int | None = None
    anhoerung: str = Anhoerungsform.SCHRIFTLICH

    def __post_init__(self) -> None:
        object.__setattr__(self, "umfang", Umfang(self.umfang))
        object.__setattr__(self, "anhoerung", Anhoerungsform(self.anhoerung))
        if (self.umfang is Umfang.PROZENT) != (self.prozent is not None):
            raise ValueError("Ein Prozentsatz gehört genau zur Minderung um einen Prozentsatz.")
        if self.prozent is not None and not 1 <= self.prozent <= 100:
            raise ValueError("Der Prozentsatz liegt zwischen 1 und 100.")
        if self.monate is not None and self.monate < 1:
            raise ValueError("Eine Minderung dauert mindestens einen Monat.")
        if self.umfang is Umfang.KEINE and self.monate is not None:
            raise ValueError("Ohne Minderung gibt es keine Dauer.")

    @property
    def mindert(self) -> bool:
        return self.umfang is not Umfang.KEINE

    def gleiche_folge(self, andere: Stufe) -> bool:
        return (self.umfang, self.prozent, self.monate) == (
            andere.umfang,
            andere.prozent,
            andere.monate,
        )

    def beschreibung(self) -> str:
        """For staff and the benefits team."""
        dauer = f" für {monate_text(self.monate)}" if self.monate else ", bis die Person mitwirkt"
        match self.umfang:
            case Umfang.KEINE:
                return "keine Minderung"
            case Umfang.PROZENT:
                return f"Minderung um {self.prozent} % des Regelbedarfs{dauer}"
            case Umfang.REGELBEDARF:
                return f"Wegfall des ganzen Regelbedarfs{dauer}"
            case _:
                return f"Einstellung aller Zahlungen{dauer}"

    def fuer_person(self, leistung: str) -> str:
        """Plain language, addressed to the person ("Wir kürzen Ihr ...")."""
        dauer = f"{monate_text(self.monate)} lang" if self.monate else "bis Sie wieder mitwirken"
        match self.umfang:
            case Umfang.KEINE:
                return "Wir kürzen noch nichts"
            case Umfang.PROZENT:
                return (
                    f"Wir kürzen Ihr {leistung} {dauer} um {self.prozent} Prozent des Regelbedarfs"
                )
            case Umfang.REGELBEDARF:
                return f"Wir zahlen {dauer} keinen Regelbedarf"
            case _:
                return f"Wir stellen alle Zahlungen ein, {dauer}"


@dataclass(frozen=True)
class Leiter:
    """The consequences of the 1st, 2nd, ... relevant breach of one kind: an
    earlier breach is relevant if it counted and lies within the window. From
    the last step on, every further breach has the last step's consequence."""

    stufen: tuple[Stufe, ...]
    fenster_monate: int
    fenster_ab: str = Fensterbezug.VERSTOSS

    def __post_init__(self) -> None:
        object.__setattr__(self, "fenster_ab", Fensterbezug(self.fenster_ab))
        if not self.stufen:
            raise ValueError("Eine Leiter braucht mindestens eine Stufe.")
        if self.fenster_monate < 1:
            raise ValueError("Das Fenster umfasst mindestens einen Monat.")

    def stufe(self, nummer: int) -> Stufe:
        if nummer < 1:
            raise ValueError("Gezählt wird ab dem ersten Verstoß.")
        return self.stufen[min(nummer, len(self.stufen)) - 1]

    def beschreibung(self) -> str:
        teile = [
            f"{n}. {s.beschreibung()}"
            + (f" ({Anhoerungsform(s.anhoerung).label})" if s.mindert else "")
            for n, s in enumerate(self.stufen, 1)
        ]
        return (
            "; ".join(teile)
            + f". Wiederholt: innerhalb {zeitraum_text(self.fenster_monate)}, gemessen ab "
            + f"{Fensterbezug(self.fenster_ab).label}."
        )


@dataclass(frozen=True)
class Sonderregel:
    """A consequence that replaces the ladder's step when an earlier counted
    breach of the same kind lies within the window (§ 31a Abs. 7 SGB II, 2024:
    refusal of work after a reduction for refused work within a year)."""

    stufe: Stufe
    fenster_monate: int

    def beschreibung(self) -> str:
        return (
            f"Nach einer Minderung wegen abgelehnter Arbeit innerhalb "
            f"{zeitraum_text(self.fenster_monate)}: {self.stufe.beschreibung()}"
        )


@dataclass(frozen=True)
class Schlichtungsregel:
    """§ 15a SGB II (2023): a person not involved so far and not bound by
    instructions; at most ``hoechstdauer_wochen``; during it, breaches of § 31
    lead to no reduction."""

    hoechstdauer_wochen: int
    keine_minderung_waehrenddessen: bool
    schlichter_unbeteiligt: bool

    def beschreibung(self) -> str:
        teile = [f"höchstens {self.hoechstdauer_wochen} Wochen"]
        if self.schlichter_unbeteiligt:
            teile.append("mit einer bisher unbeteiligten, nicht weisungsgebundenen Person")
        if self.keine_minderung_waehrenddessen:
            teile.append("währenddessen keine Minderung wegen Pflichtverletzungen")
        return ", ".join(teile)


@dataclass(frozen=True)
class Pflichtenpfad:
    """A way to demand obligations with legal force: the Aufforderung of § 15
    Abs. 5 and 6 SGB II (2023) or the Bescheid setting obligations (2026);
    when it is open (no plan came about, agreements not kept) and whether it
    carries a Rechtsfolgenbelehrung."""

    vorschrift: str
    bei_nichteinigung: bool
    bei_nichteinhaltung: bool
    mit_rechtsfolgenbelehrung: bool

    def beschreibung(self) -> str:
        return _pfad_beschreibung(self)


def _pfad_beschreibung(regel: Pflichtenpfad) -> str:
    wann = [
        text
        for gilt, text in (
            (regel.bei_nichteinigung, "wenn kein Plan zustande kommt"),
            (regel.bei_nichteinhaltung, "wenn Absprachen nicht eingehalten werden"),
        )
        if gilt
    ]
    belehrung = "mit Rechtsfolgenbelehrung" if regel.mit_rechtsfolgenbelehrung else "ohne Belehrung"
    return f"{regel.vorschrift}: {' oder '.join(wann)}; {belehrung}"


@dataclass(frozen=True)
class Rechtsbehelfsregel:
    """What a Rechtsbehelfsbelehrung names (§ 36 SGB X, § 84 SGG): the remedy,
    the period, the forms, where to file it."""

    rechtsbehelf: str
    formen: tuple[str, ...]

    def beschreibung(self) -> str:
        return f"{self.rechtsbehelf}; Formen: {', '.join(self.formen)}"


@dataclass(frozen=True)
class Uebergangsregel:
    """Which day decides the Rechtsstand of an act of this kind, and how the
    reason sentence says so ("läuft nach § 15a bis zu ihrem Ende")."""

    bezug: str
    text: str
    herkunft: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "bezug", Bezug(self.bezug))


# --- The Rechtsstand ------------------------------------------------------


def _parameter(bezeichnung: str) -> Any:
    return field(metadata={"parameter": bezeichnung})


@dataclass(frozen=True, eq=False)
class Rechtsstand:
    """The legal rules in force from ``gueltig_ab`` until the next entry starts.

    Every field marked as a parameter has a source in ``quellen``. Paths that
    do not exist under this Rechtsstand are ``None`` (e.g. ``schlichtung``)."""

    schluessel: str
    bezeichnung: str
    gueltig_ab: datetime.date
    aenderung: str
    quellen: Mapping[str, Quelle]

    leistung: str = _parameter("Name der Leistung")
    ueberpruefung_spaetestens_monate: int = _parameter(
        "Überprüfung des Plans spätestens nach (Monaten)"
    )
    erste_einladung_ohne_rechtsfolgenbelehrung: bool = _parameter(
        "Erste Einladung nach der Potenzialanalyse ohne Rechtsfolgenbelehrung"
    )
    vermittlungsvorrang: bool = _parameter("Vorrang der Vermittlung in Arbeit")
    schlichtung: Schlichtungsregel | None = _parameter("Schlichtung bei Nichteinigung")
    aufforderung: Pflichtenpfad | None = _parameter("Aufforderung mit Rechtsfolgenbelehrung")
    verwaltungsakt: Pflichtenpfad | None = _parameter("Pflichten per Verwaltungsakt (Bescheid)")
    pflichtverletzung: Leiter = _parameter("Folgen von Pflichtverletzungen")
    arbeitsverweigerung: Sonderregel | None = _parameter(
        "Sonderregel bei Ablehnung zumutbarer Arbeit"
    )
    meldeversaeumnis: Leiter = _parameter("Folgen von Meldeversäumnissen")
    minderung_hoechstens_prozent: int | None = _parameter(
        "Minderungen zusammen höchstens (Prozent des Regelbedarfs)"
    )
    minderung_feststellbar_monate: int = _parameter(
        "Minderung feststellbar bis (Monate nach der Pflichtverletzung)"
    )
    zugangsfiktion_tage: int = _parameter(
        "Brief gilt als bekannt gegeben am … Tag nach Aufgabe zur Post"
    )
    zugangsfiktion_verschiebt_sich: bool = _parameter(
        "Bekanntgabetag rückt von Sonnabend, Sonntag, Feiertag auf den nächsten Werktag"
    )
    widerspruchsfrist_monate: int = _parameter("Widerspruchsfrist (Monate nach Bekanntgabe)")
    fristende_verschiebt_sich: bool = _parameter(
        "Fristende rückt von Sonnabend, Sonntag, Feiertag auf den nächsten Werktag"
    )
    rechtsbehelf: Rechtsbehelfsregel = _parameter("Rechtsbehelfsbelehrung")
    anhoerung_antwortfrist_arbeitstage: int = _parameter("Antwortfrist der Anhörung (Arbeitstage)")
    uebergaenge: Mapping[str, Uebergangsregel] = _parameter("Übergangsregeln")

    def __post_init__(self) -> None:
        fehlend = [n for n in parameter_namen() if n not in self.quellen]
        if fehlend:
            raise ValueError(f"{self.schluessel}: ohne Quelle: {', '.join(fehlend)}")
        fremd = set(self.quellen) - set(parameter_namen())
        if fremd:
            raise ValueError(f"{self.schluessel}: Quelle für Unbekanntes: {sorted(fremd)}")
        object.__setattr__(self, "quellen", MappingProxyType(dict(self.quellen)))
        object.__setattr__(
            self,
            "uebergaenge",
            MappingProxyType({Aktart(k): v for k, v in self.uebergaenge.items()}),
        )
        if self.schlichtung is not None and self.schlichtung.hoechstdauer_wochen < 1:
            raise ValueError(f"{self.schluessel}: Eine Schlichtung braucht eine Höchstdauer.")
        if not 1 <= self.ueberpruefung_spaetestens_monate <= 24:
            raise ValueError(f"{self.schluessel}: Überprüfung nach 1 bis 24 Monaten.")

    @classmethod
    def erster(
        cls,
        gueltig_ab: datetime.date,
        *,
        schluessel: str,
        bezeichnung: str,
        aenderung: str,
        **parameter: Belegt,
    ) -> Rechtsstand:
        """The first entry: every parameter given, each with its source."""
        _pruefe_belegt(schluessel, parameter)
        return cls(
            schluessel=schluessel,
            bezeichnung=bezeichnung,
            gueltig_ab=gueltig_ab,
            aenderung=aenderung,
            quellen={n: b.quelle for n, b in parameter.items()},
            **{n: b.wert for n, b in parameter.items()},
        )

    def ab(
        self,
        gueltig_ab: datetime.date,
        *,
        schluessel: str,
        bezeichnung: str | None = None,
        aenderung: str,
        **aenderungen: Belegt,
    ) -> Rechtsstand:
        """The next entry: this one, except the parameters named (each with
        its source). Values not named keep their value and their source."""
        if gueltig_ab <= self.gueltig_ab:
            raise ValueError(f"{schluessel} muss nach {self.schluessel} beginnen.")
        _pruefe_belegt(schluessel, aenderungen)
        return dataclasses.replace(
            self,
            schluessel=schluessel,
            bezeichnung=bezeichnung or self.bezeichnung,
            gueltig_ab=gueltig_ab,
            aenderung=aenderung,
            quellen={**self.quellen, **{n: b.quelle for n, b in aenderungen.items()}},
            **{n: b.wert for n, b in aenderungen.items()},
        )

    def quelle(self, parameter: str) -> Quelle:
        return self.quellen[parameter]

    def berichtet(self, *parameter: str) -> bool:
        """Whether any of the named parameters (all, if none named) is reported."""
        return any(self.quellen[n].berichtet for n in parameter or parameter_namen())

    def parameter(self) -> Iterator[tuple[str, str, Any, Quelle]]:
        """(name, German label, value, source) for every parameter, in order."""
        for f in dataclasses.fields(self):
            if "parameter" in f.metadata:
                yield f.name, f.metadata["parameter"], getattr(self, f.name), self.quellen[f.name]

    @property
    def gueltig_ab_text(self) -> str:
        return f"{self.gueltig_ab:%d.%m.%Y}"

    def __str__(self) -> str:
        return f"{self.bezeichnung} ab {self.gueltig_ab_text}"

    def __repr__(self) -> str:
        return f"<Rechtsstand {self.schluessel}>"


def parameter_namen() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Rechtsstand) if "parameter" in f.metadata)


def _pruefe_belegt(schluessel: str, werte: Mapping[str, object]) -> None:
    namen = set(parameter_namen())
    for name, wert in werte.items():
        if name not in namen:
            raise TypeError(f"{schluessel}: „{name}“ ist kein Parameter eines Rechtsstands.")
        if not isinstance(wert, Belegt):
            raise TypeError(f"{schluessel}: „{name}“ braucht eine Quelle (Belegt(wert, quelle)).")


def anzeigen(wert: object) -> str:
    """A parameter value as German text for the admin and the README."""
    if wert is None:
        return "entfällt"
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, Mapping):
        return "; ".join(
            f"{Aktart(art).label}: {regel.text} ({Bezug(regel.bezug).label})"
            for art, regel in wert.items()
        )
    beschreibung = getattr(wert, "beschreibung", None)
    if callable(beschreibung):
        return beschreibung()
    return str(wert)
