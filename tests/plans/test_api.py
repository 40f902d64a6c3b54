"""``/api/v1/kooperationsplaene/`` (versions, items, transitions, PDF) and
``/api/v1/abstimmungen/``: every role allowed or denied, the Träger sees no
names, stale edits refused, the same rules as the services."""

import datetime

import pytest
from django.core.files.base import ContentFile

from kooperation.access import Rolle
from kooperation.katalog import Leistung16a
from plans.models import PlanEintrag, PlanStatus, Planteil, VersionStatus
from plans.services.entwurf import kooperationsplan_anlegen
from tests.api_helfer import api_client, ergebnisse, ids
from tests.plans.factories import entwurf, in_abstimmung, vereinbart

LESEN = {Rolle.IFK, Rolle.TEAMLEITUNG, Rolle.API_CLIENT}
ALLE = list(Rolle)


def _url(version, rest=""):
    return f"/api/v1/kooperationsplaene/{version.plan_id}/versionen/{version.pk}/{rest}"


@pytest.mark.parametrize("rolle", ALLE)
def test_plaene_je_rolle(welt, rolle):
    eigener = entwurf(welt)
    antwort = api_client(welt.users[rolle]).get("/api/v1/kooperationsplaene/")
    if rolle in LESEN:
        assert ids(antwort) == {eigener.plan_id}
    else:
        assert antwort.status_code == 403


@pytest.mark.parametrize("rolle", ALLE)
def test_versionen_und_eintraege_je_rolle(welt, rolle):
    version = entwurf(welt)
    client = api_client(welt.users[rolle])
    for url in (_url(version), _url(version, "eintraege/")):
        antwort = client.get(url)
        assert antwort.status_code == (200 if rolle in LESEN else 403), url


@pytest.mark.parametrize("rolle", ALLE)
def test_vereinbaren_je_rolle(welt, rolle):
    version = entwurf(welt)
    antwort = api_client(welt.users[rolle]).post(
        _url(version, "vereinbaren/"), {"vereinbart_am": "2026-10-07"}, format="json"
    )
    if rolle == Rolle.IFK:
        assert antwort.status_code == 200, antwort.content
        assert antwort.json()["status"] == VersionStatus.VEREINBART
        assert antwort.json()["ueberpruefung_bis"] == "2027-04-07"
    else:
        assert antwort.status_code == 403
        version.refresh_from_db()
        assert version.status == VersionStatus.ENTWURF


def test_plan_anderer_jobcenter_ist_404(welt):
    fremd = kooperationsplan_anlegen(
        acting_user=welt.fremde_ifk,
        leistungsberechtigter=welt.fremder_fall,
        begonnen_am=datetime.date(2026, 10, 5),
    ).versionen.get()
    for rolle in LESEN:
        client = api_client(welt.users[rolle])
        assert client.get(f"/api/v1/kooperationsplaene/{fremd.plan_id}/").status_code == 404
        assert client.get(_url(fremd)).status_code == 404
        assert client.get(_url(fremd, "pdf/")).status_code == 404


def test_entwurf_ohne_ziel_wird_mit_feldfehlern_abgewiesen(welt):
    version = entwurf(welt, ziel="")
    antwort = api_client(welt.users[Rolle.IFK]).post(
        _url(version, "vereinbaren/"), {"vereinbart_am": "2026-10-07"}, format="json"
    )
    assert antwort.status_code == 400
    assert antwort.json()["felder"]["ziel"] == ["Bitte tragen Sie das Ziel ein („Der Plan“)."]


