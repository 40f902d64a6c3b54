"""The Bescheid as the letter the person receives: rendered once after
issue, stored with its hash, downloaded by those who may see the plan."""

import datetime
import hashlib
import io
import os

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from kooperation.access import Rolle
from kooperation.audit import eintraege_zu
from plans.dokumente.ablage import bescheid_pdf_ablegen
from plans.services.nichteinigung import aufforderung_erlassen, pflichten_festsetzen
from plans.services.vereinbarung import planversion_vereinbaren
from plans.tasks import fehlende_pdf_beauftragen
from tests.api_helfer import api_client
from tests.plans.factories import angebot, entwurf, pflicht
from tests.plans.pdf_hilfen import lesen

D = datetime.date

PFLICHTEN = [
    pflicht(
        "Sie bewerben sich auf Stellen als Friseurin.",
        wie_oft="4 Bewerbungen im Monat",
        nachweis="Liste der Bewerbungen bis zum 5. des Folgemonats zeigen",
    ),
    pflicht(
        "Sie gehen zum Bewerbungs-Training.",
        wie_oft="einmal",
        bis=D(2026, 11, 30),
        nachweis="Teilnahmebescheinigung abgeben",
    ),
]
ANGEBOTE = [
    angebot("Wir bezahlen Ihre Bewerbungsfotos."),
    angebot("Wir bezahlen das Bewerbungs-Training.", bis=D(2026, 11, 30)),
]


def _bescheid(welt, django_capture_on_commit_callbacks, **felder):
    jc = welt.jc
    jc.telefon = "0621 123 456-0"
    jc.email = "jobcenter-rheinstadt@jobcenter-ge.invalid"
    jc.oeffnungszeiten = "Mo–Fr 8–12 Uhr"
    jc.save()
    person = welt.eigener_fall
    person.strasse, person.plz, person.ort = "Am Markt 3", "68159", "Rheinstadt"
    person.save()
    ifk = welt.users[Rolle.IFK]
    version = entwurf(welt, begonnen_am=D(2026, 9, 1))
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 9, 3))
    with django_capture_on_commit_callbacks(execute=True):
        bescheid = pflichten_festsetzen(
            acting_user=ifk,
            plan=version.plan,
            erlassen_am=D(2026, 10, 15),
            pflichten=PFLICHTEN,
            angebote=ANGEBOTE,
            begruendung="Sie haben sich im September und Oktober nicht beworben, "
            "obwohl wir das im Kooperationsplan verabredet hatten.",
            **felder,
        )
    bescheid.refresh_from_db()
    return bescheid


def _inhalt(bescheid) -> bytes:
    with bescheid.pdf.open("rb") as datei:
        return datei.read()


def test_bescheid_wird_als_brief_abgelegt(welt, django_capture_on_commit_callbacks):
    bescheid = _bescheid(welt, django_capture_on_commit_callbacks, zur_post_am=D(2026, 10, 16))
    assert bescheid.pdf
    inhalt = _inhalt(bescheid)
    assert hashlib.sha256(inhalt).hexdigest() == bescheid.pdf_sha256
    if ziel := os.environ.get("BESCHEID_PDF_ABLEGEN"):
        with open(ziel, "wb") as f:
            f.write(inhalt)
    seiten, text = lesen(inhalt)
    assert seiten <= 2
    person = welt.eigener_fall
    assert f"{person.vorname} {person.nachname}" in text
    assert "Am Markt 3" in text
    assert "68159 Rheinstadt" in text
    assert welt.jc.name in text
    assert "Datum: 15.10.2026" in text
    # Each obligation in plain words: what, how often, by when, how to show it.
    assert (
        "Sie bewerben sich auf Stellen als Friseurin. Wie oft: 4 Bewerbungen im Monat · "
        "Bis wann: solange der Bescheid gilt · So zeigen Sie es uns: Liste der Bewerbungen "
        "bis zum 5. des Folgemonats zeigen"
    ) in text
    assert (
        "Sie gehen zum Bewerbungs-Training. Wie oft: einmal · Bis wann: 30.11.2026 · "
        "So zeigen Sie es uns: Teilnahmebescheinigung abgeben"
    ) in text
    assert "Wir bezahlen Ihre Bewerbungsfotos." in text
    assert "Wir bezahlen das Bewerbungs-Training. (bis 30.11.2026)" in text
    # One page first: what to do, the offers and how long it holds are all on
    # the first page; only the legal notices may run onto the second.
    erste = " ".join((PdfReader(io.BytesIO(inhalt)).pages[0].extract_text() or "").split())
    for teil in (
        "Das müssen Sie tun",
        "Teilnahmebescheinigung abgeben",
        "Das macht das Jobcenter",
        "Dieser Bescheid gilt bis zum 15.04.2027",
    ):
        assert teil in erste, teil
    assert "Dieser Bescheid gilt bis zum 15.04.2027" in text
    # Rechtsfolgenbelehrung and Rechtsbehelfsbelehrung as stored on the Bescheid.
    for zeile in bescheid.rechtsfolgenbelehrung.splitlines():
        assert " ".join(zeile.split()) in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "innerhalb eines Monats nach seiner Bekanntgabe Widerspruch" in text
    assert "Die Frist endet am 20.11.2026" in text
    assert "am 16.10.2026 zur Post gegeben" in text
    assert "bekannt gegeben am 20.10.2026" in text


