"""Cover for an absent IFK: recorded by her or her Teamleitung with a
colleague of the same team for a checked period; meanwhile the colleague
sees and works the cases through the one access policy (pages and API
alike), every step audited naming both; it ends on its last day or early."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import Vermerk
from kooperation import access
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Vertretung
from kooperation.services import vertretung_beenden, vertretung_erfassen
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory, WiedervorlageFactory
from tests.kooperation.factories import benutzer

TAG = datetime.timedelta(days=1)


def heute():
    return timezone.localdate()


def frisch(user):
    """The account as the next request loads it (no cached answers)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def ifk(welt):
    return welt.users[Rolle.IFK]


@pytest.fixture
def kollegin(welt):
    return welt.team_fall.zustaendig


def abwesend(welt, ifk, kollegin, von=0, bis=6):
    """The IFK is away from today + von to today + bis; the colleague covers."""
    return vertretung_erfassen(
        acting_user=ifk,
        abwesend=ifk,
        vertreter=kollegin,
        von=heute() + von * TAG,
        bis=heute() + bis * TAG,
    )


def test_vertretung_bearbeitet_die_faelle_nur_im_zeitraum(welt, ifk, kollegin):
    fall = welt.eigener_fall
    wv = WiedervorlageFactory(person=fall)
    assert not access.darf_bearbeiten(frisch(kollegin), fall)
    v = abwesend(welt, ifk, kollegin)
    vertretung = frisch(kollegin)
    assert access.darf_bearbeiten(vertretung, fall)
    assert access.darf_bearbeiten(vertretung, Vermerk(leistungsberechtigter=fall))
    assert access.darf_sehen(vertretung, wv)
    assert access.darf_bearbeiten(vertretung, wv)
    # The absent IFK keeps her cases; the covering goes one way only.
    assert access.darf_bearbeiten(frisch(ifk), fall)
    assert not access.darf_bearbeiten(frisch(ifk), welt.team_fall)
    vertretung_beenden(acting_user=ifk, vertretung=v)
    danach = frisch(kollegin)
    assert not access.darf_bearbeiten(danach, fall)
    assert not access.darf_sehen(danach, wv)


def test_geplante_vertretung_gilt_erst_ab_ihrem_beginn(welt, ifk, kollegin):
    abwesend(welt, ifk, kollegin, von=3, bis=10)
    assert not access.darf_bearbeiten(frisch(kollegin), welt.eigener_fall)
    assert access.vertretene(frisch(kollegin)) == {}


def test_teamleitung_erfasst_fuer_ihr_team(welt, ifk, kollegin):
    tl = welt.users[Rolle.TEAMLEITUNG]
    v = vertretung_erfassen(
        acting_user=tl, abwesend=ifk, vertreter=kollegin, von=heute(), bis=heute() + 4 * TAG
    )
    assert v.erfasst_von == tl
    assert access.darf_bearbeiten(frisch(kollegin), welt.eigener_fall)
    vertretung_beenden(acting_user=tl, vertretung=v)
    assert Vertretung.objects.get(pk=v.pk).beendet_von == tl


def test_nur_die_abwesende_oder_ihre_teamleitung_erfassen(welt, ifk, kollegin):
    with pytest.raises(KeinZugriff):
        vertretung_erfassen(
            acting_user=kollegin, abwesend=ifk, vertreter=kollegin, von=heute(), bis=heute()
        )
    tl_sued = benutzer(Rolle.TEAMLEITUNG, welt.jc, welt.team2, username="tl-sued")
    with pytest.raises(KeinZugriff):
        vertretung_erfassen(
            acting_user=tl_sued, abwesend=ifk, vertreter=kollegin, von=heute(), bis=heute()
        )
    v = abwesend(welt, ifk, kollegin)
    with pytest.raises(KeinZugriff):
        vertretung_beenden(acting_user=kollegin, vertretung=v)


