"""Operators (superusers) run the installation: every request of theirs is in
the audit trail, and they see no personal data, in pages, admin or API."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kooperation.access import Rolle
from kooperation.models import User


@pytest.fixture
def betreiber(db):
    return User.objects.create_superuser("betreiber", "b@example.invalid", "x")


def test_jede_aktion_des_betreibers_wird_protokolliert(client, welt, betreiber):
    client.force_login(betreiber)
    client.get("/admin/kooperation/team/")
    client.post(
        f"/admin/kooperation/team/{welt.team.pk}/change/",
        {"jobcenter": welt.jc.pk, "name": "Team Nordost", "region": ""},
    )
    eintraege = LogEntry.objects.filter(actor=betreiber)
    pfade = [(e.additional_data or {}).get("pfad") for e in eintraege]
    assert "/admin/kooperation/team/" in pfade
    assert f"/admin/kooperation/team/{welt.team.pk}/change/" in pfade
    # The change itself is there with before and after.
    assert (
        LogEntry.objects.get_for_object(welt.team)
        .filter(actor=betreiber, action=LogEntry.Action.UPDATE)
        .exists()
    )


def test_anfragen_anderer_werden_nicht_so_protokolliert(client, welt):
    client.force_login(welt.users[Rolle.GESCHAEFTSFUEHRUNG])
    client.get("/kennzahlen/")
    assert not LogEntry.objects.filter(additional_data__has_key="pfad").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/cases/leistungsberechtigter/",
        "/admin/cases/potenzialanalyse/",
        "/admin/plans/kooperationsplan/",
        "/admin/plans/planversion/",
    ],
)
def test_betreiber_sieht_keine_personendaten_im_admin(client, welt, betreiber, url):
    client.force_login(betreiber)
    antwort = client.get(url)
    inhalt = antwort.content.decode()
    assert antwort.status_code in (200, 403)
    for fall in (welt.eigener_fall, welt.fremder_fall):
        assert fall.nachname not in inhalt


def test_betreiber_oeffnet_keine_fallakte_und_keine_api(client, welt, betreiber):
    client.force_login(betreiber)
    fall = welt.eigener_fall
    assert client.get(reverse("cases:fall", args=[fall.pk])).status_code in (403, 404)
    assert client.get(f"/admin/cases/leistungsberechtigter/{fall.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    antwort = client.get("/api/v1/leistungsberechtigte/")
    assert antwort.status_code == 403 or antwort.json()["results"] == []
