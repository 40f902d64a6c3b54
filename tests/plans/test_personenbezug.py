"""A § 16a item's text goes to the kommunaler Träger as typed; what in it
shows who the person is refuses the request (service, page, API) until the
IFK removed it, and the editor points at it beforehand."""

import ast
import datetime
import inspect
from types import SimpleNamespace

import pytest
from django.urls import reverse
from faker.providers.person.de_DE import Provider as DeutscheNamen

from cases.models import GesetzlicherVertreter
from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from kooperation.katalog import Leistung16a
from kooperation.models import Wiedervorlage
from plans.demo import faelle, lagen
from plans.dokumente.personenbezug import personenbezug
from plans.models import (
    AbstimmungPosition,
    PlanEintrag,
    PlanStatus,
    Planteil,
    TraegerAbstimmung,
    VersionStatus,
)
from plans.services.abstimmung import abstimmung_anfragen
from plans.services.vereinbarung import planversion_vereinbaren
from tests.api_helfer import api_client, ergebnisse
from tests.plans.factories import entwurf

TAG = datetime.date(2026, 10, 6)


def _person(**werte):
    daten = {
        "vorname": "Marica",
        "nachname": "Müller-Öztürk",
        "geburtsdatum": datetime.date(1985, 3, 12),
        "kundennummer": "123D456789",
        "telefon": "0621 1234567",
        "strasse": "Lindenstraße 5",
        "vertreter": [SimpleNamespace(name="Hannelore Schäfer")],
    }
    daten.update(werte)
    vertreter = daten.pop("vertreter")
    return SimpleNamespace(**daten, vertreter=SimpleNamespace(all=lambda: vertreter))


MIT_PERSONENBEZUG = [
    ("Frau Müller braucht eine Schuldnerberatung.", "Name der Person"),
    ("Marica geht zur Suchtberatung.", "Name der Person"),
    ("Beratung für Frau Mueller-Oeztuerk", "Name der Person"),
    ("MUELLER, MARICA: Schuldnerberatung", "Name der Person"),
    ("Suchtberatung, geb. 12.03.1985", "Datum"),
    ("Jahrgang 1985, braucht Schuldnerberatung", "Geburtsjahr oder Geburtsdatum"),
    ("Kundin ist Jg. 85 und braucht Betreuung", "Geburtsjahr oder Geburtsdatum"),
    ("Geboren 1985 in Kiew, psychosoziale Betreuung", "Geburtsjahr der Person"),
    ("Kundennummer 123D456789 bei der Beratung angeben", "Kundennummer der Person"),
    ("Kd.-Nr. 123 D 456789 mitbringen", "Kundennummer der Person"),
    ("Die Beratungsstelle kennt Nr. 456A123456 schon", "Kundennummer"),
    ("Bitte Rückruf unter 0621 1234567", "Telefonnummer"),
    ("Erreichbar unter 0171/9876543", "Telefonnummer"),
    ("Handy +49 151 23456789, Suchtberatung", "Telefonnummer"),
    ("Mail an marica.m@example.org schicken", "E-Mail-Adresse"),
    ("Mutter Hannelore Schäfer kommt zur Beratung mit", "Name des gesetzlichen Vertreters"),
    ("Kosten auf DE89 3704 0044 0532 0130 00 überweisen", "IBAN"),
    ("Die 41-jährige Kundin braucht Kinderbetreuung", "Alter der Person"),
    ("Für BG 12345BG1234567 die Kinderbetreuung klären", "Nummer der Bedarfsgemeinschaft"),
    ("Wohnt in der Lindenstrasse, braucht psychosoziale Betreuung", "Anschrift der Person"),
    ("Seit dem 3. März 2024 ohne Wohnung, Schuldnerberatung", "Datum"),
]


@pytest.mark.parametrize(("text", "art"), MIT_PERSONENBEZUG)
def test_personenbezug_wird_gefunden(text, art):
    assert art in {f.art for f in personenbezug(text, _person())}, text


def _demo_texte() -> list[str]:
    """Every item text the demo data writes: the lists and each ``text=``."""
    texte = [*faelle.ZIELE, *faelle.SCHRITTE]
    for modul in (faelle, lagen):
        for knoten in ast.walk(ast.parse(inspect.getsource(modul))):
            if isinstance(knoten, ast.keyword) and knoten.arg == "text":
                if isinstance(knoten.value, ast.Constant):
                    texte.append(knoten.value.value)
    return texte


