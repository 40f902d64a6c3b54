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

import datetime
import hashlib
import logging
import mimetypes
import re
import threading
from dataclasses import dataclass, field, fields
from functools import cache
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

# Relative URLs in the templates ("/static/…") resolve against this base; the
# fetcher serves exactly this prefix from the staticfiles finders, nothing else.
BASIS_URL = "https://kooperationsplan.invalid/"

# Never smaller than this on the page; the plan does not shrink to fit.
MINDESTSCHRIFT_PT = 10

# The parts as the layout knows them (``data-teil``); the key names the
# editor's field in error messages.
TEILE = {
    "ziel": "Der Plan",
    "weg": "Der Weg",
    "unterstuetzung": "Gezielte Unterstützung",
    "verabredungen": "Verabredungen",
    "sonstiges": "Was sonst noch wichtig ist",
    "kontakt": "Bei Fragen und Notfällen",
}

# Headings and fixed text in the person's language, printed under the German.
# The plan's content stays as written.
UEBERSETZUNGEN: dict[str, dict[str, str]] = {
    "en": {
        "titel": "Cooperation plan",
        "ziel": "The plan",
        "weg": "The way",
        "unterstuetzung": "Targeted support",
        "verabredungen": "Appointments",
        "sonstiges": "Other important things",
        "kontakt": "Questions and emergencies",
        "termin": "Next appointment",
        "haeufigkeit": "How often",
        "nachweis": "How I show it",
        "telefon": "Phone",
        "email": "E-mail",
        "oeffnungszeiten": "Opening hours",
        "anschrift": "Address",
        "entwurf": "Draft",
    },
    "tr": {
        "titel": "İşbirliği planı",
        "ziel": "Plan",
        "weg": "Yol",
        "unterstuetzung": "Hedefli destek",
        "verabredungen": "Randevular",
        "sonstiges": "Diğer önemli konular",
        "kontakt": "Sorular ve acil durumlar",
        "termin": "Sonraki randevu",
        "haeufigkeit": "Ne sıklıkla",
        "nachweis": "Nasıl gösteririm",
        "telefon": "Telefon",
        "email": "E-posta",
        "oeffnungszeiten": "Çalışma saatleri",
        "anschrift": "Adres",
        "entwurf": "Taslak",
    },
    "ar": {
        "titel": "خطة التعاون",
        "ziel": "الخطة",
        "weg": "الطريق",
        "unterstuetzung": "الدعم المحدد",
        "verabredungen": "المواعيد",
        "sonstiges": "أمور أخرى مهمة",
        "kontakt": "للأسئلة والحالات الطارئة",
        "termin": "الموعد القادم",
        "haeufigkeit": "كم مرة",
        "nachweis": "كيف أثبت ذلك",
        "telefon": "الهاتف",
        "email": "البريد الإلكتروني",
        "oeffnungszeiten": "ساعات العمل",
        "anschrift": "العنوان",
        "entwurf": "مسودة",
    },
    "uk": {
        "titel": "План співпраці",
        "ziel": "План",
        "weg": "Шлях",
        "unterstuetzung": "Цільова підтримка",
        "verabredungen": "Домовленості",
        "sonstiges": "Що ще важливо",
        "kontakt": "Питання та екстрені випадки",
        "termin": "Наступна зустріч",
        "haeufigkeit": "Як часто",
        "nachweis": "Як підтвердити",
        "telefon": "Телефон",
        "email": "Ел. пошта",
        "oeffnungszeiten": "Години роботи",
        "anschrift": "Адреса",
        "entwurf": "Чернетка",
    },
    "ru": {
        "titel": "План сотрудничества",
        "ziel": "План",
        "weg": "Путь",
        "unterstuetzung": "Целевая поддержка",
        "verabredungen": "Договорённости",
        "sonstiges": "Что ещё важно",
        "kontakt": "Вопросы и экстренные случаи",
        "termin": "Следующая встреча",
        "haeufigkeit": "Как часто",
        "nachweis": "Как подтвердить",
        "telefon": "Телефон",
        "email": "Эл. почта",
        "oeffnungszeiten": "Часы работы",
        "anschrift": "Адрес",
        "entwurf": "Черновик",
    },
}
RECHTS_NACH_LINKS = {"ar"}
_KYRILLISCH = re.compile("[\u0400-\u04ff]")
_ARABISCH = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass
class Eigenbemuehung:
    text: str
    haeufigkeit: str = ""
    nachweis: str = ""


@dataclass
class Termin:
    text: str
    zeit: datetime.datetime | None = None


@dataclass
class Jobcenterkontakt:
    name: str = ""
    anschrift: str = ""
    telefon: str = ""
    email: str = ""
    website: str = ""
    oeffnungszeiten: str = ""

    @property
    def anschrift_einzeilig(self) -> str:
        return ", ".join(z.strip() for z in self.anschrift.splitlines() if z.strip())


@dataclass
class PlanInhalt:
    """What goes on the page, from a stored version or from the editor's
    unsaved fields."""

    name: str
    jobcenter: Jobcenterkontakt
    ziel: str = ""
    weg: list[str] = field(default_factory=list)
    unterstuetzung: list[str] = field(default_factory=list)
    eigenbemuehungen: list[Eigenbemuehung] = field(default_factory=list)
    termine: list[Termin] = field(default_factory=list)
    sonstiges: str = ""
    kontakt: str = ""
    sprache: str = "de"
    version: int = 1
    entwurf: bool = True
    datum: datetime.date | None = None

    def texte(self) -> dict[str, str]:
        """The text of each part, as the person reads it (readability)."""
        verabredungen = [t.text for t in self.termine] + [
            " ".join(filter(None, (e.text, e.haeufigkeit, e.nachweis)))
            for e in self.eigenbemuehungen
        ]
        return {
            "ziel": self.ziel,
            "weg": "\n".join(self.weg),
            "unterstuetzung": "\n".join(self.unterstuetzung),
            "verabredungen": "\n".join(verabredungen),
            "sonstiges": self.sonstiges,
            "kontakt": self.kontakt,
        }


