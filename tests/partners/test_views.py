"""The partner pages and the matrix export, under the access policy."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from cases.models import Einwilligung
from kooperation.access import Rolle
from partners.models import Ansprechpartner, Kooperationsvereinbarung, Vertragspartei
from partners.services import vereinbarung_speichern
from tests.partners.factories import AngebotFactory, PartnerFactory

D = datetime.date


@pytest.fixture
def daten(welt):
    partner = PartnerFactory(jobcenter=welt.jc, name="Caritas Rheinstadt", art="wohlfahrt")
    Ansprechpartner.objects.create(
        partner=partner, name="Frau Alt", zentral=True, gueltig_ab=D(2020, 1, 1)
    )
    angebot = AngebotFactory(
        jobcenter=welt.jc, partner=partner, titel="Wohnungsnotfallhilfe", bereiche=["wohnen"]
    )
    v = vereinbarung_speichern(
        acting_user=welt.users[Rolle.ADMINISTRATION],
        vereinbarung=Kooperationsvereinbarung(
            jobcenter=welt.jc,
            titel="Kooperationsvereinbarung Integrationsmanagement",
            beginn=D(2018, 6, 1),
            laufzeitart="unbefristet",
            kuendigungsfrist_monate=6,
        ),
    )
    Vertragspartei.objects.create(vereinbarung=v, partner=partner, vertreten_durch="Vorstand")
    fremd = PartnerFactory(jobcenter=welt.jc2, name="Fremder Partner")
    return partner, angebot, v, fremd


def test_ifk_sieht_register_angebot_und_vereinbarung(client, welt, daten):
    partner, angebot, v, fremd = daten
    client.force_login(welt.users[Rolle.IFK])
    liste = client.get(reverse("partners:partnerliste")).content.decode()
    assert "Caritas Rheinstadt" in liste
    assert "Frau Alt" in liste
    assert "Fremder Partner" not in liste
    assert (
        "Wohnungsnotfallhilfe"
        in client.get(reverse("partners:angebot", args=[angebot.pk])).content.decode()
    )
    seite = client.get(reverse("partners:vereinbarung", args=[v.pk])).content.decode()
    assert "vertreten durch Vorstand" in seite
    assert "Phase setzen" not in seite  # read only for the IFK
    assert client.get(reverse("partners:partner", args=[fremd.pk])).status_code == 404


def test_traeger_sieht_keine_partnerseiten(client, welt, daten):
    client.force_login(welt.users[Rolle.TRAEGER])
    assert client.get(reverse("partners:partnerliste")).status_code == 403
    assert client.get(reverse("cases:bedarfsanalyse")).status_code == 403


def test_ifk_darf_keinen_ansprechpartner_wechseln(client, welt, daten):
    partner = daten[0]
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("partners:partner", args=[partner.pk]), {"name": "Herr Neu", "ab": "2026-12-01"}
    )
    assert antwort.status_code == 403
    assert partner.ansprechpartner.count() == 1


def test_administration_wechselt_ansprechpartner(client, welt, daten):
    partner = daten[0]
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    antwort = client.post(
        reverse("partners:partner", args=[partner.pk]), {"name": "Herr Neu", "ab": "2026-12-01"}
    )
    assert antwort.status_code == 302
    assert partner.ansprechpartner.get(gueltig_bis__isnull=True).name == "Herr Neu"


def test_administration_setzt_phase(client, welt, daten):
    v = daten[2]
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    client.post(reverse("partners:vereinbarung", args=[v.pk]), {"phase": "IID"})
    v.refresh_from_db()
    assert v.phase == "IID"
    seite = client.get(reverse("partners:vereinbarungen")).content.decode()
    assert "Phase II D Konkretisierung" in seite


def test_matrix_als_csv_und_json(client, welt, daten):
    client.force_login(welt.users[Rolle.GESCHAEFTSFUEHRUNG])
    antwort = client.get(reverse("cases:bedarfsanalyse"), {"format": "csv"})
    assert antwort["Content-Type"].startswith("text/csv")
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    assert zeilen[0][:2] == ["Handlungsbedarf", "Personen"]
    wohnen = next(z for z in zeilen if z[0] == "Wohnen")
    assert "Wohnungsnotfallhilfe – Caritas Rheinstadt (10/10)" in wohnen
    daten_json = client.get(reverse("cases:bedarfsanalyse"), {"format": "json"}).json()
    wohnen = next(b for b in daten_json["bedarfe"] if b["bereich"] == "wohnen")
    assert wohnen["angebote"][0]["titel"] == "Wohnungsnotfallhilfe"
    assert wohnen["status"] == "kein Bedarf"


def test_weitergabe_ohne_einwilligung_zeigt_klare_meldung(client, welt, daten):
    partner = daten[0]
    client.force_login(welt.users[Rolle.IFK])
    url = reverse("cases:weitergabe", args=[welt.eigener_fall.pk])
    antwort = client.post(
        url,
        {
            "aktion": "weitergabe",
            "weitergabe-partner": partner.pk,
            "weitergabe-zweck": "ueberleitung",
            "weitergabe-inhalt": "Daten",
        },
    )
    assert antwort.status_code == 200
    assert "Weitergabe abgelehnt" in antwort.content.decode()
    client.post(
        url,
        {
            "aktion": "einwilligung",
            "einwilligung-partner": partner.pk,
            "einwilligung-zweck": "ueberleitung",
            "einwilligung-erteilt_am": "2026-01-05",
            "einwilligung-schriftlich": "on",
        },
    )
    assert Einwilligung.objects.filter(leistungsberechtigter=welt.eigener_fall).count() == 1
    antwort = client.post(
        url,
        {
            "aktion": "weitergabe",
            "weitergabe-partner": partner.pk,
            "weitergabe-zweck": "ueberleitung",
            "weitergabe-inhalt": "Daten",
        },
    )
    assert antwort.status_code == 302
