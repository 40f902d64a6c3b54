"""Failed logins count per account and per address separately: spraying a
password over many accounts locks the address, not the accounts; an account
is locked only by failures against it, and the Administration unlocks it."""

import pytest
from auditlog.models import LogEntry
from django.test import Client

from kooperation.access import Rolle
from tests.kooperation.factories import benutzer

PASSWORT = "geheim-genug-123"


@pytest.fixture(autouse=True)
def _grenzen(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_FAILURE_LIMIT_ADRESSE = 5


def _versuch(adresse: str, username: str, passwort: str = "falsch") -> int:
    antwort = Client(REMOTE_ADDR=adresse).post(
        "/anmelden/", {"username": username, "password": passwort}
    )
    # 302: password right (the second factor follows); 200: form again; 429: locked.
    return antwort.status_code


def test_passwort_spruehen_sperrt_die_adresse_nicht_die_konten(welt):
    konten = [benutzer(Rolle.IFK, welt.jc, welt.team, username=f"opfer{i}") for i in range(5)]
    # The fifth failure from the address reaches its limit.
    assert [_versuch("203.0.113.5", k.username) for k in konten] == [200] * 4 + [429]
    # The address is locked, even with a right password ...
    assert _versuch("203.0.113.5", "ifk", PASSWORT) == 429
    # ... the accounts are not: one failure each is far from their limit.
    for konto in konten:
        assert _versuch("198.51.100.1", konto.username, PASSWORT) == 302


def test_konto_wird_nur_durch_fehler_gegen_es_gesperrt(welt):
    codes = [_versuch(a, "ifk") for a in ("203.0.113.1", "203.0.113.2", "203.0.113.3")]
    assert codes == [200, 200, 429]
    assert _versuch("198.51.100.1", "ifk", PASSWORT) == 429
    # Another account from the same addresses is not affected.
    assert _versuch("203.0.113.1", "teamleitung", PASSWORT) == 302


def test_fehler_anderer_hinter_derselben_adresse_sperren_kein_konto(welt):
    # Two colleagues behind one address mistype twice each: below both limits.
    for _ in range(2):
        _versuch("192.0.2.10", "kollegin")
        _versuch("192.0.2.10", "teamleitung")
    assert _versuch("192.0.2.10", "ifk", PASSWORT) == 302


def test_verwaltung_hebt_die_sperre_auf(client, welt):
    for _ in range(3):
        _versuch("203.0.113.9", "gf")
    assert _versuch("198.51.100.2", "gf", PASSWORT) == 429
    admin = welt.users[Rolle.ADMINISTRATION]
    client.force_login(admin)
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    antwort = client.post(
        "/admin/kooperation/user/",
        {"action": "anmeldesperre_aufheben", "_selected_action": [gf.pk]},
    )
    assert antwort.status_code == 302
    assert _versuch("198.51.100.2", "gf", PASSWORT) == 302
    assert LogEntry.objects.filter(
        object_pk=str(gf.pk), actor=admin, additional_data__grund="Anmeldesperre aufgehoben"
    ).exists()


def test_sperre_endet_nach_der_abkuehlzeit(welt, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(3):
        _versuch("203.0.113.4", "ifk")
    assert _versuch("198.51.100.3", "ifk", PASSWORT) == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(hours=1))
    assert _versuch("198.51.100.3", "ifk", PASSWORT) == 302
