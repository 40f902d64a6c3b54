"""The kommunaler Träger's day in its portal: approving several requests at
once (with "select all" and a confirmation), its record of decided requests,
and withdrawing a contingent; an axe-core check on every page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kooperation.access import Rolle
from partners.services import rahmenabstimmung_erteilen
from plans.models import PlanEintrag, Planteil
from plans.services.abstimmung import abstimmung_anfragen
from tests.browser.conftest import barrierefrei
from tests.browser.test_anmeldung import anmelden
from tests.cases.factories import LeistungsberechtigterFactory
from tests.partners.factories import AngebotFactory
from tests.plans.factories import entwurf

pytestmark = pytest.mark.browser


def test_sammelzustimmung_verlauf_und_kontingent(page, live_server, welt):
    anfragen = [_anfrage(welt) for _ in range(3)]
    angebot = AngebotFactory(
        jobcenter=welt.jc,
        partner=None,
        traeger=welt.traeger,
        titel="Suchtberatung der Stadt",
        leistung_16a="suchtberatung",
        plaetze=5,
        zeitraum="quartal",
    )
    rahmen = rahmenabstimmung_erteilen(
        acting_user=welt.users[Rolle.TRAEGER],
        angebot=angebot,
        tag=timezone.localdate(),
        kontingent=4,
    )

    anmelden(page, live_server, "traeger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offene Abstimmungen")
    barrierefrei(page)
    # Its own label is long and readable: not squeezed into an icon button.
    knopf = page.get_by_role("button", name="Ausgewählten Anfragen zustimmen …")
    assert knopf.bounding_box()["width"] > 200
    page.get_by_label("Alle Anfragen auswählen").check()
    for a in anfragen:
        expect(
            page.get_by_label(f"Anfrage {a.version.plan.leistungsberechtigter.pseudonym} auswählen")
        ).to_be_checked()
    page.get_by_label(
        f"Anfrage {anfragen[2].version.plan.leistungsberechtigter.pseudonym} auswählen"
    ).uncheck()
    alle = page.get_by_label("Alle Anfragen auswählen")
    assert alle.evaluate("e => e.indeterminate")
    knopf.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("2 Anfragen zustimmen?")
    barrierefrei(page)
    for a in anfragen:
        a.refresh_from_db()
        assert a.status == "offen"  # nothing decided before the confirmation
    page.get_by_role("button", name="Ja, diesen 2 Anfragen zustimmen").click()
    expect(page.get_by_role("status").first).to_contain_text("Sie haben 2 Anfragen zugestimmt.")
    assert [a.status for a in _neu(anfragen)] == ["zugestimmt", "zugestimmt", "offen"]

    page.get_by_role("link", name="Entschieden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entschiedene Anfragen")
    expect(page.get_by_role("link", name="Entschieden", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    barrierefrei(page)
    zeilen = page.get_by_role("row")
    expect(zeilen).to_have_count(3)  # the heading row and the two decided
    expect(
        page.get_by_text(anfragen[2].version.plan.leistungsberechtigter.pseudonym)
    ).to_have_count(0)

    page.get_by_role("link", name="Kontingente", exact=True).click()
    barrierefrei(page)
    page.get_by_role("link", name=re.compile(r"^Zurückziehen\s*: Suchtberatung der Stadt")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontingent zurückziehen?")
    barrierefrei(page)
    page.get_by_role("button", name="Kontingent zurückziehen").click()
    expect(page.get_by_role("status").first).to_contain_text("Das Kontingent ist zurückgezogen.")
    expect(page.get_by_text(f"zurückgezogen am {timezone.localdate():%d.%m.%Y}")).to_be_visible()
    barrierefrei(page)
    rahmen.refresh_from_db()
    assert rahmen.frei == 0


def _anfrage(welt):
    """A request about a person of its own (the inbox names each by case number)."""
    person = LeistungsberechtigterFactory(
        team=welt.team, jobcenter=welt.jc, zustaendig=welt.users[Rolle.IFK]
    )
    version = entwurf(welt, person=person)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Schuldnerberatung bei der Stadt",
        leistung_16a="schuldnerberatung",
    )
    return abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK], version=version, angefragt_am=timezone.localdate()
    )


def _neu(objekte):
    for o in objekte:
        o.refresh_from_db()
    return objekte
