"""The Teamleitung's workload page (cases, open and overdue Wiedervorlagen
per IFK, in a constant number of queries) and handing cases to another IFK
of the team (choose, confirm; open deadlines follow; audited)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Leistungsberechtigter
from cases.services import faelle_zuweisen
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Wiedervorlage
from tests.cases.factories import LeistungsberechtigterFactory, WiedervorlageFactory
from tests.kooperation.factories import benutzer

TAG = datetime.timedelta(days=1)


def heute():
    return timezone.localdate()


@pytest.fixture
def tl(welt):
    return welt.users[Rolle.TEAMLEITUNG]


def zeile(antwort, ifk):
    return next(z for z in antwort.context["zeilen"] if z.ifk == ifk)


def test_auslastung_je_ifk(client, welt, tl):
    ifk, kollegin = welt.users[Rolle.IFK], welt.team_fall.zustaendig
    for _ in range(2):
        LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk)
    LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk, fall_beendet_am=heute())
    WiedervorlageFactory(person=welt.eigener_fall, faellig_am=heute() - 3 * TAG)
    WiedervorlageFactory(person=welt.eigener_fall, faellig_am=heute() + 3 * TAG)
    WiedervorlageFactory(person=welt.team_fall, faellig_am=heute())
    # Another team's case and deadline count nowhere here.
    sued = benutzer(Rolle.IFK, welt.jc, welt.team2, username="ifk-sued")
    WiedervorlageFactory(person=LeistungsberechtigterFactory(team=welt.team2, zustaendig=sued))
    client.force_login(tl)
    antwort = client.get("/team/auslastung/")
    assert antwort.status_code == 200
    eigene = zeile(antwort, ifk)
    assert (eigene.faelle, eigene.wiedervorlagen, eigene.ueberfaellig) == (3, 2, 1)
    andere = zeile(antwort, kollegin)
    assert (andere.faelle, andere.wiedervorlagen, andere.ueberfaellig) == (1, 1, 0)
    assert sued not in [z.ifk for z in antwort.context["zeilen"]]
    assert antwort.context["summe"] == {"faelle": 4, "wiedervorlagen": 3, "ueberfaellig": 1}


def test_abfragen_konstant_in_der_zahl_der_ifks(client, welt, tl):
    client.force_login(tl)

    def abfragen():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/team/auslastung/").status_code == 200
        return len(ctx.captured_queries)

    wenige = abfragen()
    for i in range(8):
        neu = benutzer(Rolle.IFK, welt.jc, welt.team, username=f"neu{i}")
        person = LeistungsberechtigterFactory(team=welt.team, zustaendig=neu)
        WiedervorlageFactory(person=person, faellig_am=heute() - TAG)
    assert abfragen() == wenige


def test_nur_fuer_die_teamleitung(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    assert client.get("/team/auslastung/").status_code == 403
    with pytest.raises(KeinZugriff):
        faelle_zuweisen(
            acting_user=welt.users[Rolle.IFK],
            faelle=[welt.team_fall],
            ziel=welt.users[Rolle.IFK],
        )


def test_zuweisen_mit_bestaetigung(client, welt, tl):
    ifk, kollegin = welt.users[Rolle.IFK], welt.team_fall.zustaendig
    zweiter = LeistungsberechtigterFactory(team=welt.team, zustaendig=ifk, nachname="Zweitfall")
    offen = WiedervorlageFactory(person=welt.eigener_fall)
    erledigt = WiedervorlageFactory(
        person=welt.eigener_fall, status="erledigt", erledigt_am=timezone.now()
    )
    client.force_login(tl)
    liste = client.get(f"/team/zuweisen/?von={ifk.pk}")
    assert {p.pk for p in liste.context["faelle"]} == {welt.eigener_fall.pk, zweiter.pk}
    daten = {"von": ifk.pk, "faelle": [welt.eigener_fall.pk, zweiter.pk], "ziel": kollegin.pk}
    vorschau = client.post("/team/zuweisen/", daten)
    assert vorschau.status_code == 200
    assert "Zuweisung bestätigen" in vorschau.content.decode()
    # Nothing has moved before the confirmation.
    assert Leistungsberechtigter.objects.get(pk=zweiter.pk).zustaendig == ifk
    fertig = client.post("/team/zuweisen/", {**daten, "bestaetigt": "True"})
    assert fertig.status_code == 302
    assert set(
        Leistungsberechtigter.objects.filter(pk__in=[welt.eigener_fall.pk, zweiter.pk]).values_list(
            "zustaendig", flat=True
        )
    ) == {kollegin.pk}
    assert Wiedervorlage.objects.get(pk=offen.pk).zustaendig == kollegin
    assert Wiedervorlage.objects.get(pk=erledigt.pk).zustaendig == ifk
    eintrag = LogEntry.objects.get_for_object(zweiter).latest("pk")
    assert eintrag.actor == tl
    assert "zugewiesen" in eintrag.additional_data["grund"]
    # The former IFK now reads the cases as a team member only.
    client.force_login(ifk)
    assert client.get(f"/faelle/{zweiter.pk}/bearbeiten/").status_code == 403


def test_zuweisen_nur_im_eigenen_team(welt, tl):
    sued = benutzer(Rolle.IFK, welt.jc, welt.team2, username="ifk-sued")
    with pytest.raises(Fachfehler) as fehler:
        faelle_zuweisen(acting_user=tl, faelle=[welt.eigener_fall], ziel=sued)
    assert "ziel" in fehler.value.message_dict
    fall_sued = LeistungsberechtigterFactory(team=welt.team2, zustaendig=sued)
    with pytest.raises(KeinZugriff):
        faelle_zuweisen(acting_user=tl, faelle=[fall_sued], ziel=welt.users[Rolle.IFK])
    assert Leistungsberechtigter.objects.get(pk=fall_sued.pk).zustaendig == sued


def test_zuweisen_ohne_auswahl_sagt_es(client, welt, tl):
    ifk = welt.users[Rolle.IFK]
    client.force_login(tl)
    antwort = client.post("/team/zuweisen/", {"von": ifk.pk, "ziel": welt.team_fall.zustaendig.pk})
    assert antwort.status_code == 400
    assert "Bitte wählen Sie mindestens einen Fall aus." in antwort.content.decode()
    # A case of another IFK is no valid choice in this list.
    antwort = client.post(
        "/team/zuweisen/",
        {"von": ifk.pk, "faelle": [welt.team_fall.pk], "ziel": welt.team_fall.zustaendig.pk},
    )
    assert antwort.status_code == 400
