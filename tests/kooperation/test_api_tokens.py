"""API tokens are stored as hashes, shown once, expire, can be revoked by the
Administration of the same Jobcenter, and no admin page shows a key."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from kooperation.access import Rolle
from kooperation.models import ApiToken
from tests.kooperation.factories import benutzer

LISTE = "/api/v1/leistungsberechtigte/"


def _befehl(*args) -> str:
    ausgabe = io.StringIO()
    call_command("create_api_token", *args, stdout=ausgabe, stderr=io.StringIO())
    return ausgabe.getvalue().strip()


def _mit(schluessel) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {schluessel}")
    return client


def test_schluessel_nur_als_hash_gespeichert_und_nur_einmal_gezeigt(welt):
    schluessel = _befehl("fachverfahren")
    token = ApiToken.objects.get(user=welt.users[Rolle.API_CLIENT])
    gespeichert = " ".join(str(v) for v in ApiToken.objects.values_list().get(pk=token.pk))
    assert schluessel not in gespeichert
    assert len(token.digest) == 128
    assert _mit(schluessel).get(LISTE).status_code == 200
    # A second call makes a second token; the first key is never shown again.
    zweiter = _befehl("fachverfahren")
    assert zweiter != schluessel
    assert ApiToken.objects.filter(user=welt.users[Rolle.API_CLIENT]).count() == 2


def test_token_laeuft_ab(welt):
    schluessel = _befehl("fachverfahren", "--gueltig-tage", "2")
    token = ApiToken.objects.get(user=welt.users[Rolle.API_CLIENT])
    assert token.expiry - timezone.now() > datetime.timedelta(days=1, hours=23)
    assert token.expiry - timezone.now() <= datetime.timedelta(days=2)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(1))
    assert _mit(schluessel).get(LISTE).status_code == 401
    with pytest.raises(CommandError, match="zwischen 1 und 3650"):
        _befehl("fachverfahren", "--gueltig-tage", "0")


def test_erneuern_widerruft_die_alten(welt):
    alt = _befehl("fachverfahren")
    neu = _befehl("fachverfahren", "--erneuern")
    assert _mit(alt).get(LISTE).status_code == 401
    assert _mit(neu).get(LISTE).status_code == 200


def test_letzte_benutzung_wird_vermerkt(welt):
    schluessel = _befehl("fachverfahren")
    assert ApiToken.objects.get().zuletzt_benutzt is None
    _mit(schluessel).get(LISTE)
    assert ApiToken.objects.get().zuletzt_benutzt is not None


def test_kein_admin_zeigt_schluessel_und_verwaltung_widerruft(client, welt):
    schluessel = _befehl("fachverfahren")
    token = ApiToken.objects.get()
    admin = welt.users[Rolle.ADMINISTRATION]
    client.force_login(admin)
    liste = client.get("/admin/kooperation/apitoken/")
    assert liste.status_code == 200
    seite = (
        liste.content.decode()
        + client.get(f"/admin/kooperation/apitoken/{token.pk}/change/").content.decode()
    )
    assert str(welt.users[Rolle.API_CLIENT]) in seite
    assert schluessel not in seite
    assert token.digest not in seite
    assert token.token_key not in seite
    assert client.get("/admin/kooperation/apitoken/add/").status_code == 403
    antwort = client.post(
        "/admin/kooperation/apitoken/",
        {"action": "widerrufen", "_selected_action": [token.pk]},
    )
    assert antwort.status_code == 302
    assert not ApiToken.objects.exists()
    assert _mit(schluessel).get(LISTE).status_code == 401
    eintraege = LogEntry.objects.filter(content_type__model="apitoken")
    assert set(eintraege.values_list("action", flat=True)) == {
        LogEntry.Action.CREATE,
        LogEntry.Action.DELETE,
    }
    assert eintraege.filter(action=LogEntry.Action.DELETE, actor=admin).exists()
    for eintrag in eintraege:
        text = str(eintrag.changes) + str(eintrag.object_pk) + str(eintrag.serialized_data)
        assert token.digest not in text
        assert token.token_key not in text


def test_fremdes_jobcenter_sieht_und_widerruft_keine_tokens(client, welt):
    _befehl("fachverfahren")
    token = ApiToken.objects.get()
    fremde_verwaltung = benutzer(Rolle.ADMINISTRATION, welt.jc2, username="v2", is_staff=True)
    client.force_login(fremde_verwaltung)
    liste = client.get("/admin/kooperation/apitoken/").content.decode()
    assert str(welt.users[Rolle.API_CLIENT]) not in liste
    client.post(
        "/admin/kooperation/apitoken/", {"action": "widerrufen", "_selected_action": [token.pk]}
    )
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_falsche_tokens_sperren_die_adresse(welt, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_FAILURE_LIMIT_ADRESSE = 4
    richtig = _befehl("fachverfahren")
    raten = APIClient(REMOTE_ADDR="203.0.113.7")
    codes = []
    for i in range(4):
        raten.credentials(HTTP_AUTHORIZATION=f"Token falsch{i:060d}")
        codes.append(raten.get(LISTE).status_code)
    # The address's limit is reached with the fourth wrong key.
    assert codes == [401, 401, 401, 429]
    # Now even the right key from that address is refused ...
    raten.credentials(HTTP_AUTHORIZATION=f"Token {richtig}")
    antwort = raten.get(LISTE)
    assert antwort.status_code == 429
    assert "Zu viele" in antwort.json()["detail"]
    # ... while the same key from elsewhere works.
    anderswo = APIClient(REMOTE_ADDR="198.51.100.9")
    anderswo.credentials(HTTP_AUTHORIZATION=f"Token {richtig}")
    assert anderswo.get(LISTE).status_code == 200
