"""Creating and changing a person in the browser: own team only, duplicates
found without revealing who, contact and planning context, the gesetzliche
Vertretung, master data read-only where the Fachverfahren supplies it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from cases.models import Leistungsberechtigter
from kooperation.access import Rolle
from tests.cases.factories import LeistungsberechtigterFactory


def formular(**aenderungen):
    daten = {
        "vorname": "Marica",
        "nachname": "Müller",
        "geburtsdatum": "1990-04-03",
        "kundennummer": "123D456789",
        "strasse": "Lindenweg 4",
        "plz": "68161",
        "ort": "Mannheim",
        "telefon": "0621 123456",
        "email": "marica@example.invalid",
        "sprache": "uk",
        "dolmetscher_noetig": "on",
        "haushalt": "alleinerziehend",
        "bg_personen": "3",
        "kinder_alter": "4, 9",
        "pflegeaufgaben": "pflegt die Mutter an zwei Nachmittagen",
        "vertreter_name": "",
    }
    daten.update(aenderungen)
    return {k: v for k, v in daten.items() if v is not None}


def test_ifk_legt_person_im_eigenen_team_an(client, welt):
    ifk = welt.users[Rolle.IFK]
    client.force_login(ifk)
    antwort = client.post("/faelle/neu/", formular())
    person = Leistungsberechtigter.objects.get(kundennummer="123D456789")
    assert antwort["Location"] == f"/faelle/{person.pk}/"
    assert (person.team, person.zustaendig, person.jobcenter) == (welt.team, ifk, welt.jc)
    assert person.dolmetscher_noetig
    assert (person.bg_personen, person.kinder_alter) == (3, "4, 9")
    eintrag = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    assert eintrag.actor == ifk
    seite = client.get(antwort["Location"]).content.decode()
    assert "Dolmetscher nötig" in seite
    assert "pflegt die Mutter" in seite


@pytest.mark.parametrize(
    ("feld", "wert", "meldung"),
    [
        ("geburtsdatum", "2099-01-01", "Bitte geben Sie ein Datum zwischen"),
        ("geburtsdatum", "1900-01-01", "Bitte geben Sie ein Datum zwischen"),
        ("geburtsdatum", "03.04.90x", "gültiges Datum"),
        ("plz", "1234", "fünf Ziffern"),
        ("telefon", "ruf mich an", "nur Ziffern"),
        ("email", "keine-adresse", "gültige E-Mail"),
        ("kinder_alter", "3, sieben", "ganze Jahre von 0 bis 24"),
        ("kinder_alter", "30", "ganze Jahre von 0 bis 24"),
        ("bg_personen", "0", "größer oder gleich 1"),
        ("pflegeaufgaben", "x" * 501, "höchstens 500"),
        ("vorname", "", "Dieses Feld ist zwingend erforderlich."),
        ("kundennummer", "K 1", "3 bis 20 Buchstaben"),
    ],
)
def test_eingaben_werden_geprueft(client, welt, feld, wert, meldung):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post("/faelle/neu/", formular(**{feld: wert}))
    assert antwort.status_code == 400
    fehler = " ".join(antwort.context["form"].errors.get(feld, []))
    assert meldung.lower() in fehler.lower(), fehler
    assert not Leistungsberechtigter.objects.filter(kundennummer="123D456789").exists()


def test_doppelte_kundennummer_sichtbar_mit_link(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post("/faelle/neu/", formular(kundennummer=welt.team_fall.kundennummer))
    assert antwort.status_code == 400
    inhalt = antwort.content.decode()
    assert "Mit dieser Kundennummer kann kein neuer Fall angelegt werden" in inhalt
    assert f"/faelle/{welt.team_fall.pk}/" in inhalt


def test_doppelte_person_eines_anderen_teams_bleibt_verborgen(client, welt):
    andere = LeistungsberechtigterFactory(
        team=welt.team2, vorname="Marica", nachname="Müller", geburtsdatum="1990-04-03"
    )
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post("/faelle/neu/", formular(kundennummer="NEU-1"))
    assert antwort.status_code == 400
    inhalt = antwort.content.decode()
    assert "schon erfasst" in inhalt
    assert f"/faelle/{andere.pk}/" not in inhalt
    assert andere.kundennummer not in inhalt
    assert welt.team2.name not in inhalt
    # Same name and birthday may be somebody else: confirmed, it is recorded.
    antwort = client.post("/faelle/neu/", formular(kundennummer="NEU-1", trotzdem_anlegen="on"))
    assert antwort.status_code == 302
    assert Leistungsberechtigter.objects.filter(nachname="Müller").count() == 2


def test_gleiche_kundennummer_laesst_sich_nicht_bestaetigen(client, welt):
    LeistungsberechtigterFactory(team=welt.team2, kundennummer="GLEICH-1")
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post("/faelle/neu/", formular(kundennummer="GLEICH-1", trotzdem_anlegen="on"))
    assert antwort.status_code == 400


def test_anderes_jobcenter_zaehlt_nicht_als_doppelt(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post("/faelle/neu/", formular(kundennummer=welt.fremder_fall.kundennummer))
    assert antwort.status_code == 302


@pytest.mark.parametrize(
    ("rolle", "anlegen", "bearbeiten"),
    [
        (Rolle.IFK, 200, 200),
        (Rolle.TEAMLEITUNG, 403, 403),
        (Rolle.TRAEGER, 403, 403),
        (Rolle.GESCHAEFTSFUEHRUNG, 403, 403),
        (Rolle.ADMINISTRATION, 403, 403),
        (Rolle.API_CLIENT, 403, 403),
    ],
)
def test_rollen(client, welt, rolle, anlegen, bearbeiten):
    client.force_login(welt.users[rolle])
    assert client.get("/faelle/neu/").status_code == anlegen
    assert client.get(f"/faelle/{welt.eigener_fall.pk}/bearbeiten/").status_code == bearbeiten
    assert client.post("/faelle/neu/", formular()).status_code in (302, 403)
    if anlegen == 403:
        assert not Leistungsberechtigter.objects.filter(kundennummer="123D456789").exists()


def test_kollegin_und_anderes_jobcenter_bearbeiten_nicht(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    assert client.get(f"/faelle/{welt.team_fall.pk}/bearbeiten/").status_code == 403
    assert client.get(f"/faelle/{welt.fremder_fall.pk}/bearbeiten/").status_code == 404


def test_bearbeiten_mit_vertretung_und_protokoll(client, welt):
    person = welt.eigener_fall
    client.force_login(welt.users[Rolle.IFK])
    daten = formular(
        vorname=person.vorname,
        nachname=person.nachname,
        geburtsdatum=person.geburtsdatum.isoformat(),
        kundennummer=person.kundennummer,
        sperrversion=person.sperrversion,
        vertreter_name="Erika Muster",
        vertreter_beziehung="Mutter",
        vertreter_telefon="0621 99",
    )
    antwort = client.post(f"/faelle/{person.pk}/bearbeiten/", daten)
    assert antwort.status_code == 302, antwort.context["form"].errors
    person.refresh_from_db()
    assert person.telefon == "0621 123456"
    assert person.vertreter.get().name == "Erika Muster"
    eintrag = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).first()
    assert eintrag.additional_data["grund"] == "Stammdaten geändert"
    # A second save from the same (now stale) form is refused.
    antwort = client.post(f"/faelle/{person.pk}/bearbeiten/", {**daten, "telefon": "0621 1"})
    assert antwort.status_code == 400
    assert "in der Zwischenzeit" in antwort.content.decode()
    person.refresh_from_db()
    assert person.telefon == "0621 123456"
    # An empty name removes the Vertretung.
    client.post(
        f"/faelle/{person.pk}/bearbeiten/",
        {**daten, "sperrversion": person.sperrversion, "vertreter_name": ""},
    )
    assert not person.vertreter.exists()


def test_stammdaten_aus_dem_fachverfahren_sind_nur_zu_lesen(client, welt):
    welt.jc.stammdaten_aus_fachverfahren = True
    welt.jc.save()
    person = welt.eigener_fall
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get(f"/faelle/{person.pk}/bearbeiten/")
    form = antwort.context["form"]
    assert form.fields["nachname"].disabled
    assert not form.fields["sprache"].disabled
    antwort = client.post(
        f"/faelle/{person.pk}/bearbeiten/",
        formular(nachname="Geändert", sprache="tr", sperrversion=person.sperrversion),
    )
    assert antwort.status_code == 302
    person.refresh_from_db()
    assert person.nachname != "Geändert"
    assert person.sprache == "tr"
    # Nobody creates people in the browser then.
    antwort = client.post("/faelle/neu/", formular())
    assert "kommen von dort über die Schnittstelle" in antwort.content.decode()
    assert not Leistungsberechtigter.objects.filter(kundennummer="123D456789").exists()


def test_dienst_verweigert_stammdaten_ausser_ueber_die_schnittstelle(welt):
    from cases.services import leistungsberechtigter_aendern
    from kooperation.errors import Fachfehler

    welt.jc.stammdaten_aus_fachverfahren = True
    welt.jc.save()
    person = welt.eigener_fall
    ifk = welt.users[Rolle.IFK]
    with pytest.raises(Fachfehler) as fehler:
        leistungsberechtigter_aendern(
            acting_user=ifk, leistungsberechtigter=person, sperrversion=1, nachname="Neu"
        )
    assert "nachname" in fehler.value.message_dict
    leistungsberechtigter_aendern(
        acting_user=ifk,
        leistungsberechtigter=person,
        sperrversion=1,
        nachname="Neu-Name",
        ueber_schnittstelle=True,
    )
    person.refresh_from_db()
    assert person.nachname == "Neu-Name"


def test_ende_des_falls_wird_eingetragen_nie_in_der_zukunft(client, welt):
    """From the day the case ended the retention period runs: the IFK
    records it on the person's form; a day ahead is refused on the field."""
    person = welt.eigener_fall
    client.force_login(welt.users[Rolle.IFK])
    heute = timezone.localdate()
    daten = formular(
        vorname=person.vorname,
        nachname=person.nachname,
        geburtsdatum=person.geburtsdatum.isoformat(),
        kundennummer=person.kundennummer,
        sperrversion=person.sperrversion,
    )
    morgen = (heute + datetime.timedelta(days=1)).isoformat()
    antwort = client.post(f"/faelle/{person.pk}/bearbeiten/", {**daten, "fall_beendet_am": morgen})
    assert antwort.status_code == 400
    assert "nicht in der Zukunft" in " ".join(antwort.context["form"].errors["fall_beendet_am"])
    person.refresh_from_db()
    assert person.fall_beendet_am is None
    gestern = heute - datetime.timedelta(days=1)
    antwort = client.post(
        f"/faelle/{person.pk}/bearbeiten/", {**daten, "fall_beendet_am": gestern.isoformat()}
    )
    assert antwort.status_code == 302
    person.refresh_from_db()
    assert person.fall_beendet_am == gestern
    assert "Ende des Falls" in client.get(f"/faelle/{person.pk}/bearbeiten/").content.decode()