@pytest.mark.parametrize(
    ("von", "bis", "feld", "meldung"),
    [
        (2, 1, "bis", "liegt vor ihrem Beginn"),
        (-10, -2, "bis", "schon vorbei"),
        (0, 400, "bis", "Zeitraum für Abwesenheiten"),
        (-60, 2, "von", "Zeitraum für Abwesenheiten"),
    ],
)
def test_zeitraum_wird_geprueft(welt, ifk, kollegin, von, bis, feld, meldung):
    with pytest.raises(Fachfehler) as fehler:
        abwesend(welt, ifk, kollegin, von=von, bis=bis)
    assert meldung in " ".join(fehler.value.message_dict[feld])
    assert not Vertretung.objects.exists()


def test_vertretung_aus_demselben_team(welt, ifk):
    sued = benutzer(Rolle.IFK, welt.jc, welt.team2, username="ifk-sued")
    tl = welt.users[Rolle.TEAMLEITUNG]
    for vertreter, teil in [
        (sued, "desselben Teams"),
        (welt.fremde_ifk, "desselben Teams"),
        (tl, "desselben Teams"),
        (ifk, "sich selbst"),
    ]:
        with pytest.raises(Fachfehler) as fehler:
            vertretung_erfassen(
                acting_user=ifk, abwesend=ifk, vertreter=vertreter, von=heute(), bis=heute()
            )
        assert teil in " ".join(fehler.value.message_dict["vertreter"])
    assert not Vertretung.objects.exists()


def test_keine_ueberschneidung_und_keine_kette(welt, ifk, kollegin):
    abwesend(welt, ifk, kollegin, von=0, bis=6)
    with pytest.raises(Fachfehler) as fehler:
        abwesend(welt, ifk, kollegin, von=5, bis=8)
    assert "schon eine Abwesenheit" in str(fehler.value)
    # The colleague covering cannot be away herself with the absent IFK covering her.
    with pytest.raises(Fachfehler) as fehler:
        vertretung_erfassen(
            acting_user=kollegin, abwesend=kollegin, vertreter=ifk, von=heute(), bis=heute()
        )
    assert "selbst abwesend" in str(fehler.value) or "vertritt" in str(fehler.value)


def test_lesen_und_schreiben_nennen_beide(client, welt, ifk, kollegin):
    abwesend(welt, ifk, kollegin)
    client.force_login(kollegin)
    fall = welt.eigener_fall
    assert client.get(f"/faelle/{fall.pk}/").status_code == 200
    gelesen = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(fall.pk), actor=kollegin
    ).latest("pk")
    assert gelesen.additional_data["in_vertretung_fuer"] == [{"id": ifk.pk, "name": str(ifk)}]
    antwort = client.post(
        f"/faelle/{fall.pk}/vermerke/neu/",
        {"am": heute().isoformat(), "art": "telefonat", "text": "Rückruf wegen Termin."},
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    vermerk = Vermerk.objects.get(leistungsberechtigter=fall)
    eintrag = LogEntry.objects.get_for_object(vermerk).latest("pk")
    assert eintrag.actor == kollegin
    assert eintrag.additional_data["in_vertretung_fuer"][0]["id"] == ifk.pk
    # Her own team colleague's case read the same day is not "for" anyone.
    client.get(f"/faelle/{welt.team_fall.pk}/")
    eigen = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(welt.team_fall.pk), actor=kollegin
    ).latest("pk")
    assert "in_vertretung_fuer" not in eigen.additional_data


def test_startseite_der_vertretung(client, welt, ifk, kollegin):
    wv = WiedervorlageFactory(person=welt.eigener_fall, faellig_am=heute())
    client.force_login(kollegin)
    assert "In Vertretung" not in client.get("/faelle/").content.decode()
    abwesend(welt, ifk, kollegin, bis=6)
    antwort = client.get("/faelle/")
    inhalt = antwort.content.decode()
    assert "In Vertretung" in inhalt
    assert f"Sie vertreten <strong>{ifk}</strong>" in inhalt
    assert welt.eigener_fall.nachname in inhalt
    assert [w.pk for w in antwort.context["wv_vertretung"]["seite"]] == [wv.pk]
    # Her own lists stay her own.
    assert wv.pk not in [w.pk for w in antwort.context["wv_woche"]["seite"]]
    liste = LogEntry.objects.filter(actor=kollegin, object_pk="").latest("pk")
    assert liste.additional_data["in_vertretung_fuer"][0]["id"] == ifk.pk
    alle = client.get("/faelle/?bereich=vertretung")
    assert [p.pk for p in alle.context["seite"]] == [welt.eigener_fall.pk]
    # The substitute completes the covered IFK's Wiedervorlage from there.
    assert client.post(f"/wiedervorlagen/{wv.pk}/erledigt/").status_code == 302
    wv.refresh_from_db()
    assert wv.status == "erledigt"
    erledigt = (
        LogEntry.objects.get_for_object(wv).filter(action=LogEntry.Action.UPDATE).latest("pk")
    )
    assert erledigt.actor == kollegin
    assert erledigt.additional_data["in_vertretung_fuer"][0]["id"] == ifk.pk