def test_bescheid_persoenlich_uebergeben(welt, django_capture_on_commit_callbacks):
    bescheid = _bescheid(welt, django_capture_on_commit_callbacks)
    _, text = lesen(_inhalt(bescheid))
    assert "am 15.10.2026 persönlich übergeben" in text
    assert "bekannt gegeben am 15.10.2026" in text


def test_aufforderung_ohne_rechtsbehelfsbelehrung(welt, django_capture_on_commit_callbacks):
    plan = entwurf(welt, begonnen_am=D(2026, 3, 2)).plan
    with django_capture_on_commit_callbacks(execute=True):
        aufforderung = aufforderung_erlassen(
            acting_user=welt.users[Rolle.IFK],
            plan=plan,
            erlassen_am=D(2026, 4, 10),
            pflichten="Sie bewerben sich jeden Monat auf vier Stellen.",
            begruendung="Es kam kein Plan zustande.",
        )
    aufforderung.refresh_from_db()
    seiten, text = lesen(_inhalt(aufforderung))
    assert seiten <= 2
    assert "Aufforderung: Das müssen Sie tun" in text
    assert "Wir konnten mit Ihnen keinen Kooperationsplan vereinbaren." in text
    assert "Rechtsbehelfsbelehrung" not in text


def test_verlorene_aufgabe_holt_der_nachlauf_nach(welt, monkeypatch):
    """Issued while the broker was down: the sweep publishes the rendering."""
    from plans import tasks

    version = entwurf(welt)
    bescheid = pflichten_festsetzen(  # no commit in a test: the task never ran
        acting_user=welt.users[Rolle.IFK],
        plan=version.plan,
        erlassen_am=D(2026, 10, 15),
        pflichten=[pflicht("Vier Bewerbungen im Monat.")],
        begruendung="Kein Plan.",
    )
    assert not bescheid.pdf
    monkeypatch.setattr(tasks, "NACHHOLEN_NACH", datetime.timedelta(seconds=-60))
    assert fehlende_pdf_beauftragen() >= 1
    bescheid.refresh_from_db()
    assert bescheid.pdf
    gespeichert = bescheid.pdf_sha256
    bescheid_pdf_ablegen(bescheid_id=bescheid.pk)  # again: the first stays
    bescheid.refresh_from_db()
    assert bescheid.pdf_sha256 == gespeichert


SEHEN = {Rolle.IFK, Rolle.TEAMLEITUNG, Rolle.API_CLIENT}


