"""The one-page Kooperationsplan as PDF (seed 001: "alles auf eine Seite, in
einfacher Sprache").

``PlanPdf`` is a small generator: a template name, a context, one ``render()``.
It lays the plan out once with WeasyPrint, reads the page count and each
part's height from that layout, and writes the PDF from the same layout, so
the one-page check never renders twice. WeasyPrint is imported lazily (it
costs about half a second); one ``FontConfiguration`` is shared per process,
so the fonts are loaded once and memory stays flat; the URL fetcher loads only
the project's own static files (the fonts from ``node_modules``).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import threading
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone

from .inhalt import TEILE, PlanInhalt, inhalt_aus_version
from .uebersetzungen import ARABISCH, KYRILLISCH, RECHTS_NACH_LINKS, UEBERSETZUNGEN

logger = logging.getLogger(__name__)

# Relative URLs in the templates ("/static/…") resolve against this base; the
# fetcher serves exactly this prefix from the staticfiles finders, nothing else.
BASIS_URL = "https://kooperationsplan.invalid/"

# Never smaller than this on the page; the plan does not shrink to fit.
MINDESTSCHRIFT_PT = 10

# --- WeasyPrint, once per process ---------------------------------------------

_einmal = threading.Lock()
# The fonts (one FontConfiguration per process, over Pango and fontconfig)
# are not safe to use from two threads at once: two requests laying out a
# document at the same moment in a threaded server crashed inside WeasyPrint.
# Laying out and writing take turns within a process.
darstellung = threading.RLock()


@cache
def _weasyprint():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    # WeasyPrint reports every rendering step at INFO: noise in a worker's log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    praefix = BASIS_URL.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"

    class NurEigeneStatischeDateien(URLFetcher):
        """Loads the project's own static files and refuses everything else
        (no network, no file system outside the static folders)."""

        def fetch(self, url, headers=None):
            if not url.startswith(praefix):
                raise ValueError(f"Nicht erlaubte Adresse im PDF: {url}")
            pfad = unquote(url[len(praefix) :].split("?")[0].split("#")[0])
            if ".." in pfad.split("/"):
                raise ValueError(f"Nicht erlaubter Pfad im PDF: {url}")
            return URLFetcherResponse(
                url,
                _statische_datei(pfad),
                {"Content-Type": mimetypes.guess_type(pfad)[0] or "application/octet-stream"},
            )

    return weasyprint, FontConfiguration(), NurEigeneStatischeDateien()


@cache
def _statische_datei(pfad: str) -> bytes:
    gefunden = finders.find(pfad)
    if gefunden:
        with open(gefunden, "rb") as f:
            return f.read()
    # In production ``{% static %}`` names the collected copy with its content
    # hash (the manifest storage), which the finders do not know: it is read
    # from the collected folder, or every document would lose its fonts.
    if staticfiles_storage.exists(pfad):
        with staticfiles_storage.open(pfad) as f:
            return f.read()
    raise FileNotFoundError(f"Statische Datei fehlt: {pfad}")


def weasyprint_bereit():
    """(weasyprint module, shared FontConfiguration, strict URL fetcher)."""
    with _einmal:
        return _weasyprint()


def layout(html: str):
    """Lay out one of the project's documents with the shared fonts and the
    strict URL fetcher (``document.write_pdf()`` writes it)."""
    weasyprint, schriften, fetcher = weasyprint_bereit()
    with darstellung:
        return weasyprint.HTML(string=html, base_url=BASIS_URL, url_fetcher=fetcher).render(
            font_config=schriften
        )


# Every document the Jobcenter hands out is a tagged PDF/UA-1: structure
# tree, reading order, document language and title, so that a screen reader
# reads it as the person's own letter (public bodies owe accessible documents).
PDF_VARIANTE = "pdf/ua-1"


def schreiben(dokument) -> bytes:
    """Write a laid-out document as the tagged PDF every document here is,
    with the language of every other-language part of a heading in the
    structure tree."""
    with darstellung:
        pdf = dokument.write_pdf(pdf_variant=PDF_VARIANTE)
        sprachen = _sprachen_der_ueberschriften(dokument)
    if not any(lang for ueberschrift in sprachen for lang in ueberschrift):
        return pdf
    return _sprachen_eintragen(pdf, sprachen)


# --- The other language in the structure tree -----------------------------------
#
# A screen reader switches its voice by the /Lang of a structure element.
# WeasyPrint (70) writes only the document's language (from <html lang>), not
# that of a ``<span lang="ar">``; so the written PDF is amended here. The layout
# says, per heading in document order, which of its <span> boxes carry another
# language (a span broken over two lines is two boxes); WeasyPrint turns each
# heading box into one /H1…/H6 element and each span box into one /Span
# element, in the same order, so the two are matched one to one. Where the
# counts differ the heading is left as it is, never marked wrongly.

UEBERSCHRIFTEN = ("h1", "h2", "h3", "h4", "h5", "h6")


def _sprachen_der_ueberschriften(dokument) -> list[list[str | None]]:
    """Per heading box in document order: for each of its span boxes the
    language of the span (its own ``lang``), or None."""
    from weasyprint.formatting_structure import boxes

    dokumentsprache = dokument.metadata.lang or ""
    ergebnis = []
    for seite in dokument.pages:
        for box in seite._page_box.descendants():
            if not isinstance(box, boxes.BlockBox) or box.element_tag not in UEBERSCHRIFTEN:
                continue
            spannen = []
            for teil in box.descendants():
                if teil.element_tag == "span" and isinstance(
                    teil, boxes.InlineBox | boxes.InlineBlockBox
                ):
                    lang = teil.element.get("lang") if teil.element is not None else None
                    spannen.append(lang if lang and lang != dokumentsprache else None)
            ergebnis.append(spannen)
    return ergebnis


def _struktur_in_reihenfolge(element):
    """Structure elements below ``element``, depth first, in reading order."""
    import pikepdf

    kinder = element.get("/K")
    if kinder is None:
        return
    if not isinstance(kinder, pikepdf.Array):
        kinder = [kinder]
    for kind in kinder:
        if isinstance(kind, pikepdf.Dictionary) and kind.get("/Type") == "/StructElem":
            yield kind
            yield from _struktur_in_reihenfolge(kind)


def _ist_spanne(element) -> bool:
    """A /Span of a span box: WeasyPrint also wraps every run of text in a
    /Span, whose only kid is its marked-content id."""
    if element.get("/S") != "/Span":
        return False
    kinder = element.get("/K")
    return not (len(kinder) == 1 and isinstance(kinder[0], int))


def _sprachen_eintragen(pdf: bytes, sprachen: list[list[str | None]]) -> bytes:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as dokument:
        wurzel = dokument.Root.StructTreeRoot
        elemente = list(_struktur_in_reihenfolge(wurzel))
        ueberschriften = [e for e in elemente if str(e.get("/S", ""))[1:].lower() in UEBERSCHRIFTEN]
        if len(ueberschriften) != len(sprachen):
            logger.warning(
                "PDF: %s Überschriften im Layout, %s im Strukturbaum; Sprachen nicht eingetragen",
                len(sprachen),
                len(ueberschriften),
            )
            return pdf
        for element, spannen in zip(ueberschriften, sprachen, strict=True):
            im_pdf = [e for e in _struktur_in_reihenfolge(element) if _ist_spanne(e)]
            if len(im_pdf) != len(spannen):
                logger.warning(
                    "PDF: Überschrift mit abweichenden Spannen; Sprache nicht eingetragen"
                )
                continue
            for spanne, lang in zip(im_pdf, spannen, strict=True):
                if lang:
                    spanne.Lang = pikepdf.String(lang)
        ausgabe = io.BytesIO()
        # The same bytes for the same document: the stored SHA-256 is of these.
        dokument.save(ausgabe, deterministic_id=True)
        return ausgabe.getvalue()


# --- The generator -------------------------------------------------------------


@dataclass
class Ergebnis:
    """One render: the page count, each part's height on the page (in CSS
    px) and, when wanted, the PDF bytes."""

    seiten: int
    hoehen: dict[str, float]
    pdf: bytes | None = None

    @property
    def passt(self) -> bool:
        return self.seiten == 1

    @property
    def zu_kuerzen(self) -> str | None:
        """The part to shorten when the plan does not fit: the one taking the
        most room on the page (measured from the layout)."""
        if self.passt or not self.hoehen:
            return None
        return max(self.hoehen, key=self.hoehen.get)

    @property
    def meldung(self) -> str:
        if self.passt:
            return "Der Plan passt auf eine Seite."
        return (
            f"Der Plan passt nicht auf eine Seite: bitte „{TEILE[self.zu_kuerzen]}“ kürzen."
            if self.zu_kuerzen
            else "Der Plan passt nicht auf eine Seite."
        )

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf or b"").hexdigest()


class PlanPdf:
    template_name = "plans/pdf/plan.html"

    def __init__(self, inhalt: PlanInhalt):
        self.inhalt = inhalt

    @classmethod
    def fuer_version(cls, version) -> PlanPdf:
        return cls(inhalt_aus_version(version))

    def get_context_data(self) -> dict:
        inhalt = self.inhalt
        sprache = inhalt.sprache if inhalt.sprache in UEBERSETZUNGEN else ""
        alle_texte = " ".join(
            [inhalt.name, *inhalt.texte().values(), *vars(inhalt.jobcenter).values()]
        )
        ue = UEBERSETZUNGEN.get(sprache, {})
        sichtbar = [t for t in TEILE if t != "sonstiges" or inhalt.sonstiges.strip()]
        kopf = {
            teil: {"nr": nr, "de": TEILE[teil], "ue": ue.get(teil, "")}
            for nr, teil in enumerate(sichtbar, start=1)
        }
        return {
            "inhalt": inhalt,
            "kopf": kopf,
            "ue": ue,
            "sprache": sprache,
            "rtl": sprache in RECHTS_NACH_LINKS,
            "kyrillisch": sprache in ("uk", "ru") or bool(KYRILLISCH.search(alle_texte)),
            "arabisch": sprache == "ar" or bool(ARABISCH.search(alle_texte)),
            "datum": inhalt.datum or timezone.localdate(),
            "mindestschrift": MINDESTSCHRIFT_PT,
        }

    def html(self) -> str:
        return render_to_string(self.template_name, self.get_context_data())

    def _layout(self):
        return layout(self.html())

    def render(self, *, pdf: bool = True) -> Ergebnis:
        """Lay out once; measure; write the PDF from the same layout."""
        dokument = self._layout()
        ergebnis = Ergebnis(seiten=len(dokument.pages), hoehen=_teilhoehen(dokument))
        if pdf:
            ergebnis.pdf = schreiben(dokument)
        return ergebnis

    def pruefen(self) -> Ergebnis:
        """Fits on one page? Which part to shorten? (No PDF written.)"""
        return self.render(pdf=False)


def _teilhoehen(dokument) -> dict[str, float]:
    """Height of each part's own text (the element marked ``data-teil``;
    headings and the Jobcenter's fixed contact are not the author's to
    shorten), summed over all pages."""
    from weasyprint.formatting_structure.boxes import BlockBox

    hoehen: dict[str, float] = {}
    for seite in dokument.pages:
        for box in seite._page_box.descendants():
            # Exactly the element's own block box, not anonymous or line boxes.
            if type(box) is not BlockBox or box.element is None:
                continue
            teil = box.element.get("data-teil")
            if teil in TEILE:
                hoehen[teil] = hoehen.get(teil, 0.0) + box.margin_height()
    return hoehen
