"""The one mapping of domain errors to HTTP, for pages and the API: 400 with
the message, 403 when the policy refuses, 404 for what it hides, 409 for a
stale edit; a bug stays a bug (500), never disguised as a refusal."""

import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from rest_framework.test import APIClient

from kooperation import access
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt, UnbekanntesModell, http_status
from kooperation.models import Fristart
from kooperation.seiten import FachfehlerSeite
from kooperation.serializers import WiedervorlageSerializer
from kooperation.services import wiedervorlage_setzen


@pytest.mark.parametrize(
    ("fehler", "status"),
    [
        (Fachfehler({"ziel": "Bitte ein Ziel."}), 400),
        (ValidationError("Feld fehlt."), 400),
        (Konflikt("Der Planentwurf"), 409),
        (KeinZugriff(), 403),
        (PermissionDenied(), 403),
        (Http404(), 404),
        (KeyError("plan"), None),
    ],
)
def test_ein_ort_bildet_fachfehler_auf_http_ab(fehler, status):
    assert http_status(fehler) == status


def test_kein_zugriff_ist_eine_verweigerung_kein_eingabefehler():
    assert isinstance(KeinZugriff(), PermissionDenied)
    assert not isinstance(KeinZugriff(), ValidationError)


def test_unbekanntes_modell_wird_verweigert_und_protokolliert(welt, caplog):
    from django.contrib.auth.models import Group

    with caplog.at_level(logging.ERROR, logger="kooperation.access"):
        with pytest.raises(UnbekanntesModell, match="Zugriff verweigert"):
            access.sichtbar(welt.users[Rolle.IFK], Group.objects.all())
    assert "auth.Group" in caplog.text


def test_keyerror_in_einem_serializer_ist_ein_500_keine_verweigerung(welt, monkeypatch):
    ifk = welt.users[Rolle.IFK]
    wiedervorlage_setzen(
        ursache=welt.eigener_fall,
        art=Fristart.PLANENTWURF,
        faellig_am=welt.eigener_fall.geburtsdatum.replace(year=2030),
        jobcenter=welt.jc,
        zustaendig=ifk,
    )

    def kaputt(self, instance):
        raise KeyError("fehlt")

    monkeypatch.setattr(WiedervorlageSerializer, "to_representation", kaputt)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(ifk)
    assert client.get("/api/v1/wiedervorlagen/").status_code == 500


def test_ein_unbehandelter_fachfehler_wird_eine_seite_mit_meldung(welt):
    anfrage = RequestFactory().post("/plaene/1/")
    anfrage.user = welt.users[Rolle.IFK]
    mittelschicht = FachfehlerSeite(lambda r: None)
    antwort = mittelschicht.process_exception(anfrage, Fachfehler("Der Plan ist kein Entwurf."))
    assert antwort.status_code == 400
    assert "Der Plan ist kein Entwurf." in antwort.content.decode()
    assert mittelschicht.process_exception(anfrage, Konflikt()).status_code == 409
    assert mittelschicht.process_exception(anfrage, KeyError("x")) is None


def test_seiten_nehmen_nur_get_und_post(client, welt):
    """A page answers PUT, PATCH and DELETE with 405 (a browser form sends
    GET or POST); before, a view that only branched on POST showed its form
    as if the write had been read. The API keeps its methods."""
    client.force_login(welt.users[Rolle.IFK])
    for methode in ("PUT", "PATCH", "DELETE"):
        antwort = client.generic(methode, f"/faelle/{welt.eigener_fall.pk}/bearbeiten/")
        assert antwort.status_code == 405, methode
        assert antwort["Allow"] == "GET, POST"
    assert client.get(f"/faelle/{welt.eigener_fall.pk}/bearbeiten/").status_code == 200
    antwort = client.patch(
        f"/api/v1/leistungsberechtigte/{welt.eigener_fall.pk}/", {}, content_type="application/json"
    )
    assert antwort.status_code != 405
