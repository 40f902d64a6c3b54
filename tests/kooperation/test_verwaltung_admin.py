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
