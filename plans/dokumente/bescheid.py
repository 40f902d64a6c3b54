"""The Bescheid (or Aufforderung) as the letter the person receives: plain
language, what to do on the first page, the legal notices after it (two
pages at most). Laid out with the plan's fonts and fetcher (``pdf.layout``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from kooperation.recht import Anlass
from kooperation.rechtsregeln import Aktart

from .inhalt import jobcenterkontakt
from .pdf import MINDESTSCHRIFT_PT, Ergebnis, layout, schreiben
from .uebersetzungen import ARABISCH, KYRILLISCH

# The letter never runs longer than this (the legal notices may take a second page).
HOECHSTENS_SEITEN = 2


def _zeilen(text: str) -> list[str]:
    """One obligation or offer per line, leading dashes and bullets dropped."""
    return [z.strip().lstrip("-•*– ").strip() for z in text.splitlines() if z.strip()]


def _belehrung(text: str, titel: str) -> dict:
    """A notice as stored (the Rechtsstand's wording opens with its own title
    line): that line becomes the heading, so it is not printed twice."""
    zeilen = text.strip().splitlines()
    if len(zeilen) > 1 and len(zeilen[0]) <= 90:
        return {"titel": zeilen[0].strip(), "text": "\n".join(zeilen[1:]).strip()}
    return {"titel": titel, "text": text.strip()}


class BescheidPdf:
    template_name = "plans/pdf/bescheid.html"

    def __init__(self, bescheid):
        self.bescheid = bescheid

    def get_context_data(self) -> dict:
        b = self.bescheid
        person = b.plan.leistungsberechtigter
        pflichten, angebote = b.pflicht_punkte, b.angebot_punkte
        texte = " ".join(
            [person.vorname, person.nachname, person.strasse, person.ort, b.pflichten, b.angebote]
        )
        return {
            "b": b,
            "bescheid": b.art == Aktart.VERWALTUNGSAKT,
            "nichteinhaltung": b.anlass == Anlass.NICHTEINHALTUNG,
            "person": person,
            "jobcenter": jobcenterkontakt(person.jobcenter),
            # Items where the Bescheid has them; an Aufforderung (and a letter
            # from before items) lists its text line by line.
            "pflichten": pflichten or [{"was": z} for z in _zeilen(b.pflichten)],
            "angebote": angebote or [{"was": z} for z in _zeilen(b.angebote)],
            "rechtsfolgen": _belehrung(b.rechtsfolgenbelehrung, "Rechtsfolgenbelehrung"),
            "rechtsbehelf": _belehrung(b.rechtsbehelfsbelehrung, "Rechtsbehelfsbelehrung"),
            "mindestschrift": MINDESTSCHRIFT_PT,
            "kyrillisch": bool(KYRILLISCH.search(texte)),
            "arabisch": bool(ARABISCH.search(texte)),
        }

    def html(self) -> str:
        return render_to_string(self.template_name, self.get_context_data())

    def render(self) -> Ergebnis:
        dokument = layout(self.html())
        return Ergebnis(seiten=len(dokument.pages), hoehen={}, pdf=schreiben(dokument))
