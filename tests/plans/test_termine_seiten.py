"""The appointment pages as a user meets them: inviting from the person page,
recording an outcome with the fields it needs, the hearing up to the notice
to the benefits team, the IFK's week and the Teamleitung's view; each page
offers only the steps the state allows and refuses the others."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kooperation.access import Rolle
from plans.dokumente.ablage import einladung_brief_ablegen
from plans.models.termin import Einladung
from plans.views.termine import montag_der_woche
from tests.plans import termine_hilfen
from tests.plans.termine_hilfen import arbeitstag

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _einladung(welt, *, tage=-1, person=None, stunde=10) -> Einladung:
    """An invitation of the IFK's own case ``tage`` from today (negative:
    past, so its outcome can be recorded)."""
    tag = timezone.localdate() + datetime.timedelta(days=tage)
    return termine_hilfen.einladung(welt, tag=tag, person=person, stunde=stunde)


def test_einladen_von_der_personenseite(welt):
    ifk = _client(welt.users[Rolle.IFK])
    person = welt.eigener_fall
    seite = ifk.get(f"/faelle/{person.pk}/")
    assert f'href="/faelle/{person.pk}/einladen/"' in seite.content.decode()
    tag = arbeitstag(14)
    antwort = ifk.post(
        f"/faelle/{person.pk}/einladen/",
        {
            "tag": tag.isoformat(),
            "uhrzeit": "09:30",
            "dauer_minuten": "45",
            "form": "vor_ort",
            "ort": "Raum 2.04",
            "zweck": "Wir besprechen Ihren Plan.",
        },
    )
    einladung = Einladung.objects.get(leistungsberechtigter=person)
    assert antwort.status_code == 302, antwort.content.decode()
    assert antwort["Location"] == f"/einladungen/{einladung.pk}/"
    assert timezone.localtime(einladung.beginn).time() == datetime.time(9, 30)
    assert einladung.dauer_minuten == 45
    seite = ifk.get(f"/faelle/{person.pk}/").content.decode()
    assert "Nächste Termine" in seite
    assert f"{tag:%d.%m.%Y}, 09:30 Uhr" in seite


def test_einladen_vor_ort_ohne_ort_nennt_das_feld_und_speichert_nichts(welt):
    ifk = _client(welt.users[Rolle.IFK])
    person = welt.eigener_fall
    daten = {
        "tag": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "uhrzeit": "09:00",
        "dauer_minuten": "30",
        "form": "vor_ort",
        "zweck": "Gespräch",
    }
    antwort = ifk.post(f"/faelle/{person.pk}/einladen/", daten)
    assert antwort.status_code == 400
    assert 'id="id_ort-fehler"' in antwort.content.decode()
    antwort = ifk.post(f"/faelle/{person.pk}/einladen/", {**daten, "uhrzeit": "25:00"})
    assert antwort.status_code == 400
    assert 'id="id_uhrzeit-fehler"' in antwort.content.decode()
    assert not Einladung.objects.exists()


def test_teamleitung_sieht_die_einladung_aber_kann_nichts_festhalten(welt):
    einladung = _einladung(welt)
    tl = _client(welt.users[Rolle.TEAMLEITUNG])
    seite = tl.get(f"/einladungen/{einladung.pk}/")
    assert seite.status_code == 200
    assert "Ergebnis festhalten" not in seite.content.decode()
    antwort = tl.post(
        f"/einladungen/{einladung.pk}/ergebnis/",
        {"ergebnis": "erschienen", "version": einladung.version},
    )
    assert antwort.status_code == 403
    einladung.refresh_from_db()
    assert einladung.ergebnis == "offen"


def test_arbeitsunfaehig_braucht_den_zeitraum(welt):
    einladung = _einladung(welt)
    ifk = _client(welt.users[Rolle.IFK])
    antwort = ifk.post(
        f"/einladungen/{einladung.pk}/ergebnis/",
        {"ergebnis": "arbeitsunfaehig", "grund": "AU-Bescheinigung", "version": einladung.version},
    )
    assert antwort.status_code == 400
    assert "Arbeitsunfähig von" in antwort.content.decode()
    einladung.refresh_from_db()
    assert einladung.ergebnis == "offen"


def test_verlegt_legt_den_neuen_termin_an_und_verlinkt_ihn(welt):
    einladung = _einladung(welt)
    ifk = _client(welt.users[Rolle.IFK])
    neu = arbeitstag(7)
    antwort = ifk.post(
        f"/einladungen/{einladung.pk}/ergebnis/",
        {
            "ergebnis": "verlegt",
            "neuer_tag": neu.isoformat(),
            "neue_uhrzeit": "11:15",
            "version": einladung.version,
        },
    )
    assert antwort.status_code == 302
    einladung.refresh_from_db()
    assert einladung.ergebnis == "verlegt"
    seite = ifk.get(f"/einladungen/{einladung.pk}/").content.decode()
    assert f'href="/einladungen/{einladung.verlegt_auf_id}/"' in seite
    assert f"Zum neuen Termin am {neu:%d.%m.%Y} um 11:15 Uhr" in seite


def test_veraltete_version_ueberschreibt_nichts(welt):
    einladung = _einladung(welt)
    ifk = _client(welt.users[Rolle.IFK])
    antwort = ifk.post(
        f"/einladungen/{einladung.pk}/ergebnis/",
        {"ergebnis": "erschienen", "version": einladung.version + 5},
    )
    assert antwort.status_code == 400
    assert "in der Zwischenzeit" in antwort.content.decode()
    einladung.refresh_from_db()
    assert einladung.ergebnis == "offen"


def test_vom_versaeumten_termin_zur_mitteilung_an_die_leistungssachbearbeitung(welt):
    einladung = _einladung(welt)
    ifk = _client(welt.users[Rolle.IFK])
    seite = ifk.get(f"/einladungen/{einladung.pk}/").content.decode()
    assert "Der Termin ist vorbei" in seite
    assert "Anhörung einleiten" not in seite
    ifk.post(
        f"/einladungen/{einladung.pk}/ergebnis/",
        {"ergebnis": "nicht_erschienen", "version": einladung.version},
    )
    seite = ifk.get(f"/einladungen/{einladung.pk}/").content.decode()
    assert "Anhörung einleiten" in seite
    assert "Ergebnis festhalten" not in seite

    antwort = ifk.post(f"/einladungen/{einladung.pk}/anhoerung/")
    einladung.refresh_from_db()
    anhoerung = einladung.anhoerung
    assert antwort["Location"] == f"/anhoerungen/{anhoerung.pk}/"
    seite = ifk.get(f"/anhoerungen/{anhoerung.pk}/").content.decode()
    assert "Antwort der Person festhalten" in seite
    assert f"{anhoerung.antwort_bis:%d.%m.%Y}" in seite

    ifk.post(
        f"/anhoerungen/{anhoerung.pk}/antwort/",
        {
            "antwort-antwort": "Ich hatte den Termin vergessen.",
            "antwort-antwort_am": timezone.localdate().isoformat(),
            "antwort-version": anhoerung.version,
        },
    )
    anhoerung.refresh_from_db()
    seite = ifk.get(f"/anhoerungen/{anhoerung.pk}/").content.decode()
    assert "Antwort der Person festhalten" not in seite
    assert "Ich hatte den Termin vergessen." in seite

    antwort = ifk.post(
        f"/anhoerungen/{anhoerung.pk}/feststellung/",
        {
            "feststellung-wichtiger_grund": "nein",
            "feststellung-begruendung": "Vergessen ist kein wichtiger Grund.",
            "feststellung-version": anhoerung.version,
        },
    )
    assert antwort.status_code == 302
    seite = ifk.get(f"/anhoerungen/{anhoerung.pk}/").content.decode()
    assert "Mitteilung an die Leistungssachbearbeitung" in seite
    assert "1 relevantes Meldeversäumnis" in seite
    assert "Feststellung treffen" not in seite


def test_schritt_den_der_stand_nicht_erlaubt_wird_abgewiesen(welt):
    einladung = _einladung(welt)
    ifk = _client(welt.users[Rolle.IFK])
    antwort = ifk.post(f"/einladungen/{einladung.pk}/anhoerung/")
    assert antwort.status_code == 302
    einladung.refresh_from_db()
    assert not hasattr(einladung, "anhoerung")


def test_woche_zeigt_eigene_termine_mit_merkern(welt):
    heute = timezone.localdate()
    montag = heute - datetime.timedelta(days=heute.weekday())
    faellig = _einladung(welt, tage=-heute.weekday() - 7)  # last week: outcome due
    diese = _einladung(welt, tage=0)
    ifk = _client(welt.users[Rolle.IFK])
    seite = ifk.get("/termine/").content.decode()
    assert f"KW {montag.isocalendar()[1]}" in seite
    assert f'href="/einladungen/{diese.pk}/"' in seite
    person = diese.leistungsberechtigter
    zeit = f"{timezone.localtime(diese.beginn):%H:%M}"
    assert f"<strong>{zeit}</strong> {person.nachname}, {person.vorname}</a>" in seite
    assert diese.get_form_display() in seite
    assert f'href="/einladungen/{faellig.pk}/"' not in seite
    assert 'aria-current="date"' in seite
    vorige = montag - datetime.timedelta(days=7)
    seite = ifk.get(f"/termine/?woche={vorige.isocalendar()[0]}-W{vorige.isocalendar()[1]:02d}")
    text = seite.content.decode()
    assert f'href="/einladungen/{faellig.pk}/"' in text
    assert "Ergebnis fehlt" in text
    assert 'aria-current="date"' not in text


def test_woche_als_datum_und_falsche_angabe(welt):
    ifk = _client(welt.users[Rolle.IFK])
    assert ifk.get("/termine/?woche=2026-12-09").status_code == 200
    antwort = ifk.get("/termine/?woche=letzte")
    assert antwort.status_code == 400
    assert "2026-W50" in antwort.content.decode()
    assert ifk.get("/termine/?woche=9999-W01").status_code == 400


def test_montag_der_woche():
    heute = datetime.date(2026, 12, 9)
    assert montag_der_woche(None, heute) == datetime.date(2026, 12, 7)
    assert montag_der_woche("2026-W01", heute) == datetime.date(2025, 12, 29)
    assert montag_der_woche("2026-12-13", heute) == datetime.date(2026, 12, 7)


def test_woche_abfragen_wachsen_nicht_mit_den_terminen(welt):
    ifk = _client(welt.users[Rolle.IFK])
    _einladung(welt, tage=0, stunde=17)
    ifk.get("/termine/")
    with CaptureQueriesContext(connection) as wenige:
        ifk.get("/termine/")
    for stunde in range(8, 16):
        _einladung(welt, tage=0, person=welt.eigener_fall, stunde=stunde)
    with CaptureQueriesContext(connection) as viele:
        antwort = ifk.get("/termine/")
    assert antwort.content.decode().count('href="/einladungen/') == 9
    assert len(viele.captured_queries) == len(wenige.captured_queries)


def test_teamleitung_sieht_termine_und_offene_anhoerungen_des_teams(welt):
    einladung = _einladung(welt, tage=0)
    tl = _client(welt.users[Rolle.TEAMLEITUNG])
    seite = tl.get("/team/termine/").content.decode()
    assert welt.eigener_fall.nachname in seite
    assert f'href="/einladungen/{einladung.pk}/"' in seite
    assert "Offene Anhörungen (0)" in seite
    assert _client(welt.users[Rolle.IFK]).get("/team/termine/").status_code == 403
    assert tl.get("/termine/").status_code == 403


def test_brief_und_kalenderdatei_zum_herunterladen(welt):
    einladung = _einladung(welt, tage=2)
    ifk = _client(welt.users[Rolle.IFK])
    seite = ifk.get(f"/einladungen/{einladung.pk}/").content.decode()
    assert "Das PDF des Briefs wird erstellt" in seite
    assert ifk.get(f"/einladungen/{einladung.pk}/brief.pdf").status_code == 404
    einladung_brief_ablegen(einladung_id=einladung.pk)
    einladung.refresh_from_db()
    seite = ifk.get(f"/einladungen/{einladung.pk}/").content.decode()
    assert f'href="/einladungen/{einladung.pk}/brief.pdf"' in seite
    # Once filed, the letter's web page leads to the stored PDF too.
    ansicht = ifk.get(f"/einladungen/{einladung.pk}/brief/").content.decode()
    assert f'href="/einladungen/{einladung.pk}/brief.pdf">Als PDF (abgelegt)' in ansicht
    brief = ifk.get(f"/einladungen/{einladung.pk}/brief.pdf")
    assert brief["Content-Type"] == "application/pdf"
    inhalt = b"".join(brief.streaming_content)
    assert hashlib.sha256(inhalt).hexdigest() == brief["X-Content-SHA256"]
    kalender = ifk.get(f"/einladungen/{einladung.pk}/termin.ics?fuer=ifk")
    assert kalender["Content-Type"] == "text/calendar"
    assert b"BEGIN:VEVENT" in kalender.content
    assert ifk.get(f"/einladungen/{einladung.pk}/termin.ics?fuer=alle").status_code == 404


def test_einladung_nennt_den_rechtsstand_beim_namen(welt):
    einladung = _einladung(welt)
    seite = _client(welt.users[Rolle.IFK]).get(f"/einladungen/{einladung.pk}/").content.decode()
    assert f"Rechtsstand: {einladung.rechtsstand_name})" in seite
    assert einladung.rechtsstand_name in {"Bürgergeld", "Neue Grundsicherung"}
    assert einladung.rechtsstand not in seite
