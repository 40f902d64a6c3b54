"""The letters of an appointment as the person receives them (the invitation
on one page, the hearing letter with its deadline), stored with their hash,
and the calendar file for the person and the IFK."""

import datetime
import hashlib
import os
import zoneinfo

import icalendar
import pytest

from kooperation import recht
from kooperation.access import Rolle
from kooperation.rechtsregeln import Aktart
from plans import tasks
from plans.dokumente.ablage import anhoerung_brief_ablegen, einladung_brief_ablegen
from plans.dokumente.einladung import (
    AnhoerungPdf,
    EinladungPdf,
    anhoerung_pdf,
    einladung_ics,
    einladung_pdf,
)
from plans.dokumente.uebersetzungen import UEBERSETZUNGEN
from plans.models import Anhoerung, Einladung
from plans.tasks import fehlende_pdf_beauftragen
from tests.plans.pdf_hilfen import lesen

D = datetime.date
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = datetime.UTC


def _jobcenter(welt):
    jc = welt.jc
    jc.telefon = "0621 123 456-0"
    jc.email = "jobcenter-rheinstadt@jobcenter-ge.invalid"
    jc.oeffnungszeiten = "Mo–Fr 8–12 Uhr, Do 14–18 Uhr"
    jc.anschrift = "Ifflandstraße 2–6\n68161 Rheinstadt"
    jc.save()


def _einladung(welt, *, sprache="de", beginn=None, **felder) -> Einladung:
    """An invitation as the person gets it, with every field the letter shows."""
    _jobcenter(welt)
    person = welt.eigener_fall
    person.sprache = sprache
    person.strasse, person.plz, person.ort = "Am Markt 3", "68159", "Rheinstadt"
    person.save()
    werte = {
        "form": "vor_ort",
        "ort": "Raum 2.14, 2. Stock",
        "zweck": "Wir sprechen über Ihre nächsten Schritte zur Arbeit als Friseurin.",
        "ansprechperson": "Frau Petersen (Empfang, 2. Stock)",
        "mitbringen": "Ihren Personalausweis\nIhren Lebenslauf\nZeugnisse aus Ihrem Heimatland",
        "dolmetschen": "",
        "mit_rechtsfolgenbelehrung": True,
        "rechtsstand": "grundsicherung-2026",
    }
    werte.update(felder)
    return Einladung.objects.create(
        leistungsberechtigter=person,
        ifk=welt.users[Rolle.IFK],
        beginn=beginn or datetime.datetime(2027, 3, 30, 9, 0, tzinfo=BERLIN),
        **werte,
    )


def _anhoerung(einladung, **felder) -> Anhoerung:
    werte = {
        "form": "schriftlich",
        "versandt_am": D(2027, 4, 1),
        "antwort_bis": D(2027, 4, 15),
    }
    werte.update(felder)
    return Anhoerung.objects.create(einladung=einladung, **werte)


def _ablegen_zum_ansehen(name: str, pdf: bytes) -> None:
    """TERMIN_PDF_ABLEGEN=<folder>: keep the letters to look at them."""
    if ordner := os.environ.get("TERMIN_PDF_ABLEGEN"):
        with open(os.path.join(ordner, name), "wb") as f:
            f.write(pdf)


# --- The invitation -------------------------------------------------------------


def test_einladung_auf_einer_seite_mit_allem_was_die_person_braucht(welt):
    einladung = _einladung(welt)
    pdf = einladung_pdf(einladung)
    _ablegen_zum_ansehen("einladung-de.pdf", pdf)
    seiten, text = lesen(pdf)
    assert seiten == 1
    assert "Einladung zu einem Termin" in text
    assert "Guten Tag Quirinella Ostendorf-Quast" in text
    assert "Am Markt 3" in text
    # Day, time and place, whom to ask for, what to bring.
    assert "Tag Dienstag, 30.03.2027" in text
    assert "Uhrzeit 09:00 Uhr (bis etwa 09:30 Uhr)" in text
    assert "Raum 2.14, 2. Stock" in text
    assert "Fragen Sie nach Frau Petersen (Empfang, 2. Stock)" in text
    assert "Worum es geht Wir sprechen über Ihre nächsten Schritte" in text
    for ding in ("Ihren Personalausweis", "Ihren Lebenslauf", "Zeugnisse aus Ihrem Heimatland"):
        assert ding in text
    assert "Wenn Sie nicht kommen können" in text
    assert "Telefon: 0621 123 456-0" in text
    assert "Bei Fragen und Notfällen" in text
    # German only: no translated heading.
    assert UEBERSETZUNGEN["en"]["einladung"] not in text


