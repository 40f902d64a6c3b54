"""Wiedervorlagen on the start pages: overdue and this week's as separate,
paged lists; done and postpone (with a reason) from every list, audited; the
user's notices; queries constant in the number of rows."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kooperation.access import Rolle
from kooperation.models import Fristart, Nachricht, Nachrichtenart, Wiedervorlage
from tests.cases.factories import LeistungsberechtigterFactory, WiedervorlageFactory

TAG = datetime.timedelta(days=1)


def heute():
    return timezone.localdate()


def sonntag():
    h = heute()
    return h + datetime.timedelta(days=6 - h.weekday())


@pytest.fixture
def ifk(welt):
    return welt.users[Rolle.IFK]


def faellig(welt, tage: int, **kwargs):
    return WiedervorlageFactory(person=welt.eigener_fall, faellig_am=heute() + tage * TAG, **kwargs)


def test_ueberfaellige_verdraengen_die_der_woche_nicht(client, welt, ifk, settings):
    for _ in range(25):
        faellig(welt, -5)
    heute_faellig = faellig(welt, 0)
    client.force_login(ifk)
    antwort = client.get("/faelle/")
    ueberfaellig = antwort.context["wv_ueberfaellig"]["seite"]
    woche = antwort.context["wv_woche"]["seite"]
    assert ueberfaellig.paginator.count == 25
    assert [w.pk for w in woche] == [heute_faellig.pk]
    inhalt = antwort.content.decode()
    assert "Überfällige Wiedervorlagen (25)" in inhalt
    assert "Diese Woche fällig (1)" in inhalt
    assert "Seite 1 von 3" in inhalt


def test_jede_liste_blaettert_fuer_sich(client, welt, ifk):
    alte = [faellig(welt, -20 + i) for i in range(12)]
    client.force_login(ifk)
    antwort = client.get("/faelle/?seite_ueberfaellig=2&phase=planung")
    seite = antwort.context["wv_ueberfaellig"]["seite"]
    assert [w.pk for w in seite] == [w.pk for w in alte[10:]]
    inhalt = antwort.content.decode()
    # The other list's and the caseload's parameters survive the page link.
    assert "phase=planung&amp;seite_ueberfaellig=1" in inhalt


def test_nach_sonntag_gehoert_nicht_zur_woche(client, welt, ifk):
    naechste_woche = WiedervorlageFactory(person=welt.eigener_fall, faellig_am=sonntag() + TAG)
    client.force_login(ifk)
    antwort = client.get("/faelle/")
    ids = [w.pk for w in antwort.context["wv_woche"]["seite"]]
    assert naechste_woche.pk not in ids


def test_abfragen_bleiben_gleich_bei_mehr_zeilen(client, welt, ifk):
    client.force_login(ifk)
    for i in range(3):
        faellig(welt, -1 - i)
        faellig(welt, 0)
    with CaptureQueriesContext(connection) as wenige:
        client.get("/faelle/")
    for i in range(40):
        person = LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk)
        WiedervorlageFactory(person=person, faellig_am=heute() - (i % 9 + 1) * TAG)
        WiedervorlageFactory(person=person, faellig_am=heute())
    with CaptureQueriesContext(connection) as viele:
        client.get("/faelle/")
    assert len(viele.captured_queries) == len(wenige.captured_queries)


def test_erledigt_schliesst_und_protokolliert(client, welt, ifk):
    wv = faellig(welt, -2)
    client.force_login(ifk)
    antwort = client.post(f"/wiedervorlagen/{wv.pk}/erledigt/", {"zurueck": "/faelle/"})
    assert antwort.status_code == 302
    assert antwort["Location"] == "/faelle/"
    wv.refresh_from_db()
    assert wv.status == "erledigt"
    assert wv.erledigt_am is not None
    eintrag = LogEntry.objects.get_for_object(wv).latest("timestamp")
    assert eintrag.actor == ifk
    assert eintrag.additional_data["grund"] == "Wiedervorlage als erledigt markiert"
    # The person's next deadline follows.
    welt.eigener_fall.refresh_from_db()
    assert welt.eigener_fall.naechste_frist is None


def test_zurueck_fuehrt_nie_auf_fremde_seiten(client, welt, ifk):
    wv = faellig(welt, 0)
    client.force_login(ifk)
    antwort = client.post(
        f"/wiedervorlagen/{wv.pk}/erledigt/", {"zurueck": "https://boese.example/"}
    )
    assert antwort["Location"] == "/faelle/"


def test_verschieben_mit_grund(client, welt, ifk):
    wv = faellig(welt, -3)
    neu = heute() + 10 * TAG
    client.force_login(ifk)
    antwort = client.post(
        f"/wiedervorlagen/{wv.pk}/verschieben/",
        {"faellig_am": neu.isoformat(), "grund": "Person ist im Urlaub", "zurueck": "/team/"},
    )
    assert antwort.status_code == 302
    wv.refresh_from_db()
    assert wv.faellig_am == neu
    assert wv.status == "offen"
    eintrag = LogEntry.objects.get_for_object(wv).latest("timestamp")
    assert eintrag.additional_data["grund"] == "Wiedervorlage verschoben: Person ist im Urlaub"
    assert "faellig_am" in eintrag.changes_dict
    welt.eigener_fall.refresh_from_db()
    assert welt.eigener_fall.naechste_frist == neu


@pytest.mark.parametrize(
    ("daten", "feld", "meldung"),
    [
        ({"faellig_am": "", "grund": "x"}, "faellig_am", "Bitte ein Datum angeben."),
        ({"faellig_am": "2026-13-45", "grund": "x"}, "faellig_am", "gültiges Datum"),
        ({"faellig_am": "PAST", "grund": "x"}, "faellig_am", "zwischen"),
        ({"faellig_am": "2099-01-01", "grund": "x"}, "faellig_am", "zwischen"),
        ({"faellig_am": "SOON", "grund": ""}, "grund", "Bitte angeben, warum"),
        ({"faellig_am": "SOON", "grund": "   "}, "grund", "Bitte angeben, warum"),
        ({"faellig_am": "SOON", "grund": "x" * 501}, "grund", "Höchstens 500 Zeichen"),
    ],
)
def test_verschieben_prueft_die_eingaben(client, welt, ifk, daten, feld, meldung):
    wv = faellig(welt, 1)
    ersatz = {"PAST": (heute() - TAG).isoformat(), "SOON": (heute() + 3 * TAG).isoformat()}
    daten = {k: ersatz.get(v, v) for k, v in daten.items()}
    client.force_login(ifk)
    antwort = client.post(f"/wiedervorlagen/{wv.pk}/verschieben/", daten)
    assert antwort.status_code == 400
    assert any(meldung in e for e in antwort.context["form"].errors[feld])
    vorher = wv.faellig_am
    wv.refresh_from_db()
    assert wv.faellig_am == vorher


@pytest.mark.parametrize(
    ("rolle", "erwartet"),
    [
        (Rolle.IFK, 302),
        (Rolle.TEAMLEITUNG, 302),
        (Rolle.TRAEGER, 403),
        (Rolle.GESCHAEFTSFUEHRUNG, 403),
        (Rolle.ADMINISTRATION, 403),
        (Rolle.API_CLIENT, 403),
    ],
)
def test_rollen_beim_erledigen(client, welt, rolle, erwartet):
    wv = faellig(welt, 0)
    client.force_login(welt.users[rolle])
    assert client.post(f"/wiedervorlagen/{wv.pk}/erledigt/").status_code == erwartet
    wv.refresh_from_db()
    assert (wv.status == "erledigt") == (erwartet == 302)


def test_kollegin_und_anderes_jobcenter_sehen_die_wiedervorlage_nicht(client, welt):
    fremd = WiedervorlageFactory(person=welt.fremder_fall)
    der_kollegin = WiedervorlageFactory(person=welt.team_fall)
    for wv in (fremd, der_kollegin):
        client.force_login(welt.users[Rolle.IFK])
        assert client.post(f"/wiedervorlagen/{wv.pk}/erledigt/").status_code == 404
        assert client.get(f"/wiedervorlagen/{wv.pk}/verschieben/").status_code == 404
    client.force_login(welt.fremde_ifk)
    der_ifk = WiedervorlageFactory(person=welt.eigener_fall)
    assert client.post(f"/wiedervorlagen/{der_ifk.pk}/erledigt/").status_code == 404
    assert Wiedervorlage.objects.filter(status="erledigt").count() == 0


def test_teamleitung_sieht_beide_listen_mit_aktionen(client, welt):
    faellig(welt, -1)
    faellig(welt, 0)
    client.force_login(welt.users[Rolle.TEAMLEITUNG])
    inhalt = client.get("/team/").content.decode()
    assert "Überfällige Fristen (1)" in inhalt
    assert "Diese Woche fällig (1)" in inhalt
    assert inhalt.count('<span class="kern-label">Erledigt</span>') == 2


def test_teamleitung_filtert_nach_fachkraft(client, welt):
    kollegin = welt.team_fall.zustaendig
    ihre = welt.team_fall
    eigene = faellig(welt, -1)
    fremde = WiedervorlageFactory(person=ihre, faellig_am=heute() - TAG)
    anderes_team = LeistungsberechtigterFactory(team=welt.team2)
    fremdes_team = WiedervorlageFactory(person=anderes_team, faellig_am=heute())
    client.force_login(welt.users[Rolle.TEAMLEITUNG])
    alle = client.get("/team/")
    gezeigt = {w.pk for w in alle.context["wv_ueberfaellig"]["seite"]}
    assert gezeigt == {eigene.pk, fremde.pk}
    assert {f.pk for f in alle.context["fachkraefte"]} == {welt.users[Rolle.IFK].pk, kollegin.pk}
    nur = client.get(f"/team/?ifk={kollegin.pk}")
    assert [w.pk for w in nur.context["wv_ueberfaellig"]["seite"]] == [fremde.pk]
    assert nur.context["gewaehlt"] == kollegin
    assert f'<option value="{kollegin.pk}" selected>' in nur.content.decode()
    # Someone outside the team is no filter at all: the team's list.
    fremd = client.get(f"/team/?ifk={welt.fremde_ifk.pk}")
    assert fremd.context["gewaehlt"] is None
    assert {w.pk for w in fremd.context["wv_ueberfaellig"]["seite"]} == gezeigt
    assert fremdes_team.pk not in {w.pk for w in fremd.context["wv_woche"]["seite"]}


def test_erledigte_lassen_sich_nicht_nochmal_erledigen(client, welt, ifk):
    wv = faellig(welt, 0, status="erledigt", erledigt_am=timezone.now())
    client.force_login(ifk)
    antwort = client.post(f"/wiedervorlagen/{wv.pk}/erledigt/", follow=True)
    assert "schon erledigt" in antwort.content.decode()


def test_nachrichten_auf_der_startseite(client, welt, ifk):
    def nachricht(empfaenger, art, betreff):
        return Nachricht.objects.create(
            jobcenter=welt.jc,
            empfaenger=empfaenger,
            adresse="x@jobcenter.invalid",
            art=art,
            betreff=betreff,
            text="Text",
        )

    nachricht(ifk, Nachrichtenart.TRAEGER, "Kommunaler Träger: abgelehnt (Fall K1)")
    nachricht(ifk, Nachrichtenart.FRISTEN, "Kooperationsplan: überfällig (2)")
    nachricht(ifk, Nachrichtenart.KONTO, "Ihr Link zum Passwort")
    nachricht(welt.users[Rolle.TEAMLEITUNG], Nachrichtenart.FRISTEN, "Eskaliert an die Leitung")
    client.force_login(ifk)
    inhalt = client.get("/faelle/").content.decode()
    assert "Kommunaler Träger: abgelehnt (Fall K1)" in inhalt
    assert "Kooperationsplan: überfällig (2)" in inhalt
    assert "Ihr Link zum Passwort" not in inhalt
    assert "Eskaliert an die Leitung" not in inhalt
    # The Teamleitung reads its escalations on its own page.
    client.force_login(welt.users[Rolle.TEAMLEITUNG])
    inhalt = client.get("/team/").content.decode()
    assert "Eskaliert an die Leitung" in inhalt
    assert "Kommunaler Träger: abgelehnt (Fall K1)" not in inhalt


def test_fristen_eines_schritts_enden_nur_mit_dem_schritt(client, welt, ifk):
    """The review deadline ends when the review is recorded, not by a tick:
    the list offers no "Erledigt" for it, and a post is refused."""
    pruefung = faellig(welt, -3, art=Fristart.UEBERPRUEFUNG)
    termin = faellig(welt, -3, art=Fristart.TERMIN)
    client.force_login(ifk)
    seite = client.get("/faelle/").content.decode()
    assert f"/wiedervorlagen/{termin.pk}/erledigt/" in seite
    assert f"/wiedervorlagen/{pruefung.pk}/erledigt/" not in seite
    assert "endet mit dem Schritt im Fall" in seite
    antwort = client.post(f"/wiedervorlagen/{pruefung.pk}/erledigt/", follow=True)
    assert "ist erledigt, wenn der Schritt im Fall erfasst ist" in antwort.content.decode()
    pruefung.refresh_from_db()
    assert pruefung.status == "offen"


def test_eine_zeile_nennt_frist_art_person_erinnerung_und_aktionen(client, welt, ifk):
    """What a row says and offers: the due date (marked when overdue), the
    kind, the person linking to her case, the reminder stage (marked when
    escalated) and the two actions, each named for a screen reader and
    leading back to the page (with its list pages) afterwards."""
    person = welt.eigener_fall
    wv = faellig(welt, -2, erinnerungsstufe="eskalation")
    client.force_login(ifk)
    inhalt = client.get("/faelle/?seite_woche=1").content.decode()
    datum = f"{wv.faellig_am:%d.%m.%Y}"
    assert f'<td class="kern-table__cell app-ueberfaellig">{datum} (überfällig)</td>' in inhalt
    assert '<td class="kern-table__cell">Vereinbarter Termin</td>' in inhalt
    assert (
        f'<a class="kern-link" href="/faelle/{person.pk}/">{person.vorname} {person.nachname}</a>'
    ) in inhalt
    assert (
        '<td class="kern-table__cell app-ueberfaellig">an die Teamleitung eskaliert</td>'
    ) in inhalt
    name = f"Vereinbarter Termin, {person.vorname} {person.nachname}, fällig am {datum}"
    assert f'<form method="post" action="/wiedervorlagen/{wv.pk}/erledigt/">' in inhalt
    assert f'aria-label="Erledigt: {name}"' in inhalt
    assert (
        f'href="/wiedervorlagen/{wv.pk}/verschieben/?zurueck=/faelle/%3Fseite_woche%3D1" '
        f'aria-label="Verschieben: {name}"'
    ) in inhalt


def test_eine_zeile_ohne_erinnerung_und_faellig_ab_heute(client, welt, ifk):
    wv = faellig(welt, 0)
    client.force_login(ifk)
    inhalt = client.get("/faelle/").content.decode()
    assert f'<td class="kern-table__cell">{wv.faellig_am:%d.%m.%Y}</td>' in inhalt
    assert f"{wv.faellig_am:%d.%m.%Y} (überfällig)" not in inhalt
    assert '<td class="kern-table__cell">–</td>' in inhalt
