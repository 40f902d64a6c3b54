"""Every role's walk through its pages after `seed_demo`: the main navigation
and every link of the start page, each page opened and checked with axe-core
(no serious or critical violation, nothing outside the landmarks), the
Administration's pages included."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden

pytestmark = pytest.mark.browser

# Downloads and exports are no pages; leaving is not a page either.
KEINE_SEITE = (
    ".pdf",
    ".csv",
    ".json",
    ".ics",
    "/auskunft/",
    "/abmelden/",
    "format=",
    "/admin/logout/",
)
# Enough to reach the kinds of pages a role has, within a CI budget.
HOECHSTENS_SEITEN = 25


def _art(adresse: str) -> str:
    """/faelle/12/ and /faelle/13/ are one kind of page (a list's second row
    leads to the same kind of page as its first)."""
    teile = urlsplit(adresse)
    art = "/".join("#" if t.isdigit() else t for t in teile.path.split("/"))
    return art + "?" + "&".join(sorted(p.split("=")[0] for p in teile.query.split("&") if p))


def _ziele(page, basis: str) -> list[str]:
    """The page's own links, in the navigation and the content."""
    adressen = page.eval_on_selector_all(
        "header nav a[href], main a[href]", "links => links.map(a => a.href)"
    )
    return [
        adresse.split("#")[0]
        for adresse in adressen
        if adresse.startswith(basis + "/") and not any(k in adresse for k in KEINE_SEITE)
    ]


@pytest.mark.parametrize("rolle", ["ifk", "teamleitung", "traeger", "geschaeftsfuehrung", "admin"])
def test_jede_seite_der_rolle_ist_barrierefrei(page, live_server, demo, rolle):
    anmelden(page, live_server, rolle, passwort="demo")
    page.wait_for_load_state()
    start = page.url
    barrierefrei(page)
    # Breadth first: the start page's links, then the links of those pages,
    # one page of each kind, until the role's kinds of pages are seen.
    offen = _ziele(page, live_server.url)
    assert offen, f"{rolle}: keine Links auf der Startseite {start}"
    gesehen, besucht = {_art(start)}, []
    while offen and len(besucht) < HOECHSTENS_SEITEN:
        ziel = offen.pop(0)
        if _art(ziel) in gesehen:
            continue
        gesehen.add(_art(ziel))
        antwort = page.goto(ziel)
        assert antwort is not None
        assert antwort.status < 400, f"{rolle}: {ziel} antwortet {antwort.status}"
        barrierefrei(page)
        besucht.append(ziel)
        offen += _ziele(page, live_server.url)
    # The walk reached more than the navigation.
    assert len(besucht) >= 3, besucht