def test_plan_anlegen_und_entwurf_bearbeiten(welt):
    client = api_client(welt.users[Rolle.IFK])
    antwort = client.post(
        "/api/v1/kooperationsplaene/",
        {"leistungsberechtigter": welt.eigener_fall.pk, "begonnen_am": "2026-10-05"},
        format="json",
    )
    assert antwort.status_code == 201, antwort.content
    plan = antwort.json()
    assert plan["rechtsstand"] == "grundsicherung-2026"
    basis = f"/api/v1/kooperationsplaene/{plan['id']}/versionen/{plan['versionen'][0]}/"
    etag = client.get(basis)["ETag"]
    antwort = client.patch(
        basis,
        {"ziel": "Ich will Busfahrerin werden.", "kontakt": "0621 123"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert antwort.status_code == 200, antwort.content
    sperrversion = antwort.json()["sperrversion"]
    antwort = client.post(
        basis + "eintraege/",
        {"teil": "weg", "text": "Ich mache den Führerschein.", "sperrversion": sperrversion},
        format="json",
    )
    assert antwort.status_code == 201, antwort.content
    antwort = client.post(basis + "vereinbaren/", {"vereinbart_am": "2026-10-07"}, format="json")
    assert antwort.status_code == 200, antwort.content


def test_veralteter_entwurf_wird_nicht_ueberschrieben(welt):
    version = entwurf(welt)
    client = api_client(welt.users[Rolle.IFK])
    erste = client.patch(
        _url(version), {"ziel": "Erste", "kontakt": "", "sperrversion": 1}, format="json"
    )
    assert erste.status_code == 200
    zweite = client.patch(
        _url(version), {"ziel": "Zweite", "kontakt": "", "sperrversion": 1}, format="json"
    )
    assert zweite.status_code == 409
    dritte = client.patch(
        _url(version), {"ziel": "Dritte", "kontakt": ""}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert dritte.status_code == 412
    eintrag = client.post(
        _url(version, "eintraege/"), {"teil": "weg", "text": "x", "sperrversion": 1}, format="json"
    )
    assert eintrag.status_code == 409
    version.refresh_from_db()
    assert version.ziel == "Erste"


def test_eintrag_aendern_und_entfernen(welt):
    version = entwurf(welt)
    eintrag = version.eintraege.get()
    client = api_client(welt.users[Rolle.IFK])
    url = _url(version, f"eintraege/{eintrag.pk}/")
    antwort = client.patch(
        url, {"teil": "weg", "text": "Neuer Schritt", "sperrversion": 1}, format="json"
    )
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["text"] == "Neuer Schritt"
    antwort = client.delete(url, {"sperrversion": 2}, format="json")
    assert antwort.status_code == 204
    assert not PlanEintrag.objects.filter(pk=eintrag.pk).exists()


def test_eigenbemuehung_ohne_nachweis_ist_feldfehler(welt):
    version = entwurf(welt)
    antwort = api_client(welt.users[Rolle.IFK]).post(
        _url(version, "eintraege/"),
        {"teil": "eigenbemuehung", "text": "Bewerbungen", "sperrversion": 1},
        format="json",
    )
    assert antwort.status_code == 400
    assert "Wie nachweisen" in str(antwort.json())


def test_vereinbarte_version_bleibt_unveraendert(welt):
    version = vereinbart(welt)
    antwort = api_client(welt.users[Rolle.IFK]).patch(
        _url(version), {"ziel": "anders", "kontakt": "", "sperrversion": 2}, format="json"
    )
    assert antwort.status_code == 400
    assert "Fortschreibung" in str(antwort.json())


def test_pdf_der_vereinbarten_version(welt, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version = vereinbart(welt)
    client = api_client(welt.users[Rolle.API_CLIENT])
    fehlt = client.get(_url(version, "pdf/"))
    assert fehlt.status_code == 404
    assert "kein PDF" in fehlt.json()["detail"]
    als_pdf = client.get(_url(version, "pdf/"), HTTP_ACCEPT="application/pdf")
    assert als_pdf.status_code == 404
    assert als_pdf["Content-Type"] == "application/json"
    version.pdf.save("plan.pdf", ContentFile(b"%PDF-1.7 Testinhalt"), save=True)
    antwort = client.get(_url(version, "pdf/"))
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert b"".join(antwort.streaming_content).startswith(b"%PDF")
    # Generated clients ask for bytes (application/octet-stream): the same file.
    for art in ("application/pdf", "application/octet-stream"):
        antwort = client.get(_url(version, "pdf/"), HTTP_ACCEPT=art)
        assert antwort.status_code == 200, art
        assert b"".join(antwort.streaming_content).startswith(b"%PDF")
    unbekannt = client.get(_url(version, "pdf/"), HTTP_ACCEPT="image/png")
    assert unbekannt.status_code == 406
    assert unbekannt.json()["code"] == "not_acceptable"
    assert api_client(welt.users[Rolle.TRAEGER]).get(_url(version, "pdf/")).status_code == 403


def test_ueberpruefung_und_fortschreibung(welt):
    version = vereinbart(welt)
    client = api_client(welt.users[Rolle.IFK])
    basis = f"/api/v1/kooperationsplaene/{version.plan_id}/"
    antwort = client.post(basis + "ueberpruefung/")
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["status"] == PlanStatus.UEBERPRUEFUNG
    antwort = client.post(basis + "fortschreiben/")
    assert antwort.status_code == 201, antwort.content
    assert antwort.json()["nummer"] == 2
    assert antwort.json()["status"] == VersionStatus.ENTWURF
    # The Fachverfahren reads, but changes nothing.
    fv = api_client(welt.users[Rolle.API_CLIENT])
    assert fv.post(basis + "ueberpruefung/").status_code == 403


def test_kein_plan_mit_grund(welt):
    version = entwurf(welt)
    client = api_client(welt.users[Rolle.IFK])
    url = f"/api/v1/kooperationsplaene/{version.plan_id}/kein-plan/"
    assert client.post(url, {"grund": "unsinn"}, format="json").status_code == 400
    antwort = client.post(url, {"grund": "rente"}, format="json")
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["status"] == PlanStatus.KEIN_PLAN


def test_schlichtung_nur_im_rechtsstand_2023(welt):
    client = api_client(welt.users[Rolle.IFK])
    daten = {"beantragt_von": "person", "begonnen_am": "2026-03-10", "schlichter": "Frau Roth"}
    neu = entwurf(welt, begonnen_am=datetime.date(2026, 10, 5))
    antwort = client.post(
        f"/api/v1/kooperationsplaene/{neu.plan_id}/schlichtung/",
        {**daten, "begonnen_am": "2026-10-20"},
        format="json",
    )
    assert antwort.status_code == 400
    assert "sieht sie nicht vor" in antwort.json()["felder"]["begonnen_am"][0]
    # A day before the plan began is refused, naming the field.
    antwort = client.post(
        f"/api/v1/kooperationsplaene/{neu.plan_id}/schlichtung/", daten, format="json"
    )
    assert antwort.status_code == 400
    assert "vor dem Beginn des Plans" in antwort.json()["felder"]["begonnen_am"][0]
    alt = entwurf(welt, person=welt.eigener_fall, begonnen_am=datetime.date(2026, 3, 2))
    basis = f"/api/v1/kooperationsplaene/{alt.plan_id}/"
    antwort = client.post(basis + "schlichtung/", daten, format="json")
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["status"] == PlanStatus.NICHTEINIGUNG
    assert antwort.json()["schlichtungen"][0]["ende_spaetestens"] == "2026-04-07"
    antwort = client.post(
        basis + "schlichtung-beenden/",
        {"beendet_am": "2026-03-20", "ergebnis": "einigung"},
        format="json",
    )
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["status"] == PlanStatus.ENTWURF


def test_pflichten_festsetzen_im_rechtsstand_2026(welt):
    version = entwurf(welt)
    antwort = api_client(welt.users[Rolle.IFK]).post(
        f"/api/v1/kooperationsplaene/{version.plan_id}/pflichten-festsetzen/",
        {
            "erlassen_am": "2026-10-20",
            "pflichten": [
                {"was": "Zwei Bewerbungen je Monat.", "wie_oft": "2 im Monat", "nachweis": "Liste"}
            ],
            "begruendung": "",
        },
        format="json",
    )
    assert antwort.status_code == 400
    assert "begruendung" in antwort.json()["felder"]


def test_bescheid_punkte_ueber_die_api(welt, django_capture_on_commit_callbacks):
    """The Bescheid's obligations and offers as nested items: each checked
    (400 with the item's field), stored and returned as items."""
    version = entwurf(welt, begonnen_am=datetime.date(2026, 9, 1))
    client = api_client(welt.users[Rolle.IFK])
    adresse = f"/api/v1/kooperationsplaene/{version.plan_id}/pflichten-festsetzen/"
    basis = {"erlassen_am": "2026-10-20", "begruendung": "Keine Einigung."}
    # No obligation at all; an item without how often, one whose deadline
    # lies before the Bescheid, and one after its end.
    leer = client.post(adresse, {**basis, "pflichten": []}, format="json")
    assert leer.status_code == 400
    assert any(feld.startswith("pflichten") for feld in leer.json()["felder"])
    falsch = client.post(
        adresse,
        {
            **basis,
            "gueltig_bis": "2027-01-31",
            "pflichten": [
                {"was": "Bewerben", "nachweis": "Liste"},
                {
                    "was": "Kurs",
                    "wie_oft": "einmal",
                    "nachweis": "Bescheinigung",
                    "bis": "2026-10-01",
                },
                {
                    "was": "Kurs",
                    "wie_oft": "einmal",
                    "nachweis": "Bescheinigung",
                    "bis": "2027-03-01",
                },
            ],
            "angebote": [{"was": ""}],
        },
        format="json",
    )
    assert falsch.status_code == 400
    fehler = falsch.json()["felder"]
    assert "pflichten.0.wie_oft" in fehler
    assert "nach dem Tag des Bescheids" in fehler["pflichten.1.bis"][0]
    assert "31.01.2027" in fehler["pflichten.2.bis"][0]
    assert "angebote.0.was" in fehler
    assert not version.plan.festsetzungen.exists()
    with django_capture_on_commit_callbacks(execute=True):
        gut = client.post(
            adresse,
            {
                **basis,
                "pflichten": [
                    {
                        "was": "Sie bewerben sich als Koch.",
                        "wie_oft": "4 im Monat",
                        "bis": "2026-12-31",
                        "nachweis": "Liste zeigen",
                    }
                ],
                "angebote": [{"was": "Wir bezahlen die Fahrten.", "wie_oft": "bei Bedarf"}],
            },
            format="json",
        )
    assert gut.status_code == 200, gut.content
    bescheid = gut.json()["festsetzungen"][0]
    assert bescheid["pflichten_punkte"] == [
        {
            "nummer": 1,
            "was": "Sie bewerben sich als Koch.",
            "wie_oft": "4 im Monat",
            "bis": "2026-12-31",
            "nachweis": "Liste zeigen",
            "termin": None,
        }
    ]
    assert bescheid["angebote_punkte"][0]["was"] == "Wir bezahlen die Fahrten."
    assert "Wie oft: 4 im Monat" in bescheid["pflichten"]


# --- Abstimmungen ------------------------------------------------------------


@pytest.mark.parametrize("rolle", ALLE)
def test_abstimmungen_je_rolle(welt, rolle):
    abstimmung = in_abstimmung(welt)
    antwort = api_client(welt.users[rolle]).get("/api/v1/abstimmungen/")
    if rolle in LESEN | {Rolle.TRAEGER}:
        assert ids(antwort) == {abstimmung.pk}
    else:
        assert antwort.status_code == 403


def test_traeger_sieht_nur_das_noetigste(welt):
    abstimmung = in_abstimmung(welt)
    person = welt.eigener_fall
    antwort = api_client(welt.users[Rolle.TRAEGER]).get(f"/api/v1/abstimmungen/{abstimmung.pk}/")
    assert antwort.status_code == 200
    daten = antwort.json()
    assert daten["fallnummer"] == person.pseudonym
    assert daten["altersgruppe"] == "25 bis 49"
    assert [e["leistung_16a"] for e in daten["eintraege_16a"]] == ["schuldnerberatung"]
    text = antwort.content.decode()
    for geheim in (person.vorname, person.nachname, person.kundennummer, "Deutsch-Kurs"):
        assert geheim not in text
    # Nor can it reach the case or the plan itself.
    traeger = api_client(welt.users[Rolle.TRAEGER])
    assert traeger.get(f"/api/v1/leistungsberechtigte/{person.pk}/").status_code == 403
    assert (
        traeger.get(f"/api/v1/kooperationsplaene/{abstimmung.version.plan_id}/").status_code == 403
    )


@pytest.mark.parametrize("rolle", ALLE)
def test_entscheiden_je_rolle(welt, rolle):
    abstimmung = in_abstimmung(welt)
    antwort = api_client(welt.users[rolle]).post(
        f"/api/v1/abstimmungen/{abstimmung.pk}/entscheiden/",
        {"status": "zugestimmt"},
        format="json",
    )
    if rolle == Rolle.TRAEGER:
        assert antwort.status_code == 200, antwort.content
        assert antwort.json()["status"] == "zugestimmt"
    else:
        assert antwort.status_code == 403
        abstimmung.refresh_from_db()
        assert abstimmung.status == "offen"


def test_ablehnung_braucht_begruendung(welt):
    abstimmung = in_abstimmung(welt)
    antwort = api_client(welt.users[Rolle.TRAEGER]).post(
        f"/api/v1/abstimmungen/{abstimmung.pk}/entscheiden/", {"status": "abgelehnt"}, format="json"
    )
    assert antwort.status_code == 400
    assert antwort.json()["felder"]["begruendung"] == ["Bitte begründen Sie die Ablehnung."]


@pytest.mark.parametrize("rolle", ALLE)
def test_position_entscheiden_je_rolle(welt, rolle):
    abstimmung = in_abstimmung(welt)
    position = abstimmung.positionen.get()
    antwort = api_client(welt.users[rolle]).post(
        f"/api/v1/abstimmungen/{abstimmung.pk}/positionen/{position.pk}/entscheiden/",
        {"status": "geaendert", "aenderung": "Erst ab Januar"},
        format="json",
    )
    if rolle == Rolle.TRAEGER:
        assert antwort.status_code == 200, antwort.content
        (pos,) = antwort.json()["positionen"]
        assert (pos["status"], pos["aenderung"]) == ("geaendert", "Erst ab Januar")
    else:
        assert antwort.status_code == 403
        position.refresh_from_db()
        assert position.status == "offen"


def test_aenderung_des_traegers_bestaetigt_die_ifk(welt):
    abstimmung = in_abstimmung(welt)
    position = abstimmung.positionen.get()
    api_client(welt.users[Rolle.TRAEGER]).post(
        f"/api/v1/abstimmungen/{abstimmung.pk}/positionen/{position.pk}/entscheiden/",
        {"status": "geaendert", "aenderung": "Erst ab Januar"},
        format="json",
    )
    url = f"/api/v1/abstimmungen/{abstimmung.pk}/aenderung-bestaetigen/"
    assert api_client(welt.users[Rolle.TRAEGER]).post(url).status_code == 403
    assert api_client(welt.users[Rolle.API_CLIENT]).post(url).status_code == 403
    antwort = api_client(welt.users[Rolle.IFK]).post(url)
    assert antwort.status_code == 200, antwort.content
    assert antwort.json()["aenderung_bestaetigt_am"] is not None
    assert api_client(welt.users[Rolle.GESCHAEFTSFUEHRUNG]).post(url).status_code == 403


def test_abstimmung_anfragen_ueber_die_schnittstelle(welt):
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Suchtberatung",
        leistung_16a=Leistung16a.SUCHTBERATUNG,
    )
    ohne = api_client(welt.users[Rolle.API_CLIENT]).post(
        _url(version, "abstimmung-anfragen/"), {"angefragt_am": "2026-10-06"}, format="json"
    )
    assert ohne.status_code == 403
    antwort = api_client(welt.users[Rolle.IFK]).post(
        _url(version, "abstimmung-anfragen/"), {"angefragt_am": "2026-10-06"}, format="json"
    )
    assert antwort.status_code == 201, antwort.content
    assert antwort.json()["status"] == "offen"
    assert [
        a["id"]
        for a in ergebnisse(api_client(welt.users[Rolle.TRAEGER]).get("/api/v1/abstimmungen/"))
    ] == [antwort.json()["id"]]
