"""What in an item's text looks like personal data, before it goes to the
kommunaler Träger.

The Träger decides on a § 16a item under a pseudonym (§ 35 SGB I: it learns
what it needs, not who the person is). A pseudonym helps nothing when the
IFK typed the name, the birth year or the Kundennummer into the item, so the
text is read for what identifies the person: her names and those of her
gesetzliche Vertreter (compared folded, as the caseload's search compares:
"Mueller" is "Müller"), her address, dates and birth years, ages,
Kundennummer and BG-Nummer (her own and anything in the Jobcenter's formats),
phone numbers (Google's libphonenumber rules, German numbering plan), e-mail
addresses and IBANs. The check errs on the side of a finding: the IFK
rewrites a sentence rather than the Träger reading a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from cases.suchname import falten

# Name particles and very short parts match ordinary words ("von", "de"); the
# rest of the name still counts.
_PARTIKEL = {"von", "van", "vom", "zu", "zum", "der", "den", "de", "di", "da", "del", "la", "le"}
_MONATE = (
    "januar|jaenner|jänner|februar|maerz|märz|april|mai|juni|juli|august|september|"
    "oktober|november|dezember|jan|feb|mrz|apr|jun|jul|aug|sep|sept|okt|nov|dez"
)
_MUSTER: tuple[tuple[str, re.Pattern], ...] = (
    ("Datum", re.compile(r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?![\d])")),
    ("Datum", re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)")),
    ("Datum", re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?!\d)")),
    ("Datum", re.compile(rf"(?<!\d)\d{{1,2}}\.?\s*(?:{_MONATE})\.?\s+\d{{4}}", re.IGNORECASE)),
    (
        "Geburtsjahr oder Geburtsdatum",
        re.compile(
            r"\b(?:geb(?:oren)?\.?|jahrgang|jg\.?|baujahr|geburtsjahr|geburtsdatum)\s*:?\s*"
            r"(?:(?:am|im|in|von)\s+)?\d{2,4}",
            re.IGNORECASE,
        ),
    ),
    (
        "Alter der Person",
        re.compile(
            r"(?<!\d)\d{1,3}\s*(?:-\s*)?(?:jahre|jährige[rn]?|jaehrige[rn]?|j\.)\s*alt\b"
            r"|\b\d{1,3}\s*-?\s*jährige[rn]?\b|\balter\s*:?\s*\d{1,3}\b",
            re.IGNORECASE,
        ),
    ),
    # The Bundesagentur's Kundennummer (e.g. 123D456789) and BG-Nummer
    # (e.g. 12345BG1234567), with or without spaces.
    ("Kundennummer", re.compile(r"(?<![\dA-Za-z])\d{3}\s?[A-Za-z]\s?\d{5,7}(?![\d])")),
    ("Nummer der Bedarfsgemeinschaft", re.compile(r"\d{5}\s?BG\s?\d{5,7}", re.IGNORECASE)),
    ("E-Mail-Adresse", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b")),
)


@dataclass(frozen=True)
class Fund:
    """One passage that looks like personal data: what it is, and the passage."""

    art: str
    stelle: str


def _namensteile(*namen: str) -> set[str]:
    teile = set()
    for name in namen:
        for teil in falten(name).split():
            if len(teil) >= 3 and teil not in _PARTIKEL:
                teile.add(teil)
    return teile


def _ziffern(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _woerter(text: str) -> list[tuple[str, str]]:
    """The text's words as (folded, as typed)."""
    ergebnis = []
    for wort in re.findall(r"[\w'’-]+", text):
        for teil in falten(wort).split():
            ergebnis.append((teil, wort))
    return ergebnis


def personenbezug(text: str, person=None) -> list[Fund]:
    """What in ``text`` looks like personal data, in the order of the checks.
    ``person`` (a Leistungsberechtigter, optional) adds her own data: names,
    her representatives' names, birth year, Kundennummer, address, phone."""
    text = text or ""
    funde: list[Fund] = []
    gesehen: set[tuple[str, str]] = set()

    def fund(art: str, stelle: str) -> None:
        if (art, stelle) not in gesehen:
            gesehen.add((art, stelle))
            funde.append(Fund(art, stelle.strip()))

    if person is not None:
        woerter = _woerter(text)
        eigene = _namensteile(person.vorname, person.nachname)
        vertreter = _namensteile(*(v.name for v in person.vertreter.all()))
        strasse = _namensteile(re.sub(r"\d.*", "", person.strasse or ""))
        for gefaltet, wort in woerter:
            if gefaltet in eigene:
                fund("Name der Person", wort)
            elif gefaltet in vertreter:
                fund("Name des gesetzlichen Vertreters", wort)
            elif gefaltet in strasse:
                fund("Anschrift der Person", wort)
        if person.geburtsdatum:
            for treffer in re.finditer(rf"(?<!\d){person.geburtsdatum.year}(?!\d)", text):
                fund("Geburtsjahr der Person", treffer.group())
        kundennummer = re.sub(r"[\s-]", "", person.kundennummer or "").lower()
        if len(kundennummer) >= 4 and kundennummer in re.sub(r"[\s-]", "", text).lower():
            fund("Kundennummer der Person", person.kundennummer)
        telefon = _ziffern(person.telefon)
        if len(telefon) >= 6 and telefon in _ziffern(text):
            fund("Telefonnummer", person.telefon)
    for art, muster in _MUSTER:
        for treffer in muster.finditer(text):
            fund(art, treffer.group())
    for treffer in phonenumbers.PhoneNumberMatcher(text, "DE"):
        fund("Telefonnummer", treffer.raw_string)
    return funde


def beschreibung(funde: list[Fund]) -> str:
    """The findings for a message: "Name der Person („Müller“), Datum („12.03.1985“)"."""
    return ", ".join(f"{f.art} („{f.stelle}“)" for f in funde)
