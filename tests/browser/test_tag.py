"""A whole working day of an IFK in the browser: a new person, a Vermerk,
finding her again by "mueller" and by part of her Kundennummer, one
Wiedervorlage done and another postponed, then the caseload handed to a
colleague for a week, who finds it on her start page; the Teamleitung sees
the workload per IFK and hands cases on. axe-core on every page; with
BILDER_VERZEICHNIS, screenshots at 1280 and 768 px.

Recording the review and taking over the Träger's changes are the day's two
steps that stand in ``test_tag_ueberpruefung_und_traegeraenderung``."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Leistungsberechtigter, Vermerk
from kooperation.access import Rolle
from kooperation.models import Vertretung, Wiedervorlage
from plans.models import PlanEintrag, Planteil
from plans.services.abstimmung import abstimmung_anfragen, abstimmungsposition_entscheiden
from tests.browser.test_alltag import pruefen
from tests.browser.test_anmeldung import anmelden
from tests.browser.test_traeger_abstimmung import abmelden
from tests.cases.factories import LeistungsberechtigterFactory, WiedervorlageFactory
from tests.plans.factories import entwurf, vereinbart

pytestmark = pytest.mark.browser

TAG = datetime.timedelta(days=1)


def fertig(page, text: str) -> None:
    """Wait for the answer of a form before going on."""
    expect(page.get_by_role("status").first).to_contain_text(text)


def test_tag(page, live_server, welt):
    heute = timezone.localdate()
    ifk = welt.users[Rolle.IFK]
    kollegin = welt.team_fall.zustaendig
    heute_faellig = WiedervorlageFactory(person=welt.eigener_fall, faellig_am=heute)
    ueberfaellig = WiedervorlageFactory(person=welt.eigener_fall, faellig_am=heute - 3 * TAG)
    # Left for the colleague who covers.
    WiedervorlageFactory(person=welt.eigener_fall, faellig_am=heute - 10 * TAG)

    anmelden(page, live_server, "ifk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Fälle")
    pruefen(page, "tag-start")

    # A new person comes in.
    page.get_by_role("link", name="Neue Person anlegen").click()
    page.get_by_label("Vorname").fill("Marica")
    page.get_by_label("Nachname").fill("Müller")
    page.get_by_label("Geburtsdatum").fill("1990-04-03")
    page.get_by_label("Kundennummer").fill("123D456789")
    pruefen(page, "tag-person-neu")
    page.get_by_role("button", name="Person anlegen").click()
    fertig(page, "Marica Müller ist angelegt")
    pruefen(page, "tag-person")

    # A note of the first conversation.
    page.get_by_role("link", name="Neuer Vermerk").click()
    page.get_by_label("Art des Kontakts").select_option("gespraech")
    page.get_by_label("Vermerk", exact=True).fill("Erstgespräch: sucht Arbeit als Friseurin.")
    pruefen(page, "tag-vermerk")
    page.get_by_role("button", name="Vermerk speichern").click()
    fertig(page, "Der Vermerk ist gespeichert")
    expect(page.get_by_text("Erstgespräch: sucht Arbeit als Friseurin.")).to_be_visible()

    # Found again by the folded name and by part of the Kundennummer.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Meine Fälle"
    ).click()
    suche = page.get_by_label("Name, Kundennummer oder Geburtsdatum")
    for eingabe in ("mueller", "D4567"):
        suche.fill(eingabe)
        page.get_by_role("button", name="Filtern").click()
        expect(page).to_have_url(re.compile(r"q=" + eingabe))
        expect(page.get_by_role("link", name="Müller, Marica")).to_be_visible()
        expect(page.get_by_text("1 Fälle")).to_be_visible()
    pruefen(page, "tag-suche")

    # One Wiedervorlage done, another postponed with a reason.
    page.get_by_role("button", name=re.compile(f"Erledigt: .*{heute:%d.%m.%Y}")).click()
    fertig(page, "Erledigt:")
    page.get_by_role(
        "link", name=re.compile(f"Verschieben: .*{ueberfaellig.faellig_am:%d.%m.%Y}")
    ).click()
    neu = heute + 7 * TAG
    page.get_by_label("Neues Datum").fill(neu.isoformat())
    page.get_by_label("Grund").fill("Person ist eine Woche krank gemeldet")
    pruefen(page, "tag-verschieben")
    page.get_by_role("button", name="Verschieben").click()
    fertig(page, f"auf den {neu:%d.%m.%Y}")

    # Away next week: the colleague covers the caseload for a week.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Vertretung"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abwesenheit und Vertretung")
    pruefen(page, "tag-vertretung-leer")
    page.get_by_label("Vertreten durch").select_option(label=str(kollegin))
    page.get_by_label("Abwesend ab").fill(heute.isoformat())
    page.get_by_label("Abwesend bis einschließlich").fill((heute + 2 * TAG).isoformat())
    page.get_by_label("Abwesend ab").fill((heute + 3 * TAG).isoformat())
    page.get_by_role("button", name="Vertretung festlegen").click()
    expect(page.get_by_role("alert")).to_contain_text("liegt vor ihrem Beginn")
    pruefen(page, "tag-vertretung-fehler")
    page.get_by_label("Abwesend ab").fill(heute.isoformat())
    page.get_by_label("Abwesend bis einschließlich").fill((heute + 6 * TAG).isoformat())
    page.get_by_role("button", name="Vertretung festlegen").click()
    fertig(page, f"{kollegin} vertritt {ifk}")
    expect(page.get_by_role("cell", name="läuft")).to_be_visible()
    pruefen(page, "tag-vertretung")
    abmelden(page)

    # The colleague's start page shows the covered cases and their deadlines.
    anmelden(page, live_server, kollegin.username)
    expect(page.get_by_role("heading", name="In Vertretung", exact=True)).to_be_visible()
    bereich = page.locator("section.app-vertretung")
    expect(bereich.get_by_role("link", name="Müller, Marica")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Wiedervorlagen in Vertretung bis Sonntag (1)")
    ).to_be_visible()
    pruefen(page, "tag-vertretung-start")
    bereich.get_by_role("link", name="Müller, Marica").click()
    expect(page.get_by_text(f"in Vertretung für {ifk}")).to_be_visible()
    pruefen(page, "tag-vertretung-fall")
    page.goto(f"{live_server.url}/faelle/")
    page.get_by_role("link", name="Alle Fälle in Vertretung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fälle in Vertretung")
    expect(page.get_by_role("link", name="Müller, Marica")).to_be_visible()
    pruefen(page, "tag-vertretung-alle")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Vertretung"
    ).click()
    expect(page.get_by_role("cell", name=str(ifk))).to_be_visible()
    # The colleague covering cannot end it: that is for the absent IFK or her lead.
    expect(page.get_by_role("button", name=re.compile("Vertretung beenden"))).to_have_count(0)
    pruefen(page, "tag-vertretung-seite-vertretung")

    marica = Leistungsberechtigter.objects.get(kundennummer="123D456789")
    assert marica.zustaendig == ifk
    assert Vermerk.objects.filter(leistungsberechtigter=marica).count() == 1
    heute_faellig.refresh_from_db()
    ueberfaellig.refresh_from_db()
    assert heute_faellig.status == "erledigt"
    assert (ueberfaellig.status, ueberfaellig.faellig_am) == ("offen", neu)
    v = Vertretung.objects.get()
    assert (v.abwesend, v.vertreter, v.von, v.bis) == (ifk, kollegin, heute, heute + 6 * TAG)


def test_teamleitung_auslastung_und_zuweisen(page, live_server, welt):
    heute = timezone.localdate()
    ifk = welt.users[Rolle.IFK]
    kollegin = welt.team_fall.zustaendig
    zweiter = LeistungsberechtigterFactory(
        team=welt.team, zustaendig=ifk, vorname="Theodora", nachname="Zweitling"
    )
    offen = WiedervorlageFactory(person=zweiter, faellig_am=heute - 2 * TAG)
    anmelden(page, live_server, "teamleitung")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Fälle im Team"
    ).click()
    pruefen(page, "teamleitung-faelle")
    page.get_by_role("link", name="Zweitling, Theodora").click()
    pruefen(page, "teamleitung-fall")
    page.get_by_role("link", name="Auslastung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Auslastung – {welt.team.name}")
    zeile = page.get_by_role("row", name=re.compile(re.escape(str(ifk))))
    expect(zeile.get_by_role("cell").nth(0)).to_have_text("2")
    pruefen(page, "auslastung")
    zeile.get_by_role("link", name=re.compile("zuweisen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Fälle von {ifk} zuweisen")
    page.get_by_role("button", name="Weiter zur Bestätigung").click()
    expect(page.get_by_role("alert")).to_contain_text("mindestens einen Fall")
    pruefen(page, "zuweisen-fehler")
    page.get_by_label("Zweitling, Theodora auswählen").check()
    page.get_by_label("Zuweisen an").select_option(label=str(kollegin))
    pruefen(page, "zuweisen")
    page.get_by_role("button", name="Weiter zur Bestätigung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuweisung bestätigen")
    expect(page.get_by_text("Zweitling, Theodora")).to_be_visible()
    pruefen(page, "zuweisen-bestaetigen")
    page.get_by_role("button", name="Zuweisung bestätigen").click()
    fertig(page, f"an {kollegin} zugewiesen")
    zeile = page.get_by_role("row", name=re.compile(re.escape(str(kollegin))))
    expect(zeile.get_by_role("cell").nth(0)).to_have_text("2")
    expect(zeile.get_by_role("cell").nth(2)).to_have_text("1")
    pruefen(page, "auslastung-danach")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Vertretung"
    ).click()
    page.get_by_label("Abwesend ist").select_option(label=str(ifk))
    page.get_by_label("Vertreten durch").select_option(label=str(kollegin))
    page.get_by_label("Abwesend ab").fill(heute.isoformat())
    page.get_by_label("Abwesend bis einschließlich").fill((heute + 6 * TAG).isoformat())
    page.get_by_role("button", name="Vertretung festlegen").click()
    fertig(page, "vertritt")
    pruefen(page, "vertretung-teamleitung")
    page.get_by_role("button", name=re.compile("Vertretung beenden")).click()
    fertig(page, "Die Vertretung ist beendet")
    assert Vertretung.objects.get().beendet_von == welt.users[Rolle.TEAMLEITUNG]
    assert Leistungsberechtigter.objects.get(pk=zweiter.pk).zustaendig == kollegin
    assert Wiedervorlage.objects.get(pk=offen.pk).zustaendig == kollegin


def test_tag_ueberpruefung_und_traegeraenderung(page, live_server, welt):
    """The day's two plan steps: the review recorded on the plan page, and
    the Träger's changes taken over in the editor."""
    version = vereinbart(welt)
    andere = LeistungsberechtigterFactory(
        team=welt.team, zustaendig=welt.users[Rolle.IFK], vorname="Ottilie", nachname="Abstimm"
    )
    entwurf_version = entwurf(welt, person=andere)
    PlanEintrag.objects.create(
        version=entwurf_version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Schuldnerberatung bei der Stadt",
        leistung_16a="schuldnerberatung",
    )
    abstimmung = abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK],
        version=entwurf_version,
        angefragt_am=timezone.localdate(),
    )
    abstimmungsposition_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER],
        position=abstimmung.positionen.get(),
        status="geaendert",
        aenderung="Schuldnerberatung ab Januar bei der Stadt",
    )

    anmelden(page, live_server, "ifk")
    page.goto(f"{live_server.url}/plaene/{version.plan_id}/")
    page.get_by_role("link", name="Überprüfung festhalten").click()
    expect(page.get_by_role("button", name="Überprüfung speichern")).to_be_visible()
    for gruppe in page.locator("fieldset").all():
        radios = gruppe.get_by_role("radio")
        if radios.count():
            radios.first.check()
    page.get_by_label("Plan gilt weiter (bestätigt)").check()
    page.get_by_label("Notiz zum Gespräch").fill("Deutschkurs läuft, Bewerbungen ab März.")
    pruefen(page, "tag-ueberpruefung")
    page.get_by_role("button", name="Überprüfung speichern").click()
    fertig(page, "Überprüfung ist festgehalten")
    pruefen(page, "tag-ueberpruefung-fertig")

    page.goto(f"{live_server.url}/versionen/{entwurf_version.pk}/bearbeiten/")
    expect(page.get_by_text("Schuldnerberatung ab Januar bei der Stadt")).to_be_visible()
    pruefen(page, "tag-traegeraenderung")
    page.get_by_role("button", name="Änderungen des Trägers übernehmen").click()
    fertig(page, "übernommen")
    pruefen(page, "tag-traegeraenderung-fertig")
    assert entwurf_version.eintraege.filter(
        text="Schuldnerberatung ab Januar bei der Stadt"
    ).exists()
