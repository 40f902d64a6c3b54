"""The letters of an appointment as the person receives them, and its
calendar file.

- The invitation (§ 59 SGB II with § 309 SGB III): one page in plain
  language, date, time and place (or phone / video), purpose, whom to ask
  for, what to bring, the interpreter, the Rechtsfolgenbelehrung when the
  invitation carries one, how to reach the Jobcenter.
- The hearing letter after a missed appointment (§ 24 SGB X): what happened,
  what may follow, until when and how to answer, the offer or the demand of
  a personal hearing where the Rechtsstand asks for one.
- The iCalendar file (RFC 5545) for the person and for the IFK.

Both letters carry the headings in the person's language beside the German,
as the plan does (``uebersetzungen``; Arabic right to left), and are laid
out and written through the documents' shared ``layout``/``schreiben``
(fonts, strict fetcher, PDF/UA-1)."""

from __future__ import annotations

import datetime
import zoneinfo

from django.template.loader import render_to_string
from django.utils import timezone, translation

from cases.models import Sprache
from kooperation import recht
from kooperation.rechtsregeln import Aktart, Anhoerungsform, Umfang, zeitraum_text

from ..models import Anhoerung, Einladung, Terminergebnis, Terminform
from ..services.termine import folge_des_versaeumnisses, termin_tag
from .inhalt import jobcenterkontakt
from .pdf import MINDESTSCHRIFT_PT, Ergebnis, layout, schreiben
from .uebersetzungen import ARABISCH, KYRILLISCH, RECHTS_NACH_LINKS, UEBERSETZUNGEN

ZEITZONE = "Europe/Berlin"


def _zeilen(text: str) -> list[str]:
    """One thing per line, leading dashes and bullets dropped."""
    return [z.strip().lstrip("-•*– ").strip() for z in text.splitlines() if z.strip()]


