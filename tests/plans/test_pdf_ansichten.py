"""The PDF views and the editor's check, for every role: who may see a plan
gets it, everyone else a 404; every download is recorded as a read."""

import hashlib
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kooperation.access import Rolle
from kooperation.audit import eintraege_zu
from tests.plans.factories import entwurf, vereinbart
from tests.plans.pdf_hilfen import lesen

SEHEN = {Rolle.IFK, Rolle.TEAMLEITUNG, Rolle.API_CLIENT}


def _inhalt(antwort) -> bytes:
    # Reading a streaming response to the end closes it (and its file).
    return b"".join(antwort.streaming_content) if antwort.streaming else antwort.content


@pytest.fixture
def vereinbarte_version(welt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = vereinbart(welt)
    version.refresh_from_db()
    return version


@pytest.mark.parametrize("rolle", list(Rolle))
def test_entwurfsvorschau_je_rolle(client, welt, rolle):
    version = entwurf(welt)
    client.force_login(welt.users[rolle])
    antwort = client.get(reverse("plans:pdf_vorschau", args=[version.pk]))
    if rolle in SEHEN:
        assert antwort.status_code == 200
        assert antwort["Content-Type"] == "application/pdf"
        seiten, text = lesen(antwort.content)
        assert seiten == 1
        assert "Entwurf" in text
        assert version.ziel in text
    else:
        assert antwort.status_code == 404


@pytest.mark.parametrize("rolle", list(Rolle))
def test_vereinbartes_pdf_je_rolle(client, welt, rolle, vereinbarte_version):
    client.force_login(welt.users[rolle])
    antwort = client.get(reverse("plans:pdf", args=[vereinbarte_version.pk]))
    if rolle in SEHEN:
        assert antwort.status_code == 200
        inhalt = _inhalt(antwort)
        assert hashlib.sha256(inhalt).hexdigest() == vereinbarte_version.pdf_sha256
    else:
        assert antwort.status_code == 404


def test_fremdes_jobcenter_bekommt_404(client, welt, vereinbarte_version):
    client.force_login(welt.fremde_ifk)
    assert client.get(reverse("plans:pdf", args=[vereinbarte_version.pk])).status_code == 404
    assert (
        client.get(reverse("plans:pdf_vorschau", args=[vereinbarte_version.pk])).status_code == 404
    )


def test_ohne_anmeldung_zur_anmeldung(client, welt):
    version = entwurf(welt)
    for name in ("plans:pdf_vorschau", "plans:pdf"):
        antwort = client.get(reverse(name, args=[version.pk]))
        assert antwort.status_code == 302
        assert antwort["Location"].startswith("/anmelden/")


def test_pdf_gibt_es_erst_nach_dem_rendern(client, welt):
    version = vereinbart(welt)  # on_commit not run: the task has not rendered yet
    client.force_login(welt.users[Rolle.IFK])
    assert client.get(reverse("plans:pdf", args=[version.pk])).status_code == 404


def test_vorschau_einer_vereinbarten_version_fuehrt_zum_abgelegten_pdf(
    client, welt, vereinbarte_version
):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get(reverse("plans:pdf_vorschau", args=[vereinbarte_version.pk]))
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("plans:pdf", args=[vereinbarte_version.pk])


def test_herunterladen_wird_als_lesezugriff_protokolliert(client, welt, vereinbarte_version):
    leitung = welt.users[Rolle.TEAMLEITUNG]
    client.force_login(leitung)
    _inhalt(client.get(reverse("plans:pdf", args=[vereinbarte_version.pk])))
    eintrag = eintraege_zu(vereinbarte_version).filter(action=LogEntry.Action.ACCESS).get()
    assert eintrag.actor == leitung
    assert eintrag.additional_data["grund"] == "Vereinbarten Plan als PDF abgerufen"


def test_verweigerter_download_hinterlaesst_keinen_lesezugriff(client, welt, vereinbarte_version):
    client.force_login(welt.users[Rolle.TRAEGER])
    client.get(reverse("plans:pdf", args=[vereinbarte_version.pk]))
    assert not eintraege_zu(vereinbarte_version).filter(action=LogEntry.Action.ACCESS).exists()


# --- the editor's check (htmx) --------------------------------------------------


@pytest.mark.parametrize("rolle", list(Rolle))
def test_pruefung_je_rolle(client, welt, rolle):
    version = entwurf(welt)
    client.force_login(welt.users[rolle])
    antwort = client.post(reverse("plans:pruefung", args=[version.pk]), {"ziel": "Ich will."})
    erwartet = {Rolle.IFK: 200, Rolle.TEAMLEITUNG: 403, Rolle.API_CLIENT: 403}.get(rolle, 404)
    assert antwort.status_code == erwartet


def test_pruefung_nur_per_post(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.IFK])
    assert client.get(reverse("plans:pruefung", args=[version.pk])).status_code == 405


