"""An appointment a Bescheid names (the Meldepflicht) becomes an invitation
with its letter when the Bescheid is issued, in the same transaction: one
that cannot be an invitation stops the Bescheid, naming its item, in the
form, the API and the service alike."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kooperation.access import Rolle
from kooperation.arbeitstage import ist_arbeitstag
from kooperation.errors import Fachfehler
from plans.models import Einladung, Pflichtenfestsetzung
from plans.services.nichteinigung import pflichten_festsetzen
from tests.api_helfer import api_client
from tests.plans.factories import angebot, entwurf, pflicht

ZEHN_UHR = datetime.time(10, 0)


def _heute():
    return timezone.localdate()


def _werktag(welt, ab: datetime.date) -> datetime.date:
    tag = ab
    while not ist_arbeitstag(tag, welt.jc.bundesland):
        tag += datetime.timedelta(days=1)
    return tag


def _sonntag_ab(ab: datetime.date) -> datetime.date:
    return ab + datetime.timedelta(days=(6 - ab.weekday()) % 7)


def _um(tag, zeit=ZEHN_UHR):
    return timezone.make_aware(datetime.datetime.combine(tag, zeit))


def _plan(welt):
    return entwurf(welt, begonnen_am=_heute() - datetime.timedelta(days=40)).plan


def _festsetzen(welt, plan, termin, **mehr):
    return pflichten_festsetzen(
        acting_user=welt.users[Rolle.IFK],
        plan=plan,
        erlassen_am=_heute(),
        pflichten=[
            pflicht(
                "Sie kommen zum Gespräch im Jobcenter.", wie_oft="einmal", nachweis="Ihr Kommen"
            )
            | {"termin": termin}
        ],
        angebote=[angebot("Wir besprechen Ihre Bewerbungen.")],
        begruendung="Es kam kein Plan zustande.",
        **mehr,
    )


def test_termin_des_bescheids_wird_einladung(welt, django_capture_on_commit_callbacks):
    plan = _plan(welt)
    beginn = _um(_werktag(welt, _heute() + datetime.timedelta(days=7)))
    with django_capture_on_commit_callbacks(execute=True):
        bescheid = _festsetzen(welt, plan, beginn)
    punkt = bescheid.punkte.get(art="pflicht")
    assert punkt.termin == beginn
    einladung = Einladung.objects.get(quelle_punkt=punkt)
    assert einladung.leistungsberechtigter == plan.leistungsberechtigter
    assert einladung.plan == plan
    assert einladung.beginn == beginn
    assert einladung.zweck == "Sie kommen zum Gespräch im Jobcenter."
    assert einladung.ifk == welt.users[Rolle.IFK]
    assert welt.jc.name in einladung.ort
    # The letter is made after commit and stored with its hash.
    einladung.refresh_from_db()
    assert einladung.brief_sha256
    assert f"Termin: {beginn:%d.%m.%Y} um 10:00 Uhr" in punkt.als_satz()
    # The item without an appointment is no invitation.
    assert Einladung.objects.filter(plan=plan).count() == 1


def test_termin_am_sonntag_haelt_den_bescheid_auf_und_nichts_bleibt(welt):
    plan = _plan(welt)
    sonntag = _sonntag_ab(_heute() + datetime.timedelta(days=7))
    with pytest.raises(Fachfehler) as fehler:
        _festsetzen(welt, plan, _um(sonntag))
    meldung = fehler.value.message_dict["pflichten-0-termin"][0]
    assert f"Aus dem Termin am {sonntag:%d.%m.%Y} um 10:00 Uhr" in meldung
    assert "Sonntag" in meldung or "Arbeitstag" in meldung
    assert not Pflichtenfestsetzung.objects.filter(plan=plan).exists()
    assert not Einladung.objects.filter(plan=plan).exists()


def test_termin_nach_dem_ende_des_bescheids(welt):
    plan = _plan(welt)
    ende = _heute() + datetime.timedelta(days=30)
    spaeter = _werktag(welt, ende + datetime.timedelta(days=3))
    with pytest.raises(Fachfehler) as fehler:
        _festsetzen(welt, plan, _um(spaeter), gueltig_bis=ende)
    assert "nach dem Ende des Bescheids" in fehler.value.message_dict["pflichten-0-termin"][0]
    assert not Pflichtenfestsetzung.objects.filter(plan=plan).exists()


def test_formular_braucht_tag_und_uhrzeit_und_zeigt_den_termin(
    welt, client, django_capture_on_commit_callbacks
):
    plan = _plan(welt)
    tag = _werktag(welt, _heute() + datetime.timedelta(days=7))
    client.force_login(welt.users[Rolle.IFK])
    adresse = reverse("plans:pflichten_festsetzen", args=[plan.pk])
    daten = {
        "erlassen_am": _heute().isoformat(),
        "begruendung": "Es kam kein Plan zustande.",
        "pflichten-TOTAL_FORMS": "1",
        "pflichten-INITIAL_FORMS": "0",
        "angebote-TOTAL_FORMS": "1",
        "angebote-INITIAL_FORMS": "0",
        "pflichten-0-was": "Sie kommen zum Gespräch.",
        "pflichten-0-wie_oft": "einmal",
        "pflichten-0-nachweis": "Ihr Kommen",
        "pflichten-0-termin": tag.isoformat(),
    }
    html = client.get(adresse).content.decode()
    assert 'id="id_pflichten-0-termin"' in html
    assert 'id="id_pflichten-0-termin_zeit"' in html
    ohne_zeit = client.post(adresse, daten)
    assert ohne_zeit.status_code == 400
    assert "Bitte geben Sie die Uhrzeit des Termins an." in ohne_zeit.content.decode()
    assert not plan.festsetzungen.exists()
    with django_capture_on_commit_callbacks(execute=True):
        gespeichert = client.post(adresse, {**daten, "pflichten-0-termin_zeit": "10:00"})
    assert gespeichert.status_code == 302
    einladung = Einladung.objects.get(plan=plan)
    assert einladung.beginn == _um(tag)
    seite = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert f"Termin im Jobcenter: {tag:%d.%m.%Y} um 10:00 Uhr" in seite
    assert f'href="/einladungen/{einladung.pk}/"' in seite


def test_api_nennt_den_termin_des_punkts(welt, django_capture_on_commit_callbacks):
    plan = _plan(welt)
    client = api_client(welt.users[Rolle.IFK])
    adresse = f"/api/v1/kooperationsplaene/{plan.pk}/pflichten-festsetzen/"
    basis = {"erlassen_am": _heute().isoformat(), "begruendung": "Keine Einigung."}
    punkt = {"was": "Gespräch im Jobcenter", "wie_oft": "einmal", "nachweis": "Kommen"}
    sonntag = _sonntag_ab(_heute() + datetime.timedelta(days=7))
    falsch = client.post(
        adresse,
        {**basis, "pflichten": [punkt | {"termin": _um(sonntag).isoformat()}]},
        format="json",
    )
    assert falsch.status_code == 400
    assert "pflichten.0.termin" in falsch.json()["felder"]
    assert not plan.festsetzungen.exists()
    beginn = _um(_werktag(welt, _heute() + datetime.timedelta(days=7)))
    with django_capture_on_commit_callbacks(execute=True):
        gut = client.post(
            adresse, {**basis, "pflichten": [punkt | {"termin": beginn.isoformat()}]}, format="json"
        )
    assert gut.status_code == 200, gut.json()
    assert Einladung.objects.filter(plan=plan, beginn=beginn).exists()
