"""Every document the Jobcenter hands out is a tagged PDF/UA-1 that a screen
reader can read: a structure tree, marked content, the document language,
the title shown instead of the file name, the PDF/UA identification, and the
text in reading order as the person sees it."""

import hashlib
import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from kooperation.access import Rolle
from plans.dokumente.einladung import anhoerung_pdf, einladung_pdf
from plans.dokumente.inhalt import TEILE
from plans.dokumente.pdf import PlanPdf
from plans.dokumente.uebersetzungen import ARABISCH, UEBERSETZUNGEN
from tests.plans.test_auskunft import URL as AUSKUNFT_URL
from tests.plans.test_auskunft import akte  # noqa: F401 - fixture
from tests.plans.test_bescheid_pdf import _bescheid, _inhalt
from tests.plans.test_kennzahlen_views import mit_faellen  # noqa: F401 - fixture
from tests.plans.test_pdf import maximaler_entwurf, typischer_entwurf
from tests.plans.test_termin_dokumente import _anhoerung, _einladung


def _zugaenglich(pdf: bytes, titel: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    katalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in katalog, "kein Strukturbaum"
    assert katalog["/MarkInfo"]["/Marked"] in (True, "true")
    assert katalog["/Lang"] == "de"
    assert katalog["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    assert titel in reader.metadata.title
    xmp = katalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp), "keine PDF/UA-Kennung"
    # Tagged, not only flagged: the tree holds the document's headings.
    baum = _strukturtypen(katalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/P"} & baum
    return reader


def _strukturtypen(knoten, gesehen=None) -> set[str]:
    typen = set() if gesehen is None else gesehen
    knoten = knoten.get_object()
    if isinstance(knoten, dict):
        if "/S" in knoten:
            typen.add(str(knoten["/S"]))
        kinder = knoten.get("/K")
        if kinder is not None:
            for kind in kinder if isinstance(kinder, list) else [kinder]:
                if hasattr(kind, "get_object") and isinstance(kind.get_object(), dict):
                    _strukturtypen(kind, typen)
    return typen


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join((s.extract_text() or "").split()) for s in reader.pages)


def test_plan_ist_ein_zugaengliches_pdf_in_lesereihenfolge(welt):
    version = typischer_entwurf(welt)
    pdf = PlanPdf.fuer_version(version).render().pdf
    reader = _zugaenglich(pdf, "Kooperationsplan")
    text = _text(reader)
    # The parts in the order the person reads them on the page.
    stellen = [text.find(titel) for teil, titel in TEILE.items() if teil != "sonstiges"]
    assert -1 not in stellen, stellen
    assert stellen == sorted(stellen)
    assert "Ich will wieder in meinem Beruf als Friseurin arbeiten." in text


def test_plan_mit_arabischen_ueberschriften_bleibt_zugaenglich(welt):
    version = maximaler_entwurf(welt, sprache="ar")
    reader = _zugaenglich(PlanPdf.fuer_version(version).render().pdf, "Kooperationsplan")
    assert len(reader.pages) == 1


def test_bescheid_ist_ein_zugaengliches_pdf(welt, django_capture_on_commit_callbacks):
    bescheid = _bescheid(welt, django_capture_on_commit_callbacks)
    reader = _zugaenglich(_inhalt(bescheid), welt.eigener_fall.nachname)
    text = _text(reader)
    assert text.find("Rechtsfolgenbelehrung") < text.find("Rechtsbehelfsbelehrung")


def test_auskunft_ist_ein_zugaengliches_pdf(client, akte):  # noqa: F811
    client.force_login(akte.users[Rolle.IFK])
    antwort = client.get(AUSKUNFT_URL.format(akte.eigener_fall.pk))
    _zugaenglich(antwort.content, "Auskunft über Ihre Daten")


@pytest.mark.usefixtures("mit_faellen")
def test_bericht_fuer_die_traegerversammlung_ist_zugaenglich(client, welt):
    client.force_login(welt.users[Rolle.GESCHAEFTSFUEHRUNG])
    antwort = client.get("/kennzahlen/bericht.pdf?monate=6")
    _zugaenglich(antwort.content, "Kennzahlen")


def _elemente(element):
    kinder = element.get("/K")
    if kinder is None:
        return
    for kind in kinder if isinstance(kinder, pikepdf.Array) else [kinder]:
        if isinstance(kind, pikepdf.Dictionary) and kind.get("/Type") == "/StructElem":
            yield kind
            yield from _elemente(kind)


def _text_je_mcid(pdf: bytes) -> dict[int, str]:
    """The text of each marked-content id on the first page."""
    seite = PdfReader(io.BytesIO(pdf)).pages[0]
    texte: dict[int, str] = {}
    aktuell: list[int | None] = [None]

    def vorher(operator, argumente, cm, tm):
        if operator == b"BDC" and len(argumente) > 1 and "/MCID" in argumente[1]:
            aktuell[0] = int(argumente[1]["/MCID"])
        elif operator == b"EMC":
            aktuell[0] = None

    def text(t, cm, tm, schrift, groesse):
        if aktuell[0] is not None:
            texte[aktuell[0]] = texte.get(aktuell[0], "") + t

    seite.extract_text(visitor_operand_before=vorher, visitor_text=text)
    return texte


def _text_von(element, texte) -> str:
    teile = []
    for kind in element.get("/K"):
        if isinstance(kind, int):
            teile.append(texte.get(kind, ""))
        elif isinstance(kind, pikepdf.Dictionary):
            teile.append(_text_von(kind, texte))
    return "".join(teile)


@pytest.mark.parametrize("sprache", ["ar", "uk", "tr"])
def test_ueberschriften_tragen_ihre_zweite_sprache_im_strukturbaum(welt, sprache):
    """A screen reader switches to the person's language for the translated
    part of each heading, and reads the German part in German."""
    version = maximaler_entwurf(welt, sprache=sprache)
    ergebnis = PlanPdf.fuer_version(version).render()
    _zugaenglich(ergebnis.pdf, "Kooperationsplan")
    texte = _text_je_mcid(ergebnis.pdf)
    ue = UEBERSETZUNGEN[sprache]
    with pikepdf.open(io.BytesIO(ergebnis.pdf)) as pdf:
        assert str(pdf.Root.Lang) == "de"
        elemente = list(_elemente(pdf.Root.StructTreeRoot))
        ueberschriften = [e for e in elemente if str(e.S) in ("/H1", "/H2")]
        assert len(ueberschriften) == 7  # title and the six parts
        for h in ueberschriften:
            assert "/Lang" not in h  # the German part stays German
            markiert = [e for e in _elemente(h) if "/Lang" in e]
            assert markiert, f"keine Sprache in {_text_von(h, texte)!r}"
            assert {str(e.Lang) for e in markiert} == {sprache}
            fremd = " ".join(_text_von(e, texte) for e in markiert)
            # The marked part is the translation, not the German title.
            assert not any(t in fremd for t in TEILE.values())
            if sprache == "ar":
                assert ARABISCH.search(fremd), fremd
            else:
                assert fremd.strip() in {ue[k] for k in ue}, fremd
    # The stored checksum is of the bytes as finally written.
    assert ergebnis.sha256 == hashlib.sha256(ergebnis.pdf).hexdigest()


def test_deutscher_plan_bleibt_ohne_zweite_sprache(welt):
    version = typischer_entwurf(welt)
    pdf = PlanPdf.fuer_version(version).render().pdf
    with pikepdf.open(io.BytesIO(pdf)) as dokument:
        assert str(dokument.Root.Lang) == "de"
        assert not [e for e in _elemente(dokument.Root.StructTreeRoot) if "/Lang" in e]


@pytest.mark.parametrize("brief", ["einladung", "anhoerung"])
def test_briefe_eines_termins_sind_zugaenglich_mit_zweiter_sprache(welt, brief):
    """The invitation and the hearing letter: tagged like the plan, and a
    screen reader reads each heading's Arabic part in Arabic."""
    einladung = _einladung(welt, sprache="ar", dolmetschen="ar")
    if brief == "einladung":
        pdf, titel = einladung_pdf(einladung), "Einladung"
    else:
        pdf, titel = anhoerung_pdf(_anhoerung(einladung)), "Anhörung"
    _zugaenglich(pdf, titel)
    texte = _text_je_mcid(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as dokument:
        ueberschriften = [
            e for e in _elemente(dokument.Root.StructTreeRoot) if str(e.S) in ("/H1", "/H2")
        ]
        assert len(ueberschriften) >= 4
        for h in ueberschriften:
            assert "/Lang" not in h
            markiert = [e for e in _elemente(h) if "/Lang" in e]
            assert {str(e.Lang) for e in markiert} == {"ar"}, _text_von(h, texte)
            assert ARABISCH.search(" ".join(_text_von(e, texte) for e in markiert))
