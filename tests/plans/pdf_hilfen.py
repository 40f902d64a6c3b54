"""Reading rendered plans back with pypdf, and plans of known length."""

import io
import re

from pypdf import PdfReader

from plans.models import PlanEintrag


def lesen(pdf: bytes) -> tuple[int, str]:
    """(page count, text with all whitespace collapsed)."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(seite.extract_text() or "" for seite in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def eintraege(version, teil, texte, **felder):
    for n, text in enumerate(texte):
        PlanEintrag.objects.create(version=version, teil=teil, text=text, reihenfolge=n, **felder)


WEG = [
    "Ich suche mir einen Deutsch-Kurs.",
    "Ich gehe zum Bewerbungs-Training.",
    "Ich schreibe meinen Lebenslauf neu.",
    "Ich mache ein Praktikum im Friseursalon.",
    "Ich frage bei der Kita nach einem Platz für meinen Sohn.",
    "Ich lerne jeden Tag eine halbe Stunde Deutsch mit einer App.",
]
UNTERSTUETZUNG = [
    "Das Jobcenter übernimmt die Kosten für den Sprachkurs.",
    "Das Jobcenter bezahlt das Bewerbungs-Training.",
    "Das Jobcenter gibt mir Adressen von Friseursalons.",
    "Das Jobcenter hilft mir beim Antrag für die Kita.",
]
