"""Searching a case's Vermerke on the person's page: words folded like the
name search (mueller = Müller), only for those who may read the notes, and
the search is a recorded read."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.urls import reverse

from cases.services import vermerk_schreiben
from kooperation.access import Rolle


def _vermerke(welt):
    ifk = welt.users[Rolle.IFK]
    person = welt.eigener_fall
    for art, text in (
        ("telefonat", "Rückruf von Frau Müller wegen der Schuldnerberatung."),
        ("gespraech", "Bewerbungstraining besprochen, Termin im März."),
        ("email", "Unterlagen zur Kita geschickt."),
    ):
        vermerk_schreiben(
            acting_user=ifk,
            leistungsberechtigter=person,
            art=art,
            am=datetime.date(2026, 11, 2),
            text=text,
        )
    return person


def test_suche_in_den_vermerken_gefaltet(client, welt):
    person = _vermerke(welt)
    client.force_login(welt.users[Rolle.IFK])
    adresse = reverse("cases:fall", args=[person.pk])
    inhalt = client.get(adresse, {"vermerke": "mueller schuldner"}).content.decode()
    assert "Rückruf von Frau Müller" in inhalt
    assert "Bewerbungstraining" not in inhalt
    assert "Vermerke (1 mit „mueller schuldner“)" in inhalt
    inhalt = client.get(adresse, {"vermerke": "E-Mail"}).content.decode()
    assert "Unterlagen zur Kita" in inhalt
    assert "Rückruf" not in inhalt
    inhalt = client.get(adresse, {"vermerke": "Zahnarzt"}).content.decode()
    assert "Kein Vermerk enthält „Zahnarzt“." in inhalt
    gruende = [
        (e.additional_data or {}).get("grund", "")
        for e in LogEntry.objects.filter(object_pk=str(person.pk), action=LogEntry.Action.ACCESS)
    ]
    assert "Vermerke durchsucht (1 gefunden)" in gruende


def test_die_teamleitung_sucht_mit_der_traeger_nicht(client, welt):
    person = _vermerke(welt)
    client.force_login(welt.users[Rolle.TEAMLEITUNG])
    inhalt = client.get(
        reverse("cases:fall", args=[person.pk]), {"vermerke": "kita"}
    ).content.decode()
    assert "Unterlagen zur Kita" in inhalt
    for rolle in (Rolle.TRAEGER, Rolle.GESCHAEFTSFUEHRUNG):
        client.force_login(welt.users[rolle])
        antwort = client.get(reverse("cases:fall", args=[person.pk]), {"vermerke": "kita"})
        assert antwort.status_code in (403, 404)
        assert "Unterlagen zur Kita" not in antwort.content.decode()
