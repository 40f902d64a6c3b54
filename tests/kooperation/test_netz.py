"""The client address in the audit trail and for the login lock comes from
the trusted proxy, never from an X-Forwarded-For the client made up."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from kooperation.access import Rolle
from kooperation.audit import eintraege_zu


def _fallakte(client, welt, **kopf):
    client.force_login(welt.users[Rolle.IFK])
    client.get(reverse("cases:fall", args=[welt.eigener_fall.pk]), **kopf)
    return eintraege_zu(welt.eigener_fall).filter(action=LogEntry.Action.ACCESS).latest("pk")


def test_gefaelschter_header_wird_im_audit_ignoriert(client, welt, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    eintrag = _fallakte(client, welt, REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert eintrag.remote_addr == "198.51.100.20"


def test_adresse_vom_vertrauten_proxy(client, welt, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The client put 1.2.3.4 in front; our proxy appended what it saw.
    eintrag = _fallakte(
        client,
        welt,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.30",
    )
    assert eintrag.remote_addr == "198.51.100.30"


@pytest.mark.parametrize(
    ("vertraut", "erwartet"), [([], "198.51.100.40"), (["198.51.100.40"], "203.0.113.77")]
)
def test_anmeldesperre_zaehlt_die_echte_adresse(welt, settings, vertraut, erwartet):
    settings.TRUSTED_PROXIES = vertraut
    Client(REMOTE_ADDR="198.51.100.40", HTTP_X_FORWARDED_FOR="203.0.113.77").post(
        "/anmelden/", {"username": "ifk", "password": "falsch"}
    )
    assert AccessAttempt.objects.get().ip_address == erwartet