def _jobcenterkontakt(jobcenter) -> Jobcenterkontakt:
    """The Jobcenter's contact fields of the same names."""
    return Jobcenterkontakt(
        **{f.name: getattr(jobcenter, f.name) for f in fields(Jobcenterkontakt)}
    )


def inhalt_aus_version(version) -> PlanInhalt:
    """The page content of a stored version (draft or agreed)."""
    from .models import Planteil

    person = version.plan.leistungsberechtigter
    eintraege = list(version.eintraege.all())
    return PlanInhalt(
        name=f"{person.vorname} {person.nachname}",
        jobcenter=_jobcenterkontakt(person.jobcenter),
        ziel=version.ziel,
        weg=[e.text for e in eintraege if e.teil == Planteil.WEG],
        unterstuetzung=[e.text for e in eintraege if e.teil == Planteil.UNTERSTUETZUNG],
        eigenbemuehungen=[
            Eigenbemuehung(e.text, e.haeufigkeit, e.nachweis)
            for e in eintraege
            if e.teil == Planteil.EIGENBEMUEHUNG
        ],
        termine=[
            Termin(e.text, e.termin)
            for e in sorted(eintraege, key=lambda e: (e.termin is None, e.termin))
            if e.teil == Planteil.TERMIN
        ],
        sonstiges=version.sonstiges,
        kontakt=version.kontakt,
        sprache=person.sprache,
        version=version.nummer,
        entwurf=not version.ist_vereinbart,
        datum=version.vereinbart_am,
    )


# Field names the editor posts to the check endpoint (``plans:pruefung``).
POST_LISTEN = (
    "weg",
    "unterstuetzung",
    "eigenbemuehung",
    "eigenbemuehung_haeufigkeit",
    "eigenbemuehung_nachweis",
    "termin",
    "termin_zeit",
)


def _zeit(wert: str) -> datetime.datetime | None:
    try:
        zeit = datetime.datetime.fromisoformat(wert.strip())
    except ValueError:
        return None
    return timezone.make_aware(zeit) if timezone.is_naive(zeit) else zeit


def inhalt_aus_formular(version, daten) -> PlanInhalt:
    """The draft as the editor currently shows it: ``ziel``, ``kontakt``,
    ``sonstiges`` and the items' texts as repeated fields (see ``POST_LISTEN``).
    Parts the editor does not post keep their stored content."""
    inhalt = inhalt_aus_version(version)
    for name in ("ziel", "kontakt", "sonstiges"):
        if name in daten:
            setattr(inhalt, name, daten.get(name, "")[:5000])

    def liste(name: str) -> list[str]:
        return [w[:2000] for w in daten.getlist(name)][:50]

    if "weg" in daten:
        inhalt.weg = [t for t in liste("weg") if t.strip()]
    if "unterstuetzung" in daten:
        inhalt.unterstuetzung = [t for t in liste("unterstuetzung") if t.strip()]
    if "eigenbemuehung" in daten:
        texte, oft, wie = (
            liste("eigenbemuehung"),
            liste("eigenbemuehung_haeufigkeit"),
            liste("eigenbemuehung_nachweis"),
        )
        inhalt.eigenbemuehungen = [
            Eigenbemuehung(t, oft[i] if i < len(oft) else "", wie[i] if i < len(wie) else "")
            for i, t in enumerate(texte)
            if t.strip()
        ]
    if "termin" in daten:
        texte, zeiten = liste("termin"), liste("termin_zeit")
        inhalt.termine = [
            Termin(t, _zeit(zeiten[i]) if i < len(zeiten) else None)
            for i, t in enumerate(texte)
            if t.strip()
        ]
    return inhalt


# --- WeasyPrint, once per process ---------------------------------------------

_einmal = threading.Lock()


@cache
def _weasyprint():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    # WeasyPrint reports every rendering step at INFO: noise in a worker's log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
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
    if not gefunden:
        raise FileNotFoundError(f"Statische Datei fehlt: {pfad}")
    with open(gefunden, "rb") as f:
        return f.read()


def weasyprint_bereit():
    """(weasyprint module, shared FontConfiguration, strict URL fetcher)."""
    with _einmal:
        return _weasyprint()


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
            "kyrillisch": sprache in ("uk", "ru") or bool(_KYRILLISCH.search(alle_texte)),
            "arabisch": sprache == "ar" or bool(_ARABISCH.search(alle_texte)),
            "datum": inhalt.datum or timezone.localdate(),
            "mindestschrift": MINDESTSCHRIFT_PT,
        }

    def html(self) -> str:
        return render_to_string(self.template_name, self.get_context_data())

    def _layout(self):
        weasyprint, schriften, fetcher = weasyprint_bereit()
        dokument = weasyprint.HTML(
            string=self.html(), base_url=BASIS_URL, url_fetcher=fetcher
        ).render(font_config=schriften)
        return dokument

    def render(self, *, pdf: bool = True) -> Ergebnis:
        """Lay out once; measure; write the PDF from the same layout."""
        dokument = self._layout()
        ergebnis = Ergebnis(seiten=len(dokument.pages), hoehen=_teilhoehen(dokument))
        if pdf:
            ergebnis.pdf = dokument.write_pdf()
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
