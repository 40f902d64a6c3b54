"""Auskunft under Art. 15 DSGVO: the responsible IFK exports everything about
a person as PDF and JSON; nobody else may; giving it is audited."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from pypdf import PdfReader

from cases.models import Datenweitergabe, Einwilligung, Handlungsbedarf
from kooperation.access import Rolle
from tests.partners.factories import PartnerFactory
from tests.plans.test_kennzahlen import analyse, plan

D = datetime.date


@pytest.fixture
def akte(welt):
    person = welt.eigener_fall
    pa = analyse(person, D(2026, 9, 1))
    Handlungsbedarf.objects.create(
        potenzialanalyse=pa, bereich="schulden", beschreibung="Mietschulden beim Vermieter"
    )
    p = plan(welt, pa, D(2026, 9, 4))
    version = p.versionen.get()
    version.ziel = "Ich will als Gärtnerin arbeiten."
    version.save()
    partner = PartnerFactory(jobcenter=welt.jc, name="Schuldnerhilfe Rheinstadt e. V.")
    einwilligung = Einwilligung.objects.create(
        leistungsberechtigter=person,
        partner=partner,
        zweck="ueberleitung",
        erteilt_am=D(2026, 9, 5),
    )
    Datenweitergabe.objects.create(
        leistungsberechtigter=person,
        partner=partner,
        zweck="ueberleitung",
        einwilligung=einwilligung,
        am=D(2026, 9, 6),
        durch=welt.users[Rolle.IFK],
        inhalt="Kontaktdaten und Höhe der Schulden",
    )
    return welt


URL = "/faelle/{}/auskunft/"


def test_zustaendige_ifk_erhaelt_die_auskunft_als_pdf(client, akte):
    person = akte.eigener_fall
    client.force_login(akte.users[Rolle.IFK])
    antwort = client.get(URL.format(person.pk))
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert "no-store" in antwort["Cache-Control"]
    text = "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(antwort.content)).pages)
    text = " ".join(text.split())
    for erwartet in (
        "Auskunft über Ihre Daten",
        "Ostendorf-Quast",
        person.kundennummer,
        "Mietschulden beim Vermieter",
        "Ich will als Gärtnerin arbeiten.",
        "Schuldnerhilfe Rheinstadt e. V.",  # a recipient
        "Kontaktdaten und Höhe der Schulden",
        "Ihre Rechte",
    ):
        assert erwartet in text, erwartet
    assert "Brinkmeyer-Lutz" not in text  # the colleague's case
    eintrag = LogEntry.objects.get_for_object(person).latest("pk")
    assert eintrag.action == LogEntry.Action.ACCESS
    assert eintrag.additional_data["grund"] == "Auskunft nach Art. 15 DSGVO erteilt (PDF)"
    assert eintrag.actor == akte.users[Rolle.IFK]


def test_zustaendige_ifk_erhaelt_die_auskunft_als_json(client, akte):
    person = akte.eigener_fall
    client.force_login(akte.users[Rolle.IFK])
    client.get(f"/faelle/{person.pk}/")  # a read, to show up in the reads
    antwort = client.get(URL.format(person.pk), {"format": "json"})
    assert antwort.status_code == 200
    daten = antwort.json()
    abschnitte = {a["titel"]: a["eintraege"] for a in daten["abschnitte"]}
    assert abschnitte["Stammdaten"][0]["felder"]["Nachname"] == "Ostendorf-Quast"
    pa = abschnitte["Potenzialanalysen"][0]["felder"]
    assert "Mietschulden beim Vermieter" in pa["Handlungsbedarfe"]
    assert daten["empfaenger"] == ["Schuldnerhilfe Rheinstadt e. V."]
    assert any(z["grund"] == "Fallakte angesehen" for z in daten["zugriffe"])
    assert "5 Jahre" in daten["speicherdauer"]
    eintrag = LogEntry.objects.get_for_object(person).latest("pk")
    assert eintrag.additional_data["grund"] == "Auskunft nach Art. 15 DSGVO erteilt (JSON)"


@pytest.mark.parametrize(
    "rolle", [Rolle.TEAMLEITUNG, Rolle.GESCHAEFTSFUEHRUNG, Rolle.TRAEGER, Rolle.ADMINISTRATION]
)
def test_andere_rollen_erhalten_keine_auskunft(client, akte, rolle):
    client.force_login(akte.users[rolle])
    antwort = client.get(URL.format(akte.eigener_fall.pk), {"format": "json"})
    assert antwort.status_code in (403, 404)
    assert "Ostendorf-Quast" not in antwort.content.decode()


def test_kollegin_im_team_und_anderes_jobcenter_erhalten_keine(client, akte):
    client.force_login(akte.users[Rolle.IFK])
    # The colleague's case: readable for the team, but she is not responsible.
    assert client.get(URL.format(akte.team_fall.pk)).status_code == 403
    assert client.get(URL.format(akte.fremder_fall.pk)).status_code == 404


def test_knopf_nur_fuer_die_zustaendige_ifk(client, akte):
    client.force_login(akte.users[Rolle.IFK])
    assert "Auskunft als PDF" in client.get(f"/faelle/{akte.eigener_fall.pk}/").content.decode()
    assert "Auskunft als PDF" not in client.get(f"/faelle/{akte.team_fall.pk}/").content.decode()
