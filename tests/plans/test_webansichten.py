"""The letters and the Auskunft as accessible web pages: the same template
and data as their PDF, so the same words; the same people may open them, and
opening them is recorded like downloading the PDF."""

import datetime
import io
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils.html import strip_tags
from pypdf import PdfReader

from kooperation.access import Rolle
from kooperation.audit import eintraege_zu
from plans.dokumente.einladung import anhoerung_pdf, einladung_pdf
from plans.dokumente.uebersetzungen import UEBERSETZUNGEN
from tests.plans.pdf_hilfen import lesen
from tests.plans.test_auskunft import akte  # noqa: F401 (fixture)
from tests.plans.test_bescheid_pdf import _bescheid, _inhalt
from tests.plans.test_termin_dokumente import _anhoerung, _einladung


def _text(html: str) -> str:
    body = html.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", strip_tags(body)).replace("&nbsp;", " ")


def _gelesen(objekt, grund):
    return eintraege_zu(objekt).filter(action=LogEntry.Action.ACCESS, additional_data__grund=grund)


SEHEN = {Rolle.IFK, Rolle.TEAMLEITUNG, Rolle.API_CLIENT}


@pytest.mark.parametrize("rolle", [*Rolle, "fremd"])
def test_bescheid_als_webseite_je_rolle(welt, client, django_capture_on_commit_callbacks, rolle):
    bescheid = _bescheid(
        welt, django_capture_on_commit_callbacks, zur_post_am=datetime.date(2026, 10, 16)
    )
    user = welt.fremde_ifk if rolle == "fremd" else welt.users[rolle]
    client.force_login(user)
    antwort = client.get(reverse("plans:bescheid_ansicht", args=[bescheid.pk]))
    gelesen = _gelesen(bescheid, "Bescheid als Webseite gelesen")
    if rolle not in SEHEN:
        assert antwort.status_code == 404
        assert not gelesen.exists()
        return
    assert antwort.status_code == 200
    assert "no-store" in antwort["Cache-Control"]
    html = antwort.content.decode()
    assert '<html lang="de">' in html
    person = bescheid.plan.leistungsberechtigter
    assert f"<title>{bescheid} – {person.vorname} {person.nachname}</title>" in html
    seite = _text(html)
    _, pdf = lesen(_inhalt(bescheid))
    # What the letter says, word for word in both (the PDF's text as extracted).
    for satz in (
        "Bescheid: Das müssen Sie tun – bis",
        "Das müssen Sie tun",
        "Sie bewerben sich auf Stellen als Friseurin.",
        "Wie oft: 4 Bewerbungen im Monat",
        "So zeigen Sie es uns: Teilnahmebescheinigung abgeben",
        "Wir bezahlen Ihre Bewerbungsfotos.",
        "Das macht das Jobcenter für Sie",
        "obwohl wir das im Kooperationsplan verabredet hatten.",
        "Wie lange das gilt",
        "Bekanntgabe",
        "Wir haben diesen Bescheid am 16.10.2026 zur Post gegeben.",
        "Mit freundlichen Grüßen",
        f"Kundennummer: {bescheid.plan.leistungsberechtigter.kundennummer}",
    ):
        assert satz in pdf, satz
        assert satz in seite, satz
    for ueberschrift in re.findall(r"<h2>(.*?)</h2>", html):
        assert ueberschrift in pdf
    # One h1, the rest h2: no skipped levels.
    assert html.count("<h1") == 1
    assert not re.search(r"<h[3-6]", html)
    assert gelesen.get().actor == user


def test_plan_seite_verlinkt_den_bescheid_als_webseite(
    welt, client, django_capture_on_commit_callbacks
):
    bescheid = _bescheid(welt, django_capture_on_commit_callbacks)
    client.force_login(welt.users[Rolle.IFK])
    html = client.get(f"/plaene/{bescheid.plan_id}/").content.decode()
    assert f'href="/plaene/bescheide/{bescheid.pk}/ansicht/">Als Webseite lesen' in html