def test_einladung_traegt_die_rechtsfolgenbelehrung_ihres_rechtsstands(welt):
    einladung = _einladung(welt, rechtsstand="grundsicherung-2026")
    _, text = lesen(einladung_pdf(einladung))
    belehrung = recht.rechtsfolgenbelehrung_fuer(
        recht.nach_schluessel("grundsicherung-2026"), Aktart.EINLADUNG
    )
    assert belehrung.ueberschrift in text
    for zeile in (belehrung.einleitung, *belehrung.stufen, *belehrung.hinweise):
        assert " ".join(zeile.split()) in text, zeile


def test_einladung_ohne_rechtsfolgenbelehrung_droht_nichts_an(welt):
    """The first invitation after the Potenzialanalyse (§ 15 Abs. 4 SGB II,
    2023) carries none: the letter names no consequence."""
    einladung = _einladung(welt, mit_rechtsfolgenbelehrung=False, rechtsstand="buergergeld-2023")
    seiten, text = lesen(einladung_pdf(einladung))
    assert seiten == 1
    assert "Rechtsfolgenbelehrung" not in text
    assert "kürzen" not in text
    assert "Wenn Sie nicht kommen können" in text


@pytest.mark.parametrize(
    ("form", "ort", "erwartet"),
    [
        ("telefon", "", "Wann und wie"),
        ("video", "", "Den Zugang schicken wir Ihnen vor dem Termin."),
        ("video", "https://video.jobcenter-ge.invalid/raum-7", "raum-7"),
    ],
)
def test_einladung_per_telefon_oder_video(welt, form, ort, erwartet):
    einladung = _einladung(welt, form=form, ort=ort)
    seiten, text = lesen(einladung_pdf(einladung))
    assert seiten == 1
    assert erwartet in text
    assert "Bitte kommen Sie pünktlich" not in text
    if form == "telefon":
        assert "Wir rufen Sie an." in text


def test_einladung_mit_dolmetschen(welt):
    einladung = _einladung(welt, sprache="ar", dolmetschen="ar")
    seiten, text = lesen(einladung_pdf(einladung))
    assert seiten == 1
    assert "Arabisch: Wir bestellen jemanden, der für Sie übersetzt." in text


def test_einladung_zweisprachig_arabisch_von_rechts_nach_links(welt):
    einladung = _einladung(welt, sprache="ar", dolmetschen="ar")
    pdf = einladung_pdf(einladung)
    _ablegen_zum_ansehen("einladung-ar.pdf", pdf)
    seiten, text = lesen(pdf)
    assert seiten == 1
    # Noto Sans Arabic draws some letters as a dotless base plus dots that a
    # PDF text layer cannot map back one to one; these read back exactly.
    assert "Einladung zu einem Termin دعوة إلى موعد" in text
    assert "اسأل عن" in text
    assert "Wann und wo" in text  # the German stays
    # Every heading the letter has, in Arabic, marked right to left.
    html = EinladungPdf(einladung).html()
    ar = UEBERSETZUNGEN["ar"]
    for schluessel in (
        "einladung",
        "wann_wo",
        "worum",
        "fragen_nach",
        "mitbringen",
        "dolmetschen",
        "verhindert",
        "rechtsfolgen",
        "kontakt",
    ):
        assert f'lang="ar" dir="rtl">{ar[schluessel]}</span>' in html, schluessel


def test_einladung_zweisprachig_ukrainisch(welt):
    einladung = _einladung(welt, sprache="uk")
    pdf = einladung_pdf(einladung)
    _ablegen_zum_ansehen("einladung-uk.pdf", pdf)
    seiten, text = lesen(pdf)
    assert seiten == 1
    uk = UEBERSETZUNGEN["uk"]
    for de, schluessel in (
        ("Einladung zu einem Termin", "einladung"),
        ("Wann und wo", "wann_wo"),
        ("Worum es geht", "worum"),
        ("Bitte bringen Sie mit", "mitbringen"),
        ("Wenn Sie nicht kommen können", "verhindert"),
        ("Bei Fragen und Notfällen", "kontakt"),
    ):
        assert f"{de} {uk[schluessel]}" in text, schluessel


