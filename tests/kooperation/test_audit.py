"""Every write to personal data and every read of a person's record leaves an
entry: who, what, when, why, and for writes the values before and after."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cases.services import potenzialanalyse_abschliessen, potenzialanalyse_beginnen
from kooperation.access import Rolle
from kooperation.audit import eintraege_zu, im_namen_von


def test_lesen_der_fallakte_wird_protokolliert(client, welt):
    ifk = welt.users[Rolle.IFK]
    client.force_login(ifk)
    client.get(reverse("cases:fall", args=[welt.eigener_fall.pk]))
    eintrag = eintraege_zu(welt.eigener_fall).filter(action=LogEntry.Action.ACCESS).get()
    assert eintrag.actor == ifk
    assert eintrag.additional_data["grund"] == "Fallakte angesehen"
    assert eintrag.additional_data["jobcenter_id"] == welt.jc.pk
    assert eintrag.remote_addr == "127.0.0.1"


def test_verweigerter_zugriff_hinterlaesst_keinen_lesezugriff(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    client.get(reverse("cases:fall", args=[welt.fremder_fall.pk]))
    assert not eintraege_zu(welt.fremder_fall).filter(action=LogEntry.Action.ACCESS).exists()


def test_schreiben_protokolliert_vorher_und_nachher_mit_grund(welt):
    ifk = welt.users[Rolle.IFK]
    pa = potenzialanalyse_beginnen(
        acting_user=ifk,
        leistungsberechtigter=welt.eigener_fall,
        begonnen_am=datetime.date(2026, 11, 2),
    )
    potenzialanalyse_abschliessen(
        acting_user=ifk,
        potenzialanalyse=pa,
        abgeschlossen_am=datetime.date(2026, 11, 4),
        reha_bedarf="unklar",
        staerken="zuverlässig",
    )
    eintrag = eintraege_zu(pa).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert eintrag.actor == ifk
    assert eintrag.additional_data["grund"] == "Potenzialanalyse abgeschlossen"
    assert eintrag.changes_dict["status"] == ["in_arbeit", "abgeschlossen"]
    assert eintrag.changes_dict["staerken"] == ["", "zuverlässig"]
    assert eintrag.changes_dict["entwurf_frist"][1] == "2026-11-18"


def test_verschachtelte_kontexte_behalten_den_aeusseren_akteur(welt):
    ifk = welt.users[Rolle.IFK]
    andere = welt.users[Rolle.TEAMLEITUNG]
    person = welt.eigener_fall
    with im_namen_von(ifk, "außen"):
        with im_namen_von(andere, "innen"):
            pass
        person.telefon = "0621 55 55"
        person.save()
    eintrag = eintraege_zu(person).filter(action=LogEntry.Action.UPDATE).get()
    assert eintrag.actor == ifk
    assert eintrag.additional_data["grund"] == "außen"


@pytest.mark.parametrize("feld", ["password", "last_login"])
def test_passwoerter_stehen_nicht_im_protokoll(welt, feld):
    user = welt.users[Rolle.IFK]
    user.set_password("ein-ganz-neues-passwort")
    user.save()
    for eintrag in eintraege_zu(user):
        assert feld not in (eintrag.changes_dict or {})