def test_auskunft_als_webseite_fuer_die_zustaendige_ifk(client, akte):  # noqa: F811
    person = akte.eigener_fall
    client.force_login(akte.users[Rolle.IFK])
    pdf_antwort = client.get(reverse("plans:auskunft", args=[person.pk]))
    pdf = " ".join(
        " ".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf_antwort.content)).pages).split()
    )
    antwort = client.get(reverse("plans:auskunft_ansicht", args=[person.pk]))
    assert antwort.status_code == 200
    assert "no-store" in antwort["Cache-Control"]
    html = antwort.content.decode()
    assert '<html lang="de">' in html
    assert f"<title>Auskunft über Ihre Daten – {person}</title>" in html
    seite = _text(html)
    for satz in (
        "Auskunft über Ihre Daten",
        "Wozu wir Ihre Daten verarbeiten",
        "An wen wir Daten gegeben haben",
        "Schuldnerhilfe Rheinstadt e. V.",
        "Ich will als Gärtnerin arbeiten.",
        "Mietschulden beim Vermieter",
        "Kontaktdaten und Höhe der Schulden",
        "Wann Ihre Daten gelesen oder geändert wurden",
    ):
        assert satz in pdf, satz
        assert satz in seite, satz
    for ueberschrift in re.findall(r"<h2>(.*?)</h2>", html):
        assert ueberschrift in pdf
    eintrag = _gelesen(person, "Auskunft nach Art. 15 DSGVO erteilt (Webseite)").get()
    assert eintrag.actor == akte.users[Rolle.IFK]
    fall = client.get(f"/faelle/{person.pk}/").content.decode()
    assert f'href="/faelle/{person.pk}/auskunft/ansicht/"' in fall


@pytest.mark.parametrize(
    "rolle", [Rolle.TEAMLEITUNG, Rolle.GESCHAEFTSFUEHRUNG, Rolle.TRAEGER, Rolle.ADMINISTRATION]
)
def test_andere_rollen_erhalten_die_auskunft_nicht_als_webseite(client, akte, rolle):  # noqa: F811
    person = akte.eigener_fall
    client.force_login(akte.users[rolle])
    antwort = client.get(reverse("plans:auskunft_ansicht", args=[person.pk]))
    assert antwort.status_code in (403, 404)
    assert not _gelesen(person, "Auskunft nach Art. 15 DSGVO erteilt (Webseite)").exists()


def test_kollegin_und_anderes_jobcenter_erhalten_sie_nicht(client, akte):  # noqa: F811
    client.force_login(akte.users[Rolle.IFK])
    assert client.get(f"/faelle/{akte.team_fall.pk}/auskunft/ansicht/").status_code == 403
    assert client.get(f"/faelle/{akte.fremder_fall.pk}/auskunft/ansicht/").status_code == 404


# --- The letters of an appointment ------------------------------------------------

BRIEF_STATUS = {
    Rolle.IFK: 200,
    Rolle.TEAMLEITUNG: 200,
    Rolle.TRAEGER: 403,
    Rolle.GESCHAEFTSFUEHRUNG: 403,
    Rolle.ADMINISTRATION: 403,
    Rolle.API_CLIENT: 403,
    "fremd": 404,
}


def _seite_und_pdf(client, url, pdf: bytes):
    antwort = client.get(url)
    return antwort, _text(antwort.content.decode()), lesen(pdf)[1]