def test_jede_sprache_hat_jede_ueberschrift_der_briefe():
    schluessel = set(UEBERSETZUNGEN["en"])
    assert {"einladung", "anhoerung", "was_geschah", "was_folgen", "antworten"} <= schluessel
    for sprache, texte in UEBERSETZUNGEN.items():
        assert set(texte) == schluessel, sprache
        assert all(t.strip() for t in texte.values()), sprache


def test_laengste_einladung_passt_auf_eine_seite(welt):
    """Everything filled in, at the length the service allows for a line of
    things to bring, with the longest Rechtsfolgenbelehrung and Arabic."""
    einladung = _einladung(
        welt,
        sprache="ar",
        dolmetschen="ar",
        zweck=(
            "Wir sprechen über Ihren Kooperationsplan, Ihre Bewerbungen der letzten Wochen "
            "und darüber, welcher Sprachkurs für Sie passt."
        ),
        mitbringen="\n".join(
            [
                "Ihren Personalausweis oder Pass",
                "Ihren Lebenslauf",
                "Ihre Zeugnisse",
                "Die Liste Ihrer Bewerbungen",
                "Diesen Brief",
                "Die Bescheinigung vom Sprachkurs",
            ]
        ),
    )
    pdf = einladung_pdf(einladung)
    _ablegen_zum_ansehen("einladung-lang.pdf", pdf)
    seiten, _ = lesen(pdf)
    assert seiten == 1


# --- The hearing letter -----------------------------------------------------------


def test_anhoerung_nennt_was_geschah_die_folge_und_die_frist(welt):
    anhoerung = _anhoerung(_einladung(welt, rechtsstand="buergergeld-2023"))
    pdf = anhoerung_pdf(anhoerung)
    _ablegen_zum_ansehen("anhoerung-de.pdf", pdf)
    seiten, text = lesen(pdf)
    assert seiten == 1
    assert "Anhörung: Bitte sagen Sie uns Ihre Gründe" in text
    assert "Dienstag, 30.03.2027 um 09:00 Uhr" in text
    assert "Sie sind nicht zu diesem Termin gekommen" in text
    # What may follow, from the ladder of the law on the day of the appointment.
    assert "Datum: 01.04.2027" in text
    assert "Bitte antworten Sie bis zum 15.04.2027." in text
    assert "jobcenter-rheinstadt@jobcenter-ge.invalid" in text
    assert "Persönliches Gespräch" not in text


def test_anhoerung_nennt_die_stufe_nach_frueheren_versaeumnissen(welt):
    """Under the 2026 ladder the first miss reduces nothing, the second does."""
    erste = _anhoerung(_einladung(welt))
    _, text = lesen(anhoerung_pdf(erste))
    assert "Wir kürzen noch nichts" in text
    assert "zählt dieser Termin mit" in text

    from plans.models import Pflichtverletzung

    Pflichtverletzung.objects.create(
        leistungsberechtigter=welt.eigener_fall,
        art="meldeversaeumnis",
        tat_am=D(2027, 2, 2),
        festgestellt_am=D(2027, 2, 20),
        beschreibung="Nicht zum Termin am 02.02.2027 gekommen.",
        folge="keine Minderung",
        erstellt_von=welt.users[Rolle.IFK],
    )
    zweite = _anhoerung(
        _einladung(welt, beginn=datetime.datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN)),
        versandt_am=D(2027, 4, 7),
        antwort_bis=D(2027, 4, 21),
    )
    _, text = lesen(anhoerung_pdf(zweite))
    assert "Es wäre das 2. Mal innerhalb eines Jahres" in text
    assert "Wir kürzen Ihr Grundsicherungsgeld 1 Monat lang um 30 Prozent" in text


def test_anhoerung_laedt_zum_persoenlichen_gespraech_wo_es_verlangt_ist(welt):
    anhoerung = _anhoerung(_einladung(welt, sprache="uk"), form="persoenlich_erforderlich")
    pdf = anhoerung_pdf(anhoerung)
    _ablegen_zum_ansehen("anhoerung-uk.pdf", pdf)
    seiten, text = lesen(pdf)
    assert seiten == 1
    uk = UEBERSETZUNGEN["uk"]
    assert f"Persönliches Gespräch {uk['gespraech']}" in text
    assert "damit wir einen Termin für dieses Gespräch vereinbaren" in text
    assert f"Was passiert ist {uk['was_geschah']}" in text
    assert f"Bis wann und wie Sie antworten {uk['antworten']}" in text


