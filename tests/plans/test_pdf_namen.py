"""Names in Cyrillic and Arabic script on the Bescheid and on the plan: the
fonts cover every glyph (the text layer reads them back), and an Arabic name
keeps its right-to-left order inside the German text."""

import datetime
import os
from pathlib import Path

import pytest

from kooperation.access import Rolle
from plans.dokumente.bescheid import BescheidPdf
from plans.dokumente.pdf import PlanPdf
from plans.services.nichteinigung import pflichten_festsetzen
from tests.plans.factories import entwurf, pflicht
from tests.plans.pdf_hilfen import lesen
from tests.plans.test_pdf import typischer_entwurf

D = datetime.date

# Arabic letters without dots: Noto Sans Arabic draws dotted letters as a
# dotless base plus dots, which a PDF text layer cannot map back one to one.
NAMEN = {
    "kyrillisch": ("Олена", "Шевченко"),
    "arabisch": ("محمود", "سالم"),
}


def _person(welt, schrift):
    person = welt.eigener_fall
    person.vorname, person.nachname = NAMEN[schrift]
    person.strasse, person.plz, person.ort = "Am Markt 3", "68159", "Rheinstadt"
    person.save()
    return person


def _bescheid(welt):
    return pflichten_festsetzen(
        acting_user=welt.users[Rolle.IFK],
        plan=entwurf(welt, begonnen_am=D(2026, 9, 1)).plan,
        erlassen_am=D(2026, 10, 15),
        pflichten=[pflicht("Sie bewerben sich auf Stellen.")],
        begruendung="Es kam kein Plan zustande.",
    )


@pytest.mark.parametrize("schrift", list(NAMEN))
def test_bescheid_mit_namen_in_fremder_schrift(welt, schrift):
    person = _person(welt, schrift)
    ergebnis = BescheidPdf(_bescheid(welt)).render()
    if ordner := os.environ.get("BESCHEID_PDF_ABLEGEN_NAMEN"):
        Path(ordner, f"bescheid-{schrift}.pdf").write_bytes(ergebnis.pdf)
    seiten, text = lesen(ergebnis.pdf)
    assert seiten <= 2
    vorname, nachname = NAMEN[schrift]
    # Address field and salutation both carry the whole name, no glyph lost.
    assert text.count(f"{vorname} {nachname}") >= 2, text[:400]
    assert f"Guten Tag {vorname} {nachname}," in text
    assert "Am Markt 3" in text
    assert "\ufffd" not in text
    assert person.kundennummer in text


@pytest.mark.parametrize("schrift", list(NAMEN))
def test_plan_mit_namen_in_fremder_schrift(welt, schrift):
    _person(welt, schrift)
    seiten, text = lesen(PlanPdf.fuer_version(typischer_entwurf(welt)).render().pdf)
    assert seiten == 1
    vorname, nachname = NAMEN[schrift]
    assert f"{vorname} {nachname}" in text
    assert "\ufffd" not in text


def test_bescheid_laedt_die_schrift_fuer_die_namen(welt):
    """Only the scripts the letter needs are embedded: an Arabic name brings
    Noto Sans Arabic, a Latin letter neither Arabic nor Cyrillic."""
    _person(welt, "arabisch")
    kontext = BescheidPdf(_bescheid(welt)).get_context_data()
    assert kontext["arabisch"]
    assert not kontext["kyrillisch"]