def _ortszeit(zeitpunkt: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(zeitpunkt, zoneinfo.ZoneInfo(ZEITZONE))


class _Brief:
    """What both letters share: the person, the Jobcenter, the language of
    the headings and the fonts its script needs."""

    template_name: str

    def __init__(self, einladung: Einladung):
        self.einladung = einladung

    def _texte(self) -> list[str]:
        return []

    def get_context_data(self) -> dict:
        e = self.einladung
        person = e.leistungsberechtigter
        sprache = person.sprache if person.sprache in UEBERSETZUNGEN else ""
        texte = " ".join(
            [person.vorname, person.nachname, person.strasse, person.ort, e.zweck, e.ort]
            + [e.ansprechperson, e.mitbringen, *self._texte()]
        )
        return {
            "e": e,
            "person": person,
            "jobcenter": jobcenterkontakt(person.jobcenter),
            "beginn": _ortszeit(e.beginn),
            "ende": _ortszeit(e.beginn + datetime.timedelta(minutes=e.dauer_minuten)),
            "sprache": sprache,
            "ue": UEBERSETZUNGEN.get(sprache, {}),
            "rtl": sprache in RECHTS_NACH_LINKS,
            "kyrillisch": sprache in ("uk", "ru") or bool(KYRILLISCH.search(texte)),
            "arabisch": sprache == "ar" or bool(ARABISCH.search(texte)),
            "mindestschrift": MINDESTSCHRIFT_PT,
        }

    def html(self) -> str:
        # Day names and the like in German, whichever language a worker runs in.
        with translation.override("de"):
            return render_to_string(self.template_name, self.get_context_data())

    def render(self, *, pdf: bool = True) -> Ergebnis:
        dokument = layout(self.html())
        ergebnis = Ergebnis(seiten=len(dokument.pages), hoehen={})
        if pdf:
            ergebnis.pdf = schreiben(dokument)
        return ergebnis

    def pruefen(self) -> Ergebnis:
        """How many pages the letter takes (no PDF written): a form may refuse
        an invitation whose letter would not fit on one page."""
        return self.render(pdf=False)


class EinladungPdf(_Brief):
    template_name = "plans/pdf/einladung.html"

    def _belehrung(self) -> recht.Belehrung | None:
        """The Rechtsfolgenbelehrung of the Rechtsstand the invitation followed
        (stored with it), when it carries one."""
        e = self.einladung
        if not e.mit_rechtsfolgenbelehrung:
            return None
        return recht.rechtsfolgenbelehrung_fuer(
            recht.nach_schluessel(e.rechtsstand), Aktart.EINLADUNG
        )

    def get_context_data(self) -> dict:
        kontext = super().get_context_data()
        e = self.einladung
        kontext.update(
            {
                "vor_ort": e.form == Terminform.VOR_ORT,
                "telefon": e.form == Terminform.TELEFON,
                "video": e.form == Terminform.VIDEO,
                "mitbringen": _zeilen(e.mitbringen),
                "dolmetschen": Sprache(e.dolmetschen).label if e.dolmetschen else "",
                "belehrung": self._belehrung(),
                "datum": timezone.localdate(e.erstellt_am) if e.erstellt_am else None,
                "art": "Einladung",
                "betreff": "Einladung zu einem Termin",
                "betreff_ue": kontext["ue"].get("einladung", ""),
            }
        )
        return kontext


def _folge_fuer_versaeumnis(anhoerung: Anhoerung) -> recht.Folge | None:
    """The consequence at stake if the missed appointment counts (the step of
    the ladder of the law on the day of the appointment, given the person's
    earlier breaches). None when the invitation carried no
    Rechtsfolgenbelehrung: without it, missing the appointment reduces
    nothing."""
    einladung = anhoerung.einladung
    if not einladung.mit_rechtsfolgenbelehrung:
        return None
    return folge_des_versaeumnisses(einladung, max(anhoerung.versandt_am, termin_tag(einladung)))


def _leiter(folge: recht.Folge) -> recht.Leiter:
    return folge.rechtsstand.meldeversaeumnis


# What the harshest steps take, in the words of the letter.
_HAERTESTE = {
    Umfang.ALLE_LEISTUNGEN: "alle Zahlungen einstellen",
    Umfang.REGELBEDARF: "den Regelbedarf ganz streichen",
}


class AnhoerungPdf(_Brief):
    template_name = "plans/pdf/anhoerung.html"

    def __init__(self, anhoerung: Anhoerung):
        super().__init__(anhoerung.einladung)
        self.anhoerung = anhoerung

    def _texte(self) -> list[str]:
        return [self.anhoerung.einladung.grund]

    def get_context_data(self) -> dict:
        kontext = super().get_context_data()
        a = self.anhoerung
        folge = _folge_fuer_versaeumnis(a)
        leistung = folge.rechtsstand.leistung if folge else ""
        form = Anhoerungsform(a.form)
        kontext.update(
            {
                "a": a,
                "folge": folge.stufe.fuer_person(leistung) if folge else "",
                "folge_mindert": bool(folge and folge.stufe.mindert),
                "nummer": folge.nummer if folge else 0,
                "zeitraum": zeitraum_text(_leiter(folge).fenster_monate) if folge else "",
                "leistung": leistung,
                "auf_verlangen": form is Anhoerungsform.AUF_VERLANGEN,
                "soll_persoenlich": form is Anhoerungsform.SOLL_PERSOENLICH,
                "persoenlich_erforderlich": form is Anhoerungsform.PERSOENLICH_ERFORDERLICH,
                "haerteste": _HAERTESTE.get(folge.stufe.umfang, "kürzen") if folge else "",
                "datum": a.versandt_am,
                "art": "Anhörung",
                "betreff": "Anhörung: Bitte sagen Sie uns Ihre Gründe",
                "betreff_ue": kontext["ue"].get("anhoerung", ""),
            }
        )
        return kontext


def einladung_pdf(einladung: Einladung) -> bytes:
    """The invitation letter (one page)."""
    return EinladungPdf(einladung).render().pdf


def anhoerung_pdf(anhoerung: Anhoerung) -> bytes:
    """The hearing letter (§ 24 SGB X)."""
    return AnhoerungPdf(anhoerung).render().pdf


# --- iCalendar ---------------------------------------------------------------

# The UID's right-hand side: the product, never a person's data.
UID_DOMAIN = "kooperationsplan.invalid"


def _erste_und_folge(einladung: Einladung) -> tuple[Einladung, int]:
    """The first invitation of a chain of moves and how often it was moved
    until ``einladung``: a moved appointment stays the same calendar event
    (same UID) with a higher SEQUENCE, so calendars replace it rather than
    keep both."""
    erste, verlegt = einladung, 0
    while (vorige := Einladung.objects.filter(verlegt_auf=erste).first()) is not None:
        erste, verlegt = vorige, verlegt + 1
        if verlegt > 100:  # a cycle would be a data error; never loop forever
            break
    return erste, verlegt


def einladung_uid(einladung: Einladung) -> str:
    erste, _ = _erste_und_folge(einladung)
    return f"einladung-{erste.pk}@{UID_DOMAIN}"


def _ort(einladung: Einladung, jobcenter) -> str:
    if einladung.form == Terminform.VOR_ORT:
        return ", ".join(filter(None, (jobcenter.name, einladung.ort)))
    art = Terminform(einladung.form).label
    return f"{art}: {einladung.ort}" if einladung.ort else art


def einladung_ics(einladung: Einladung, fuer: str = "person") -> bytes:
    """The appointment as an iCalendar file for the person (``fuer="person"``:
    names the Jobcenter, place and purpose, not the person) or for the IFK
    (``"ifk"``: names the person, no more: no address, no birth date).
    Local time with TZID Europe/Berlin and its VTIMEZONE, so a calendar shows
    the right hour on both sides of a daylight-saving change."""
    import icalendar

    if fuer not in ("person", "ifk"):
        raise ValueError(f"Unbekannter Empfänger der Kalenderdatei: {fuer}")
    person = einladung.leistungsberechtigter
    jobcenter = jobcenterkontakt(person.jobcenter)
    _, verlegt = _erste_und_folge(einladung)
    abgesagt = einladung.ergebnis == Terminergebnis.ABGESAGT
    zone = zoneinfo.ZoneInfo(ZEITZONE)
    beginn = einladung.beginn.astimezone(zone)

    if fuer == "person":
        titel = f"Termin beim {jobcenter.name}"
        zeilen = [f"Worum es geht: {einladung.zweck.strip()}"]
        if einladung.ansprechperson:
            zeilen.append(f"Fragen Sie nach: {einladung.ansprechperson}")
        if einladung.mitbringen.strip():
            zeilen.append("Bitte mitbringen: " + ", ".join(_zeilen(einladung.mitbringen)))
        if einladung.form == Terminform.TELEFON:
            zeilen.append("Wir rufen Sie an.")
        if jobcenter.telefon:
            zeilen.append(f"Wenn Sie nicht kommen können: Telefon {jobcenter.telefon}")
    else:
        titel = f"Termin: {person.vorname} {person.nachname}"
        zeilen = [f"Zweck: {einladung.zweck.strip()}", f"Form: {einladung.get_form_display()}"]
        if einladung.dolmetschen:
            zeilen.append(f"Dolmetschen: {einladung.get_dolmetschen_display()}")

    kalender = icalendar.Calendar()
    kalender.add("prodid", "-//Kooperationsplan//Termine//DE")
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("method", "PUBLISH")
    termin = icalendar.Event()
    termin.add("uid", einladung_uid(einladung))
    termin.add("sequence", verlegt + (1 if abgesagt else 0))
    # DTSTAMP: when this version of the event was made (stable per state, so
    # the same invitation yields the same file until it changes).
    termin.add("dtstamp", einladung.geaendert_am or timezone.now())
    termin.add("dtstart", beginn)
    termin.add("dtend", beginn + datetime.timedelta(minutes=einladung.dauer_minuten))
    termin.add("summary", titel)
    termin.add("location", _ort(einladung, jobcenter))
    termin.add("description", "\n".join(zeilen))
    termin.add("status", "CANCELLED" if abgesagt else "CONFIRMED")
    termin.add("transp", "OPAQUE")
    if fuer == "person" and not abgesagt:
        erinnerung = icalendar.Alarm()
        erinnerung.add("action", "DISPLAY")
        erinnerung.add("description", titel)
        erinnerung.add("trigger", -datetime.timedelta(days=1))
        termin.add_component(erinnerung)
    kalender.add_component(termin)
    # The VTIMEZONE of every TZID used (Europe/Berlin), from the zone data;
    # the transitions around the appointment are enough and keep it short.
    kalender.add_missing_timezones(
        first_date=datetime.date(beginn.year - 1, 1, 1),
        last_date=datetime.date(beginn.year + 2, 1, 1),
    )
    return kalender.to_ical()


def ics_dateiname(einladung: Einladung) -> str:
    return f"termin-{_ortszeit(einladung.beginn):%Y-%m-%d-%H%M}.ics"