def test_anhoerung_arabisch(welt):
    anhoerung = _anhoerung(_einladung(welt, sprache="ar"), form="auf_verlangen")
    pdf = anhoerung_pdf(anhoerung)
    _ablegen_zum_ansehen("anhoerung-ar.pdf", pdf)
    seiten, text = lesen(pdf)
    assert seiten == 1
    assert "Sie können verlangen, dass wir persönlich mit Ihnen sprechen" in text
    html = AnhoerungPdf(anhoerung).html()
    for schluessel in ("anhoerung", "was_geschah", "was_folgen", "antworten", "gespraech"):
        assert f'lang="ar" dir="rtl">{UEBERSETZUNGEN["ar"][schluessel]}</span>' in html


# --- Stored with the hash, through the outbox ---------------------------------------


def _inhalt(objekt) -> bytes:
    with objekt.brief_pdf.open("rb") as datei:
        return datei.read()


def test_briefe_werden_mit_ihrem_hash_abgelegt(welt):
    einladung = _einladung(welt)
    einladung_brief_ablegen(einladung_id=einladung.pk)
    einladung.refresh_from_db()
    inhalt = _inhalt(einladung)
    assert hashlib.sha256(inhalt).hexdigest() == einladung.brief_sha256
    assert lesen(inhalt)[0] == 1
    gespeichert = einladung.brief_sha256
    einladung_brief_ablegen(einladung_id=einladung.pk)  # again: the first stays
    einladung.refresh_from_db()
    assert einladung.brief_sha256 == gespeichert

    anhoerung = _anhoerung(einladung)
    anhoerung_brief_ablegen(anhoerung_id=anhoerung.pk)
    anhoerung.refresh_from_db()
    inhalt = _inhalt(anhoerung)
    assert hashlib.sha256(inhalt).hexdigest() == anhoerung.brief_sha256
    assert "Bitte antworten Sie bis zum 15.04.2027." in lesen(inhalt)[1]


def test_der_postausgang_holt_fehlende_briefe_nach(welt, monkeypatch):
    """A letter whose task was lost (broker down) is made by the sweep."""
    einladung = _einladung(welt)
    anhoerung = _anhoerung(einladung)
    assert not einladung.brief_pdf
    assert not anhoerung.brief_pdf
    # Younger than the sweep's wait: left to the task still on its way.
    assert fehlende_pdf_beauftragen() == 0
    monkeypatch.setattr(tasks, "NACHHOLEN_NACH", datetime.timedelta(seconds=-60))
    assert fehlende_pdf_beauftragen() == 2
    einladung.refresh_from_db()
    anhoerung.refresh_from_db()
    assert hashlib.sha256(_inhalt(einladung)).hexdigest() == einladung.brief_sha256
    assert hashlib.sha256(_inhalt(anhoerung)).hexdigest() == anhoerung.brief_sha256
    assert fehlende_pdf_beauftragen() == 0


# --- iCalendar ---------------------------------------------------------------------


def _termin(ics: bytes):
    kalender = icalendar.Calendar.from_ical(ics)
    (termin,) = kalender.walk("VEVENT")
    return kalender, termin


