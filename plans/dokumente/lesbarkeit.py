"""Plain-language help for the plan (seed 001: "in einfacher Sprache … auch für
Menschen, die noch nicht so gut Deutsch können").

Two heuristics for German, computed by textstat: the Wiener Sachtextformel
(first variant; school grade 4 = very easy … 15 = very hard) and the
Flesch reading ease in Amstad's German form (higher = easier). The target band
WSTF ≤ 7 and Flesch-Amstad ≥ 60 is guidance, never a gate (domain.md).
textstat counts German syllables through hyphenation (pyphen) and leaves
sentences of two words or fewer out of the sentence count: ``HINWEIS`` says so
next to every figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from textstat.textstat import textstatistics

from .inhalt import inhalt_aus_version

WSTF_ZIEL = 7.0
FLESCH_AMSTAD_ZIEL = 60.0
# Leichte/Einfache Sprache: short sentences, short words.
LANGER_SATZ_WOERTER = 12
LANGES_WORT_BUCHSTABEN = 15

HINWEIS = (
    "Richtwerte, keine Pflicht. textstat zählt Silben über die Silbentrennung und "
    "lässt Sätze mit höchstens zwei Wörtern bei der Satzzahl weg."
)

# Official terms and plain alternatives, shown as suggestions. Matched on the
# start of a word, so inflected and compound forms are found as well.
FACHBEGRIFFE: dict[str, str] = {
    "Eingliederungsleistung": "Hilfe vom Jobcenter",
    "Eingliederungsvereinbarung": "Kooperationsplan (unser gemeinsamer Plan)",
    "Eingliederung": "Weg in Arbeit",
    "Maßnahme": "Kurs, Training oder Angebot",
    "Rechtsfolgenbelehrung": "Hinweis, was passiert, wenn Sie etwas nicht tun",
    "Rechtsfolge": "Folge",
    "Leistungsminderung": "weniger Geld",
    "Minderung": "weniger Geld",
    "Sanktion": "weniger Geld",
    "Mitwirkungspflicht": "was Sie tun müssen",
    "Eigenbemühung": "was ich selbst tue",
    "Leistungsberechtigte": "Sie",
    "Arbeitsgelegenheit": "Arbeits-Angebot mit Mehraufwands-Entschädigung",
    "Zumutbarkeit": "ob Ihnen die Arbeit passt",
    "Bewerbungsbemühung": "Bewerbung",
    "Vermittlungsvorschlag": "Stellen-Angebot",
    "Meldeversäumnis": "verpasster Termin",
    "Bedarfsgemeinschaft": "Ihre Familie im Haushalt",
    "Erstattung": "Geld zurück",
    "Kostenübernahme": "das Jobcenter bezahlt",
    "Bewilligung": "Zusage",
    "Antragstellung": "Antrag stellen",
    "unverzüglich": "sofort",
    "gemäß": "nach",
    "bezüglich": "zu",
    "zwecks": "für",
}

_ts = textstatistics()
_ts.set_lang("de")

_SATZ = re.compile(r"[^.!?\n]+[.!?]*")
_WORT = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_BEGRIFFE = [
    (begriff, ersatz, re.compile(rf"\b{re.escape(begriff)}\w*", re.IGNORECASE))
    for begriff, ersatz in FACHBEGRIFFE.items()
]


@dataclass
class Teilbewertung:
    """The readability of one part of the plan."""

    teil: str
    titel: str
    wstf: float | None = None
    flesch_amstad: float | None = None
    lange_saetze: list[str] = field(default_factory=list)
    lange_woerter: list[str] = field(default_factory=list)
    fachbegriffe: list[tuple[str, str]] = field(default_factory=list)

    @property
    def im_zielbereich(self) -> bool | None:
        if self.wstf is None:
            return None
        return self.wstf <= WSTF_ZIEL and self.flesch_amstad >= FLESCH_AMSTAD_ZIEL


def wiener_sachtextformel(text: str) -> float | None:
    """First Wiener Sachtextformel; ``None`` for a text without words."""
    if not _WORT.search(text or ""):
        return None
    return round(float(_ts.wiener_sachtextformel(text, 1)), 1)


def flesch_amstad(text: str) -> float | None:
    if not _WORT.search(text or ""):
        return None
    return round(float(_ts.flesch_reading_ease(text)), 1)


def als_dezimal(wert: float | None) -> Decimal | None:
    """For ``PlanVersion.lesbarkeit_wstf`` (one decimal)."""
    if wert is None:
        return None
    return Decimal(str(wert)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def lange_saetze(text: str) -> list[str]:
    return [
        s.strip() for s in _SATZ.findall(text or "") if len(_WORT.findall(s)) > LANGER_SATZ_WOERTER
    ]


def lange_woerter(text: str) -> list[str]:
    """Long words; a word with hyphens ("Bewerbungs-Training") is already
    split the way plain language recommends, so each part counts alone."""
    gefunden: list[str] = []
    for wort in _WORT.findall(text or ""):
        if any(len(t) >= LANGES_WORT_BUCHSTABEN for t in wort.split("-")):
            if wort not in gefunden:
                gefunden.append(wort)
    return gefunden


def fachbegriffe(text: str) -> list[tuple[str, str]]:
    """(word as written, plain alternative) for each official term found."""
    gefunden: list[tuple[str, str]] = []
    belegt: list[tuple[int, int]] = []
    for _begriff, ersatz, muster in _BEGRIFFE:
        for treffer in muster.finditer(text or ""):
            # A longer term found first ("Eingliederungsleistung") wins over
            # its prefix ("Eingliederung").
            if any(a <= treffer.start() < e for a, e in belegt):
                continue
            belegt.append(treffer.span())
            eintrag = (treffer.group(0), ersatz)
            if eintrag not in gefunden:
                gefunden.append(eintrag)
    return gefunden


def bewerten(teil: str, titel: str, text: str) -> Teilbewertung:
    return Teilbewertung(
        teil=teil,
        titel=titel,
        wstf=wiener_sachtextformel(text),
        flesch_amstad=flesch_amstad(text),
        lange_saetze=lange_saetze(text),
        lange_woerter=lange_woerter(text),
        fachbegriffe=fachbegriffe(text),
    )


def lesbarkeit_des_plans(version) -> Decimal | None:
    """The WSTF of the whole plan as the person reads it, stored with each
    agreed version."""
    texte = inhalt_aus_version(version).texte().values()
    return als_dezimal(wiener_sachtextformel("\n".join(texte)))