@pytest.mark.parametrize("rolle", [*Rolle, "fremd"])
def test_bescheid_herunterladen_je_rolle(welt, client, django_capture_on_commit_callbacks, rolle):
    """As for the plan's PDF: who may see the plan; the read is audited."""
    bescheid = _bescheid(welt, django_capture_on_commit_callbacks)
    user = welt.fremde_ifk if rolle == "fremd" else welt.users[rolle]
    client.force_login(user)
    antwort = client.get(reverse("plans:bescheid_pdf", args=[bescheid.pk]))
    lesen_eintraege = eintraege_zu(bescheid).filter(action=LogEntry.Action.ACCESS)
    if rolle in SEHEN:
        assert antwort.status_code == 200
        inhalt = b"".join(antwort.streaming_content)
        assert hashlib.sha256(inhalt).hexdigest() == bescheid.pdf_sha256
        assert antwort["X-Content-SHA256"] == bescheid.pdf_sha256
        eintrag = lesen_eintraege.get()
        assert eintrag.actor == user
        assert eintrag.additional_data["grund"] == "Bescheid als PDF abgerufen"
    else:
        assert antwort.status_code == 404
        assert not lesen_eintraege.exists()


def test_bescheid_pdf_gibt_es_erst_nach_dem_rendern(welt, client):
    bescheid = pflichten_festsetzen(  # no commit: the task has not rendered yet
        acting_user=welt.users[Rolle.IFK],
        plan=entwurf(welt).plan,
        erlassen_am=D(2026, 10, 15),
        pflichten=[pflicht("Vier Bewerbungen im Monat.")],
        begruendung="Kein Plan.",
    )
    client.force_login(welt.users[Rolle.IFK])
    assert client.get(reverse("plans:bescheid_pdf", args=[bescheid.pk])).status_code == 404
    html = client.get(f"/plaene/{bescheid.plan_id}/").content.decode()
    assert "Das PDF wird gerade erstellt." in html


def test_plan_seite_verlinkt_den_bescheid(welt, client, django_capture_on_commit_callbacks):
    bescheid = _bescheid(welt, django_capture_on_commit_callbacks)
    client.force_login(welt.users[Rolle.TEAMLEITUNG])
    html = client.get(f"/plaene/{bescheid.plan_id}/").content.decode()
    assert "Bescheid als PDF" in html
    assert f"/plaene/bescheide/{bescheid.pk}/bescheid.pdf" in html


@pytest.mark.parametrize(
    ("rolle", "erwartet"),
    [
        (Rolle.API_CLIENT, 200),
        (Rolle.IFK, 200),
        (Rolle.TRAEGER, 403),
        (Rolle.GESCHAEFTSFUEHRUNG, 403),
        ("fremd", 404),
    ],
)
def test_bescheid_ueber_die_schnittstelle(
    welt, django_capture_on_commit_callbacks, rolle, erwartet
):
    bescheid = _bescheid(welt, django_capture_on_commit_callbacks)
    user = welt.fremde_ifk if rolle == "fremd" else welt.users[rolle]
    api = api_client(user)
    pfad = f"/api/v1/kooperationsplaene/{bescheid.plan_id}/bescheide/{bescheid.pk}/pdf/"
    antwort = api.get(pfad, HTTP_ACCEPT="application/pdf")
    assert antwort.status_code == erwartet
    if erwartet == 200:
        inhalt = b"".join(antwort.streaming_content)
        assert hashlib.sha256(inhalt).hexdigest() == bescheid.pdf_sha256
        plan = api.get(f"/api/v1/kooperationsplaene/{bescheid.plan_id}/").json()
        assert plan["festsetzungen"][0]["pdf_sha256"] == bescheid.pdf_sha256
        # Another plan's number in the path finds nothing.
        fremd = api.get(
            f"/api/v1/kooperationsplaene/{bescheid.plan_id}/bescheide/{bescheid.pk + 999}/pdf/"
        )
        assert fremd.status_code == 404
        assert "Bescheid" in fremd.json()["detail"]


def test_loeschen_der_person_entfernt_den_brief(welt, django_capture_on_commit_callbacks):
    from plans.services.loeschung import person_loeschen

    bescheid = _bescheid(welt, django_capture_on_commit_callbacks)
    name, speicher = bescheid.pdf.name, bescheid.pdf.storage
    assert speicher.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        bericht = person_loeschen(person_id=welt.eigener_fall.pk)
    assert bericht.dateien == 1  # the letter (the plan's own PDF was never rendered here)
    assert not speicher.exists(name)
