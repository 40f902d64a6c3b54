"""Plain-language help for the plan (seed 001: "in einfacher Sprache … auch für
Menschen, die noch nicht so gut Deutsch können").

Two heuristics for German, computed by textstat: the Wiener Sachtextformel
(first variant; school grade 4 = very easy … 15 = very hard) and the
Flesch reading ease in Amstad's German form (higher = easier). The target band
WSTF ≤ 7 and Flesch-Amstad ≥ 60 is guidance, never a gate (domain.md).

Both formulas average over sentences and words, so a short part gives a figure
that one word moves by whole grades: the seed's own model sentence "Ich will
wieder als Friseurin arbeiten." comes out at WSTF 9.3. A part therefore gets a
figure only from ``MINDEST_SAETZE`` sentences and ``MINDEST_WOERTER`` words on;
below that the editor says plainly why there is none. The hints on long
sentences, long words and official terms hold for any length.
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

# Three sentences are the fewest over which a mean sentence length says
# anything; from 40 words on, one word that turns long moves each share by
# 2.5 points, together less than one WSTF grade (on six words: four grades).
MINDEST_SAETZE = 3
MINDEST_WOERTER = 40

HINWEIS = (
    "Richtwerte, keine Pflicht: Die Zahlen schätzen, wie leicht sich ein Text liest. "
    "Kurze Sätze und kurze Wörter lesen sich leichter. Eine Zahl gibt es nur "
    f"für Teile mit mindestens {MINDEST_SAETZE} Sätzen und {MINDEST_WOERTER} Wörtern."
)

# Official terms and plain alternatives, shown as suggestions. Matched on the
# start of a word, so inflected and compound forms are found as well. The plan
# speaks as the person ("Ich …"), so the alternatives do too: a suggestion in
# "Sie" would change the voice in the middle of the plan.
FACHBEGRIFFE: dict[str, str] = {
    "Eingliederungsleistung": "Hilfe vom Jobcenter",
    "Eingliederungsvereinbarung": "Kooperationsplan (unser gemeinsamer Plan)",
    "Eingliederung": "Weg in Arbeit",
    "Maßnahme": "Kurs, Training oder Angebot",
    "Rechtsfolgenbelehrung": "Hinweis, was passiert, wenn ich etwas nicht tue",
    "Rechtsfolge": "Folge",
    "Leistungsminderung": "weniger Geld",
    "Minderung": "weniger Geld",
    "Sanktion": "weniger Geld",
    "Mitwirkungspflicht": "was ich tun muss",
    "Eigenbemühung": "was ich selbst tue",
    "Leistungsberechtigte": "ich",
    "Arbeitsgelegenheit": "Arbeits-Angebot mit Mehraufwands-Entschädigung",
    "Zumutbarkeit": "ob die Arbeit zu mir passt",
    "Bewerbungsbemühung": "Bewerbung",
    "Vermittlungsvorschlag": "Stellen-Angebot",
    "Meldeversäumnis": "verpasster Termin",
    "Bedarfsgemeinschaft": "meine Familie im Haushalt",
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
    saetze: int = 0
    woerter: int = 0

    @property
    def messbar(self) -> bool:
        return self.wstf is not None

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


def satzzahl(text: str) -> int:
    """Sentences with at least one word; each line of a part (an item) ends
    one, with or without a full stop."""
    return sum(1 for s in _SATZ.findall(text or "") if _WORT.search(s))


def wortzahl(text: str) -> int:
    return len(_WORT.findall(text or ""))


def genug_text(text: str) -> bool:
    """Whether a part is long enough for a readability figure to mean anything."""
    return satzzahl(text) >= MINDEST_SAETZE and wortzahl(text) >= MINDEST_WOERTER


def bewerten(teil: str, titel: str, text: str) -> Teilbewertung:
    messbar = genug_text(text)
    return Teilbewertung(
        teil=teil,
        titel=titel,
        wstf=wiener_sachtextformel(text) if messbar else None,
        flesch_amstad=flesch_amstad(text) if messbar else None,
        saetze=satzzahl(text),
        woerter=wortzahl(text),
        lange_saetze=lange_saetze(text),
        lange_woerter=lange_woerter(text),
        fachbegriffe=fachbegriffe(text),
    )


def lesbarkeit_des_plans(version) -> Decimal | None:
    """The WSTF of the whole plan as the person reads it, stored with each
    agreed version."""
    texte = inhalt_aus_version(version).texte().values()
    return als_dezimal(wiener_sachtextformel("\n".join(texte)))