@pytest.mark.parametrize(
    ("lokal", "utc"),
    [
        # Around the start of summer time (28 March 2027) ...
        (
            datetime.datetime(2027, 3, 26, 9, 0, tzinfo=BERLIN),
            datetime.datetime(2027, 3, 26, 8, 0, tzinfo=UTC),
        ),
        (
            datetime.datetime(2027, 3, 30, 9, 0, tzinfo=BERLIN),
            datetime.datetime(2027, 3, 30, 7, 0, tzinfo=UTC),
        ),
        # ... and its end (31 October 2027: 25 October is still summer time).
        (
            datetime.datetime(2027, 10, 25, 9, 0, tzinfo=BERLIN),
            datetime.datetime(2027, 10, 25, 7, 0, tzinfo=UTC),
        ),
        (
            datetime.datetime(2027, 11, 2, 9, 0, tzinfo=BERLIN),
            datetime.datetime(2027, 11, 2, 8, 0, tzinfo=UTC),
        ),
    ],
)
@pytest.mark.parametrize("fuer", ["person", "ifk"])
def test_ics_ortszeit_ueber_die_zeitumstellung(welt, lokal, utc, fuer):
    einladung = _einladung(welt, beginn=lokal)
    ics = einladung_ics(einladung, fuer)
    kalender, termin = _termin(ics)
    beginn = termin.decoded("dtstart")
    assert beginn.astimezone(UTC) == utc
    assert (beginn.hour, beginn.minute) == (9, 0)
    assert termin.decoded("dtend") - beginn == datetime.timedelta(minutes=30)
    assert f"DTSTART;TZID=Europe/Berlin:{lokal:%Y%m%dT%H%M%S}" in ics.decode()
    (zone,) = kalender.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert {str(s["TZNAME"]) for s in zone.walk("DAYLIGHT")} == {"CEST"}


def test_ics_nennt_nur_was_die_empfaenger_brauchen(welt):
    einladung = _einladung(welt, dolmetschen="ar")
    person = welt.eigener_fall
    _, fuer_person = _termin(einladung_ics(einladung, "person"))
    text = " ".join(str(fuer_person[f]) for f in ("summary", "location", "description"))
    assert "Jobcenter Rheinstadt" in text
    assert "Raum 2.14" in text
    assert "Wir sprechen über Ihre nächsten Schritte" in text
    assert person.nachname not in einladung_ics(einladung, "person").decode()
    assert person.kundennummer not in einladung_ics(einladung, "person").decode()

    ics_ifk = einladung_ics(einladung, "ifk").decode()
    _, fuer_ifk = _termin(ics_ifk.encode())
    assert f"{person.vorname} {person.nachname}" in str(fuer_ifk["summary"])
    for privat in (person.strasse, person.plz, str(person.geburtsdatum.year)):
        assert privat not in ics_ifk


def test_ics_uid_bleibt_beim_verlegen_und_sequence_steigt(welt):
    erste = _einladung(welt)
    zweite = _einladung(welt, beginn=datetime.datetime(2027, 4, 6, 10, 0, tzinfo=BERLIN))
    dritte = _einladung(welt, beginn=datetime.datetime(2027, 4, 13, 10, 0, tzinfo=BERLIN))
    Einladung.objects.filter(pk=erste.pk).update(ergebnis="verlegt", verlegt_auf=zweite)
    Einladung.objects.filter(pk=zweite.pk).update(ergebnis="verlegt", verlegt_auf=dritte)
    andere = _einladung(welt, beginn=datetime.datetime(2027, 5, 4, 10, 0, tzinfo=BERLIN))
    termine = [_termin(einladung_ics(e))[1] for e in (erste, zweite, dritte, andere)]
    uids = [str(t["uid"]) for t in termine]
    assert uids[0] == uids[1] == uids[2] != uids[3]
    assert [t.decoded("sequence") for t in termine[:3]] == [0, 1, 2]
    assert termine[2].decoded("dtstart") == datetime.datetime(2027, 4, 13, 10, 0, tzinfo=BERLIN)
    # The same invitation gives the same file until it changes.
    assert einladung_ics(dritte) == einladung_ics(dritte)


def test_ics_abgesagter_termin_ist_abgesagt(welt):
    einladung = _einladung(welt)
    _, vorher = _termin(einladung_ics(einladung))
    Einladung.objects.filter(pk=einladung.pk).update(ergebnis="abgesagt")
    einladung.refresh_from_db()
    _, nachher = _termin(einladung_ics(einladung))
    assert str(nachher["status"]) == "CANCELLED"
    assert nachher.decoded("sequence") > vorher.decoded("sequence")
    assert str(nachher["uid"]) == str(vorher["uid"])


def test_briefe_sind_zugaengliche_pdf(welt):
    """Like every document the Jobcenter hands out: tagged PDF/UA-1, titled
    with the person's name, headings in the structure tree."""
    from tests.plans.test_pdf_ua import _zugaenglich

    einladung = _einladung(welt, sprache="ar")
    _zugaenglich(einladung_pdf(einladung), welt.eigener_fall.nachname)
    _zugaenglich(anhoerung_pdf(_anhoerung(einladung)), welt.eigener_fall.nachname)