def test_demo_texte_ohne_hinweis_auch_bei_jedem_namen_aus_den_demodaten():
    """The demo draws its people's names from Faker's German lists: no item
    text may read as one of them, nor as anything else personal."""
    texte = _demo_texte()
    assert len(texte) >= 15
    alle_namen = _person(
        vorname=" ".join(DeutscheNamen.first_names),
        nachname=" ".join(DeutscheNamen.last_names),
        vertreter=[],
    )
    for text in texte:
        assert personenbezug(text, alle_namen) == [], text


def test_gewoehnliche_angaben_sind_kein_personenbezug():
    for text in (
        "Das Jobcenter übernimmt die Kosten von 1.250,00 Euro für 20 Termine.",
        "Kurs ab Sommer 2026, Raum 12, dienstags 10 bis 12 Uhr.",
        "Suchtberatung der Caritas, zweimal im Monat, 3 Monate lang.",
    ):
        assert personenbezug(text, _person()) == [], text


@pytest.fixture
def ifk(welt):
    return welt.users[Rolle.IFK]


def _mit_16a(welt, text, version=None):
    version = version or entwurf(welt)
    eintrag = PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text=text,
        leistung_16a=Leistung16a.SCHULDNERBERATUNG,
    )
    return version, eintrag


def _nichts_gesendet(version):
    assert not TraegerAbstimmung.objects.filter(version=version).exists()
    assert not AbstimmungPosition.objects.filter(eintrag__version=version).exists()
    assert not Wiedervorlage.objects.filter(art="abstimmung").exists()
    version.plan.refresh_from_db()
    assert version.plan.status != PlanStatus.ABSTIMMUNG


def test_dienst_verweigert_die_anfrage_und_sendet_nichts(welt, ifk):
    person = welt.eigener_fall
    GesetzlicherVertreter.objects.create(
        leistungsberechtigter=person, name="Hannelore Schwarzkopf", beziehung="Mutter"
    )
    version, _ = _mit_16a(
        welt, f"Schuldnerberatung für {person.nachname}, Mutter Schwarzkopf kommt mit"
    )
    with pytest.raises(Fachfehler) as fehler:
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    meldung = " ".join(fehler.value.message_dict["eintraege"])
    assert "Name der Person" in meldung
    assert "Name des gesetzlichen Vertreters" in meldung
    assert "Bitte entfernen Sie sie aus dem Text" in meldung
    _nichts_gesendet(version)


def test_vereinbarung_mit_abstimmung_danach_scheitert_ganz(welt, ifk):
    """Where the Träger is asked after the conversation, agreeing sends the
    items: the agreement is refused as a whole, nothing half done."""
    welt.jc.abstimmungszeitpunkt = "nach"
    welt.jc.save()
    version, _ = _mit_16a(welt, f"Beratung, Kundennummer {welt.eigener_fall.kundennummer}")
    with pytest.raises(Fachfehler, match="Kundennummer der Person"):
        planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)
    version.refresh_from_db()
    assert version.status == VersionStatus.ENTWURF
    _nichts_gesendet(version)


