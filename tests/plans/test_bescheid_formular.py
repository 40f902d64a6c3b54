"""The Bescheid's form in the browser (without JavaScript): obligations and
offers as rows, rows added and removed, errors next to the item's field,
nothing saved on an error."""

import datetime

from django.urls import reverse

from kooperation.access import Rolle
from plans.models import Punktart
from tests.plans.factories import entwurf

D = datetime.date


def _formular(plan, **felder):
    daten = {
        "erlassen_am": "2026-10-20",
        "begruendung": "Es kam kein Plan zustande.",
        "pflichten-TOTAL_FORMS": "1",
        "pflichten-INITIAL_FORMS": "0",
        "angebote-TOTAL_FORMS": "1",
        "angebote-INITIAL_FORMS": "0",
    }
    daten.update(felder)
    return daten


def _adresse(plan):
    return reverse("plans:pflichten_festsetzen", args=[plan.pk])


def test_formular_zeigt_zeilen_fuer_pflichten_und_angebote(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 9, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    html = client.get(_adresse(plan)).content.decode()
    for feld in ("was", "wie_oft", "bis", "nachweis"):
        assert f'id="id_pflichten-0-{feld}"' in html
    assert 'id="id_angebote-0-was"' in html
    assert 'id="id_angebote-0-nachweis"' not in html
    assert "Weitere Zeile: Pflicht" in html


def test_weitere_zeile_behaelt_eingaben_und_prueft_nichts(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 9, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        _adresse(plan),
        _formular(plan, **{"pflichten-0-was": "Bewerben", "mehr": "pflichten"}),
    )
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert 'value="Bewerben"' in html
    assert 'id="id_pflichten-1-was"' in html
    assert "kern-error" not in html
    assert not plan.festsetzungen.exists()


def test_fehler_stehen_am_feld_der_zeile_und_nichts_wird_gespeichert(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 9, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        _adresse(plan),
        _formular(
            plan,
            **{
                "pflichten-TOTAL_FORMS": "2",
                "pflichten-0-was": "Bewerben",
                "pflichten-0-wie_oft": "4 im Monat",
                "pflichten-0-nachweis": "Liste zeigen",
                "pflichten-1-was": "Kurs besuchen",
                "pflichten-1-bis": "2026-10-01",
            },
        ),
    )
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert 'id="id_pflichten-1-wie_oft-fehler"' in html
    assert 'id="id_pflichten-1-nachweis-fehler"' in html
    assert "Der Tag „bis wann“ liegt nach dem Tag des Bescheids." in html
    assert "Pflicht 2, Wie oft" in html
    assert not plan.festsetzungen.exists()


def test_ohne_pflicht_und_nach_dem_ende_des_bescheids(welt, client):
    """The service's rules land where they belong: a missing obligation below
    the list, a deadline after the Bescheid's end in its row."""
    plan = entwurf(welt, begonnen_am=D(2026, 9, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    leer = client.post(_adresse(plan), _formular(plan))
    assert leer.status_code == 400
    assert 'id="liste-pflichten-fehler"' in leer.content.decode()
    assert "mindestens eine Pflicht" in leer.content.decode()
    spaet = client.post(
        _adresse(plan),
        _formular(
            plan,
            **{
                "gueltig_bis": "2026-12-31",
                "pflichten-0-was": "Kurs besuchen",
                "pflichten-0-wie_oft": "einmal",
                "pflichten-0-nachweis": "Bescheinigung",
                "pflichten-0-bis": "2027-02-01",
            },
        ),
    )
    assert spaet.status_code == 400
    html = spaet.content.decode()
    assert 'id="id_pflichten-0-bis-fehler"' in html
    assert "31.12.2026" in html
    assert not plan.festsetzungen.exists()


def test_entfernte_und_leere_zeilen_zaehlen_nicht(welt, client):
    plan = entwurf(welt, begonnen_am=D(2026, 9, 1)).plan
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        _adresse(plan),
        _formular(
            plan,
            **{
                "pflichten-TOTAL_FORMS": "3",
                "pflichten-0-was": "Bewerben",
                "pflichten-0-wie_oft": "4 im Monat",
                "pflichten-0-nachweis": "Liste zeigen",
                "pflichten-1-was": "Entfernt",
                "pflichten-1-DELETE": "on",
                "angebote-TOTAL_FORMS": "2",
                "angebote-0-was": "Wir bezahlen die Fahrten.",
            },
        ),
    )
    assert antwort.status_code == 302
    bescheid = plan.festsetzungen.get()
    assert [(p.art, p.nummer, p.was) for p in bescheid.punkte.all()] == [
        (Punktart.ANGEBOT, 1, "Wir bezahlen die Fahrten."),
        (Punktart.PFLICHT, 1, "Bewerben"),
    ]
    html = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "solange der Bescheid gilt" in html
    assert "Wir bezahlen die Fahrten." in html


def test_migration_macht_aus_jeder_zeile_des_freitexts_einen_punkt(welt):
    """Bescheide from before the items: each line of their text becomes an
    item (what); an Aufforderung keeps its text alone."""
    import importlib

    from django.apps import apps

    from plans.models import BescheidPunkt, Pflichtenfestsetzung
    from plans.services.nichteinigung import pflichten_festsetzen
    from tests.plans.factories import pflicht

    migration = importlib.import_module("plans.migrations.0009_bescheid_punkte")
    bescheid = pflichten_festsetzen(
        acting_user=welt.users[Rolle.IFK],
        plan=entwurf(welt, begonnen_am=D(2026, 9, 1)).plan,
        erlassen_am=D(2026, 10, 15),
        pflichten=[pflicht("neu")],
        begruendung="Kein Plan.",
    )
    # As a Bescheid of before: free text only.
    BescheidPunkt.objects.all().delete()
    Pflichtenfestsetzung.objects.filter(pk=bescheid.pk).update(
        pflichten="- Vier Bewerbungen im Monat.\n\n• Liste beim Termin zeigen.",
        angebote="Wir bezahlen die Fotos.",
    )
    migration.punkte_aus_freitext(apps, None)
    assert [(p.art, p.nummer, p.was, p.wie_oft) for p in bescheid.punkte.all()] == [
        (Punktart.ANGEBOT, 1, "Wir bezahlen die Fotos.", ""),
        (Punktart.PFLICHT, 1, "Vier Bewerbungen im Monat.", ""),
        (Punktart.PFLICHT, 2, "Liste beim Termin zeigen.", ""),
    ]