def test_pruefung_sagt_passt_und_bewertet_die_sprache(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:pruefung", args=[version.pk]),
        {
            "ziel": "Ich will als Köchin arbeiten.",
            "weg": ["Ich suche mir einen Deutsch-Kurs.", ""],
            "unterstuetzung": [
                "Die Eingliederungsleistungen werden nach Maßgabe der "
                "Rechtsfolgenbelehrung gewährt, sofern die leistungsberechtigte Person "
                "ihren Mitwirkungspflichten im Rahmen der Maßnahme nachkommt.",
                "Die Kostenübernahme für Bewerbungsunterlagen erfolgt ausschließlich "
                "nach vorheriger schriftlicher Antragstellung.",
                "Fahrtkostenerstattungen werden gemäß den einschlägigen Bestimmungen "
                "ausschließlich gegen Vorlage entsprechender Nachweise bewilligt.",
            ],
        },
        HTTP_HX_REQUEST="true",
    )
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "Der Plan passt auf eine Seite." in html
    assert "Wiener Sachtextformel" in html
    # One sentence is too little to measure: the editor says so instead of 4,5.
    assert "4,5" not in html
    assert "Zu wenig Text für eine Zahl: 1 Satz, 5 Wörter" in html
    assert "schwer zu lesen" in html  # three sentences of official German
    assert "„Eingliederungsleistungen“ – einfacher: „Hilfe vom Jobcenter“" in html
    assert "„Maßnahme“ – einfacher: „Kurs, Training oder Angebot“" in html
    assert "Langer Satz" in html
    assert "Langes Wort: „Rechtsfolgenbelehrung“" in html
    assert "Richtwerte, keine Pflicht" in html
    assert "textstat" not in html
    assert "Silben" not in html
    # nothing was saved
    version.refresh_from_db()
    assert version.ziel == "Ich will als Köchin arbeiten."
    assert version.eintraege.count() == 1


def test_pruefung_flaggt_den_mustersatz_nicht(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:pruefung", args=[version.pk]),
        {"ziel": "Ich will wieder als Friseurin arbeiten.", "weg": [""]},
    )
    html = antwort.content.decode()
    assert "schwer zu lesen" not in html
    assert "Langer Satz" not in html
    assert "Langes Wort" not in html
    assert "Zu wenig Text für eine Zahl: 1 Satz, 6 Wörter" in html


def _statusregion(html: str) -> str | None:
    treffer = re.search(
        r'<div id="pruefung-meldung" hx-swap-oob="innerHTML">(.*?)\n</div>', html, re.S
    )
    return treffer.group(1) if treffer else None


def test_pruefung_schreibt_eine_statusregion_ohne_alert(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.IFK])
    zu_lang = {
        "weg": [f"Ich erledige Schritt {n} und erzähle beim Termin davon." for n in range(40)]
    }
    for daten in ({"ziel": "Ich will."}, zu_lang):
        html = client.post(
            reverse("plans:pruefung", args=[version.pk]), daten, HTTP_HX_REQUEST="true"
        ).content.decode()
        assert 'role="alert"' not in html
        # The fragment fills the page's one status region in place and
        # carries no live region of its own.
        assert html.count('id="pruefung-meldung"') == 1
        assert "aria-live" not in html
        assert 'role="status"' not in html
        assert _statusregion(html)

    seite = client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert seite.count('role="status" aria-live="polite"') == 1
    assert 'id="pruefung-meldung" role="status"' in seite
    assert 'role="alert"' not in seite


def test_pruefung_laesst_eine_unveraenderte_meldung_stehen(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.IFK])
    url = reverse("plans:pruefung", args=[version.pk])
    erste = client.post(url, {"ziel": "Ich will."}).content.decode()
    assert "Der Plan passt auf eine Seite." in _statusregion(erste)
    assert 'name="pruefung_stand" value="passt"' in erste

    # Typing on without changing the outcome: the status region is left alone.
    zweite = client.post(url, {"ziel": "Ich will arbeiten.", "pruefung_stand": "passt"})
    html = zweite.content.decode()
    assert _statusregion(html) is None
    assert "Der Plan passt" not in html
    assert "Einfache Sprache" in html  # the details are still fresh

    # A changed outcome rewrites it once.
    dritte = client.post(
        url,
        {
            "pruefung_stand": "passt",
            "weg": [f"Ich erledige Schritt {n} und erzähle beim Termin davon." for n in range(40)],
        },
    ).content.decode()
    assert "bitte „Der Weg“ kürzen" in _statusregion(dritte)
    assert 'value="kuerzen-weg"' in dritte


def test_pruefung_nennt_den_zu_kuerzenden_teil(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:pruefung", args=[version.pk]),
        {
            "ziel": "Ich will als Köchin arbeiten.",
            "weg": [f"Ich erledige Schritt {n} und erzähle beim Termin davon." for n in range(40)],
        },
    )
    html = antwort.content.decode()
    assert "Der Plan passt nicht auf eine Seite: bitte „Der Weg“ kürzen." in html
    assert 'data-teil="weg"' in html


def test_pruefung_nimmt_gespeicherte_eintraege_wenn_keine_gesendet_werden(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(reverse("plans:pruefung", args=[version.pk]), {"ziel": "Ich will."})
    html = antwort.content.decode()
    assert "Der Weg" in html  # the stored step is rated