def test_seite_zeigt_die_meldung_und_der_traeger_sieht_nach_der_korrektur_keinen_namen(
    client, welt, ifk
):
    person = welt.eigener_fall
    version, eintrag = _mit_16a(welt, f"Schuldnerberatung für Frau {person.nachname}")
    client.force_login(ifk)
    editor = client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert f'id="personenbezug-{eintrag.pk}"' in editor
    assert "Name der Person" in editor

    antwort = client.post(reverse("plans:abstimmung_anfragen", args=[version.plan_id]), follow=True)
    seite = antwort.content.decode()
    assert "an denen der kommunale Träger die Person erkennen kann" in seite
    assert "Name der Person" in seite
    _nichts_gesendet(version)

    version.refresh_from_db()
    antwort = client.post(
        reverse("plans:eintrag_speichern", args=[version.pk, eintrag.pk]),
        {
            f"e-{eintrag.pk}-{feld}": wert
            for feld, wert in {
                "sperrversion": version.sperrversion,
                "teil": Planteil.UNTERSTUETZUNG,
                "text": "Schuldnerberatung bei der Stadt",
                "leistung_16a": Leistung16a.SCHULDNERBERATUNG,
            }.items()
        },
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    editor = client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert "personenbezug-" not in editor
    client.post(reverse("plans:abstimmung_anfragen", args=[version.plan_id]))
    abstimmung = TraegerAbstimmung.objects.get(version=version)

    client.force_login(welt.users[Rolle.TRAEGER])
    anfrage = client.get(reverse("plans:traeger_anfrage", args=[abstimmung.pk]))
    assert "Schuldnerberatung bei der Stadt" in anfrage.content.decode()
    for antwort in (anfrage, client.get(reverse("plans:eingang"))):
        assert person.nachname not in antwort.content.decode()
    api = api_client(welt.users[Rolle.TRAEGER]).get("/api/v1/abstimmungen/")
    assert person.nachname not in api.content.decode()
    assert len(ergebnisse(api)) == 1


def test_speichern_im_editor_gibt_einen_hinweis_und_speichert(client, welt, ifk):
    version = entwurf(welt)
    client.force_login(ifk)
    antwort = client.post(
        reverse("plans:eintrag_neu", args=[version.pk]),
        {
            "teil_praefix": "unterstuetzung",
            **{
                f"neu-unterstuetzung-{feld}": wert
                for feld, wert in {
                    "sperrversion": version.sperrversion,
                    "teil": Planteil.UNTERSTUETZUNG,
                    "text": "Suchtberatung, Rückruf unter 0171 9876543",
                    "leistung_16a": Leistung16a.SUCHTBERATUNG,
                }.items()
            },
        },
        follow=True,
    )
    seite = antwort.content.decode()
    assert "Telefonnummer" in seite
    assert "sonst wird die Abstimmung nicht angefragt" in seite
    assert version.eintraege.filter(text__contains="0171 9876543").exists()


def test_schnittstelle_antwortet_400_mit_feldfehler(welt, ifk):
    person = welt.eigener_fall
    version, _ = _mit_16a(welt, f"Beratung für {person.vorname}, geb. 17.05.1985")
    antwort = api_client(ifk).post(
        f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/{version.pk}/abstimmung-anfragen/",
        {"angefragt_am": "2026-10-06"},
        format="json",
    )
    assert antwort.status_code == 400
    meldung = " ".join(antwort.json()["felder"]["eintraege"])
    assert "Name der Person" in meldung
    assert "Datum" in meldung
    _nichts_gesendet(version)


def test_der_grund_aus_dem_handlungsbedarf_wird_ebenso_geprueft(client, welt, ifk):
    """The Träger's page shows the item's Handlungsbedarf with its description
    as the reason: it goes through the same check before anything is sent."""
    from cases.models import Handlungsbedarf
    from tests.cases.factories import PotenzialanalyseFactory

    person = welt.eigener_fall
    pa = PotenzialanalyseFactory(leistungsberechtigter=person)
    bedarf = Handlungsbedarf.objects.create(
        potenzialanalyse=pa,
        bereich="schulden",
        beschreibung=f"{person.vorname} hat Schulden bei drei Banken, Tel. 0621 1234567",
    )
    version, eintrag = _mit_16a(welt, "Das Jobcenter vermittelt die Schuldnerberatung.")
    eintrag.handlungsbedarf = bedarf
    eintrag.save()
    client.force_login(ifk)
    editor = client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert f'id="grund-personenbezug-{eintrag.pk}"' in editor
    with pytest.raises(Fachfehler) as fehler:
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    meldung = " ".join(fehler.value.message_dict["eintraege"])
    assert "Beschreibung des Handlungsbedarfs „Schulden“" in meldung
    assert "Name der Person" in meldung
    assert "Telefonnummer" in meldung
    _nichts_gesendet(version)
    bedarf.beschreibung = "Schulden bei drei Banken"
    bedarf.save()
    assert abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG).pk


def test_keine_falsch_negativen_auf_der_liste():
    """The list of test texts (at least 20), each with personal data: the
    check finds something in every one of them."""
    assert len(MIT_PERSONENBEZUG) >= 20
    uebersehen = [text for text, _ in MIT_PERSONENBEZUG if not personenbezug(text, _person())]
    assert uebersehen == []