def test_schnittstelle_folgt_derselben_regel(welt, ifk, kollegin):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    url = f"/api/v1/potenzialanalysen/{pa.pk}/"
    client = api_client(kollegin)
    assert client.patch(url, {"staerken": "x", "sperrversion": 1}, format="json").status_code == 403
    v = abwesend(welt, ifk, kollegin)
    antwort = client.patch(url, {"staerken": "zuverlässig", "sperrversion": 1}, format="json")
    assert antwort.status_code == 200, antwort.content
    eintrag = LogEntry.objects.get_for_object(pa).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert eintrag.actor == kollegin
    assert eintrag.additional_data["in_vertretung_fuer"][0]["id"] == ifk.pk
    vertretung_beenden(acting_user=ifk, vertretung=v)
    assert client.patch(url, {"staerken": "y", "sperrversion": 2}, format="json").status_code == 403


def test_seite_erfassen_und_beenden(client, welt, ifk, kollegin):
    client.force_login(ifk)
    seite = client.get("/vertretung/")
    assert seite.status_code == 200
    falsch = client.post(
        "/vertretung/",
        {
            "abwesend": ifk.pk,
            "vertreter": kollegin.pk,
            "von": (heute() + 3 * TAG).isoformat(),
            "bis": heute().isoformat(),
        },
    )
    assert falsch.status_code == 400
    assert "Das Ende der Abwesenheit liegt vor ihrem Beginn." in falsch.content.decode()
    assert not Vertretung.objects.exists()
    # An IFK records only her own absence: another name is no valid choice.
    fremd = client.post(
        "/vertretung/",
        {
            "abwesend": kollegin.pk,
            "vertreter": ifk.pk,
            "von": heute().isoformat(),
            "bis": heute().isoformat(),
        },
    )
    assert fremd.status_code == 400
    assert not Vertretung.objects.exists()
    gut = client.post(
        "/vertretung/",
        {
            "abwesend": ifk.pk,
            "vertreter": kollegin.pk,
            "von": heute().isoformat(),
            "bis": (heute() + 7 * TAG).isoformat(),
        },
        follow=True,
    )
    assert "vertritt" in gut.content.decode()
    v = Vertretung.objects.get()
    # The colleague sees it, may not end it; the absent IFK ends it early.
    client.force_login(kollegin)
    assert str(ifk) in client.get("/vertretung/").content.decode()
    assert client.post(f"/vertretung/{v.pk}/beenden/").status_code == 403
    client.force_login(ifk)
    assert client.post(f"/vertretung/{v.pk}/beenden/").status_code == 302
    v.refresh_from_db()
    assert v.beendet_am is not None
    # Nobody outside sees it.
    client.force_login(welt.fremde_ifk)
    assert client.post(f"/vertretung/{v.pk}/beenden/").status_code == 404


def test_vertretung_bearbeitet_auch_den_plan(client, welt, ifk, kollegin):
    from tests.plans.factories import entwurf

    version = entwurf(welt)
    client.force_login(kollegin)
    url = f"/versionen/{version.pk}/bearbeiten/"
    assert client.get(url).status_code == 302
    abwesend(welt, ifk, kollegin)
    antwort = client.get(url)
    assert antwort.status_code == 200
    eintrag = LogEntry.objects.filter(actor=kollegin, action=LogEntry.Action.ACCESS).latest("pk")
    assert eintrag.additional_data["in_vertretung_fuer"][0]["id"] == ifk.pk
