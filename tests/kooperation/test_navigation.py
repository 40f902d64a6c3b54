"""The main navigation marks the page one is on (aria-current), for every role."""

import re

import pytest

from kooperation.access import Rolle


def _aktuell(antwort) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)</a>', antwort.content.decode())


@pytest.mark.parametrize(
    ("rolle", "adresse", "erwartet"),
    [
        (Rolle.IFK, "/faelle/", ["Meine Fälle"]),
        (Rolle.IFK, "/faelle/?bereich=team", ["Fälle im Team"]),
        (Rolle.IFK, "/partner/", ["Partner"]),
        (Rolle.TEAMLEITUNG, "/team/", ["Team"]),
        (Rolle.TRAEGER, "/traeger/entschieden/", ["Entschieden"]),
        (Rolle.GESCHAEFTSFUEHRUNG, "/kennzahlen/", ["Kennzahlen"]),
        (Rolle.ADMINISTRATION, "/vereinbarungen/", ["Partner und Vereinbarungen"]),
    ],
)
def test_die_navigation_zeigt_wo_man_ist(client, welt, rolle, adresse, erwartet):
    client.force_login(welt.users[rolle])
    antwort = client.get(adresse)
    assert antwort.status_code == 200
    assert _aktuell(antwort) == erwartet


def test_eine_seite_ausserhalb_der_navigation_markiert_nichts(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get(f"/faelle/{welt.eigener_fall.pk}/")
    assert antwort.status_code == 200
    assert _aktuell(antwort) == []
