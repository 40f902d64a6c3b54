"""What the Administration reads in the admin is German: each account's role
in the user list, deadline kinds by their names, and Django's own strings
that its German catalogue leaves in English."""

import pytest
from django.contrib.auth import get_user_model

from kooperation.access import Rolle
from kooperation.models import Fristart, FristEinstellung

pytestmark = pytest.mark.django_db


def test_benutzerliste_nennt_die_rolle(client, welt):
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    antwort = client.get("/admin/kooperation/user/")
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "column-rollen" in inhalt
    zeilen = {z.split("</th>")[0]: z for z in inhalt.split('<tr><td class="action-checkbox">')[1:]}
    gf = next(z for k, z in zeilen.items() if ">gf</a>" in k)
    assert '<td class="field-rollen">Geschäftsführung</td>' in gf
    ifk = next(z for k, z in zeilen.items() if ">ifk</a>" in k)
    assert '<td class="field-rollen">Integrationsfachkraft</td>' in ifk


def test_fristarten_stehen_mit_ihren_namen_da(client, welt):
    FristEinstellung.objects.create(
        jobcenter=welt.jc, art=Fristart.KUENDIGUNG, vorlauf_arbeitstage=15, eskalation_arbeitstage=0
    )
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    antwort = client.get(f"/admin/kooperation/jobcenter/{welt.jc.pk}/change/")
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "Fristart." not in inhalt
    assert "UEBERPRUEFUNG" not in inhalt
    assert "KUENDIGUNG" not in inhalt
    assert "Überprüfung des Kooperationsplans 10/5" in inhalt
    assert '<option value="kuendigung" selected>Letzter Tag zur Kündigung' in inhalt
    # Table cells carry their column's name for a screen reader.
    assert 'aria-label="Vorab erinnern (Arbeitstage vor Fälligkeit)"' in inhalt
    assert 'name="schliesstage-0-datum"' in inhalt
    assert 'aria-label="Datum"' in inhalt


def test_rollen_im_konto_als_beschriftete_kaestchen(client, welt):
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    inhalt = client.get(f"/admin/kooperation/user/{gf.pk}/change/").content.decode()
    assert 'type="checkbox" name="groups"' in inhalt
    assert "SelectFilter2.js" not in inhalt


def test_djangos_eigene_englische_texte_sind_deutsch(client, welt):
    betreiber = get_user_model().objects.create_superuser(
        username="betreiber", password="x-Betrieb-2026!", email="b@example.org"
    )
    client.force_login(betreiber)
    inhalt = client.get(f"/admin/kooperation/user/{betreiber.pk}/change/").content.decode()
    assert "Reset password" not in inhalt
    assert "Passwort zurücksetzen" in inhalt
    katalog = client.get("/admin/jsi18n/").content.decode()
    assert "Alle %s ausw\\u00e4hlen" in katalog or "Alle %s auswählen" in katalog


def _abschnitte(inhalt: str) -> dict[str, str]:
    """The start page's sections by their heading."""
    teile = inhalt.split('<section class="verwaltung-bereich"')[1:]
    return {t.split("</h2>")[0].rsplit(">", 1)[1]: t.split("</section>")[0] for t in teile}


def test_startseite_ordnet_nach_den_aufgaben_der_verwaltung(client, welt):
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    inhalt = client.get("/admin/").content.decode()
    assert "<title>Verwaltung – Kooperationsplan</title>" in inhalt
    abschnitte = _abschnitte(inhalt)
    assert list(abschnitte) == [
        "Jobcenter und Schließtage",
        "Teams",
        "Benutzer und Rollen",
        "Partner",
    ]
    assert 'href="/admin/kooperation/jobcenter/"' in abschnitte["Jobcenter und Schließtage"]
    assert 'href="/admin/kooperation/user/add/"' in abschnitte["Benutzer und Rollen"]
    assert 'href="/admin/partners/partner/"' in abschnitte["Partner"]
    # The application's banner, with the admin marked as where one is.
    assert '<header class="app-kopf">' in inhalt
    assert 'href="/admin/" aria-current="page">Verwaltung</a>' in inhalt
    liste = client.get("/admin/kooperation/team/").content.decode()
    assert 'href="/admin/" aria-current="true">Verwaltung</a>' in liste
    assert "– Verwaltung – Kooperationsplan</title>" in liste


def test_betrieb_findet_gruppen_und_zeitplan_in_eigenen_abschnitten(client, welt):
    betreiber = get_user_model().objects.create_superuser(
        username="betreiber", password="x-Betrieb-2026!", email="b@example.org"
    )
    client.force_login(betreiber)
    abschnitte = _abschnitte(client.get("/admin/").content.decode())
    assert 'href="/admin/auth/group/"' in abschnitte["Benutzer und Rollen"]
    assert (
        'href="/admin/django_celery_beat/periodictask/"'
        in abschnitte["Zeitplan der Hintergrundaufgaben"]
    )
    assert 'href="/admin/plans/kooperationsplan/"' in abschnitte["Fälle und Pläne"]
    assert (
        'href="/admin/" aria-current="page">Verwaltung</a>'
        in client.get("/admin/").content.decode()
    )


def test_datum_und_uhrzeit_haben_je_ein_label(client, welt):
    betreiber = get_user_model().objects.create_superuser(
        username="betreiber", password="x-Betrieb-2026!", email="b@example.org"
    )
    client.force_login(betreiber)
    inhalt = client.get("/admin/django_celery_beat/clockedschedule/add/").content.decode()
    assert '<label class="datetime__teil" for="id_clocked_time_0">Datum:</label>' in inhalt
    assert '<label class="datetime__teil" for="id_clocked_time_1">Zeit:</label>' in inhalt


def test_seite_einer_app_traegt_ihren_namen(client, welt):
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    inhalt = client.get("/admin/partners/").content.decode()
    assert "<title>Partner und Angebote – Verwaltung – Kooperationsplan</title>" in inhalt
    assert '<h1 class="kern-heading-large">Partner und Angebote</h1>' in inhalt
    assert list(_abschnitte(inhalt)) == ["Partner"]