@pytest.mark.parametrize("rolle", BRIEF_STATUS)
def test_einladungsbrief_als_webseite_je_rolle(welt, client, rolle):
    einladung = _einladung(welt, sprache="ar", dolmetschen="ar")
    user = welt.fremde_ifk if rolle == "fremd" else welt.users[rolle]
    client.force_login(user)
    antwort, seite, pdf = _seite_und_pdf(
        client, reverse("plans:einladung_ansicht", args=[einladung.pk]), einladung_pdf(einladung)
    )
    gelesen = _gelesen(einladung, "Einladungsbrief als Webseite gelesen")
    assert antwort.status_code == BRIEF_STATUS[rolle]
    if antwort.status_code != 200:
        assert not gelesen.exists()
        return
    assert "no-store" in antwort["Cache-Control"]
    html = antwort.content.decode()
    assert '<html lang="de">' in html
    # What the letter says, in both: day, time, place, whom to ask for, what
    # to bring, the Rechtsfolgenbelehrung, how to reach the Jobcenter.
    for satz in (
        "Einladung zu einem Termin",
        "Dienstag, 30.03.2027",
        "09:00 Uhr (bis etwa 09:30 Uhr)",
        "Raum 2.14, 2. Stock",
        "Frau Petersen (Empfang, 2. Stock)",
        "Wir sprechen über Ihre nächsten Schritte zur Arbeit als Friseurin.",
        "Zeugnisse aus Ihrem Heimatland",
        "Wenn Sie nicht kommen können",
        "Rechtsfolgenbelehrung",
        "Bei Fragen und Notfällen",
        "0621 123 456-0",
    ):
        assert satz in pdf, satz
        assert satz in seite, satz
    # The Arabic headings beside the German, marked for a screen reader.
    assert f'lang="ar" dir="rtl">{UEBERSETZUNGEN["ar"]["wann_wo"]}</span>' in html
    assert html.count("<h1") == 1
    # A way back to the invitation; no PDF link while the letter is not filed.
    assert f'href="{reverse("plans:einladung", args=[einladung.pk])}"' in html
    assert reverse("plans:einladung_brief", args=[einladung.pk]) not in html
    assert gelesen.get().actor == user


@pytest.mark.parametrize("rolle", BRIEF_STATUS)
def test_anhoerungsbrief_als_webseite_je_rolle(welt, client, rolle):
    anhoerung = _anhoerung(
        _einladung(welt, rechtsstand="buergergeld-2023"), form="persoenlich_erforderlich"
    )
    user = welt.fremde_ifk if rolle == "fremd" else welt.users[rolle]
    client.force_login(user)
    antwort, seite, pdf = _seite_und_pdf(
        client, reverse("plans:anhoerung_ansicht", args=[anhoerung.pk]), anhoerung_pdf(anhoerung)
    )
    gelesen = _gelesen(anhoerung, "Anhörungsbrief als Webseite gelesen")
    assert antwort.status_code == BRIEF_STATUS[rolle]
    if antwort.status_code != 200:
        assert not gelesen.exists()
        return
    for satz in (
        "Anhörung: Bitte sagen Sie uns Ihre Gründe",
        "Dienstag, 30.03.2027 um 09:00 Uhr",
        "Sie sind nicht zu diesem Termin gekommen",
        "Bitte antworten Sie bis zum 15.04.2027.",
        "Persönliches Gespräch",
    ):
        assert satz in pdf, satz
        assert satz in seite, satz
    html = antwort.content.decode()
    assert f'href="{reverse("plans:anhoerung", args=[anhoerung.pk])}"' in html
    assert gelesen.get().actor == user


def test_seiten_der_termine_verlinken_die_briefe_als_webseite(welt, client):
    anhoerung = _anhoerung(_einladung(welt))
    einladung = anhoerung.einladung
    client.force_login(welt.users[Rolle.IFK])
    seite = client.get(reverse("plans:einladung", args=[einladung.pk])).content.decode()
    assert (
        f'href="{reverse("plans:einladung_ansicht", args=[einladung.pk])}">'
        "Einladungsbrief als Webseite lesen" in seite
    )
    seite = client.get(reverse("plans:anhoerung", args=[anhoerung.pk])).content.decode()
    assert (
        f'href="{reverse("plans:anhoerung_ansicht", args=[anhoerung.pk])}">'
        "Anhörungsbrief als Webseite lesen" in seite
    )
