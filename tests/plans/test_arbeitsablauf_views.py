"""The IFK's workflow through the pages (Django test client): Potenzialanalyse,
editor, agreement, review, continuation; refusals with clear messages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Potenzialanalyse
from kooperation.access import Rolle
from plans.models import Kooperationsplan, PlanEintrag, Planteil, PlanVersion
from tests.plans.factories import entwurf

HEUTE = timezone.localdate()


@pytest.fixture
def ifk_client(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    return client


def pa_abschliessen(client, person):
    client.post(reverse("cases:potenzialanalyse_starten", args=[person.pk]))
    pa = Potenzialanalyse.objects.get(leistungsberechtigter=person)
    antwort = client.post(
        reverse("cases:potenzialanalyse", args=[pa.pk]),
        {
            "sperrversion": pa.sperrversion,
            "staerken": "zuverlässig",
            "reha_bedarf": "nein",
            "hb_sprache": "on",
            "hb_sprache_text": "Deutsch A2",
            "hb_schulden": "on",
            "abgeschlossen_am": HEUTE.isoformat(),
            "abschliessen": "1",
        },
        follow=True,
    )
    pa.refresh_from_db()
    return pa, antwort


def test_potenzialanalyse_abschliessen_zeigt_die_frist(ifk_client, welt):
    pa, antwort = pa_abschliessen(ifk_client, welt.eigener_fall)
    assert pa.status == "abgeschlossen"
    assert set(pa.handlungsbedarfe.values_list("bereich", flat=True)) == {"sprache", "schulden"}
    assert f"fällig bis {pa.entwurf_frist:%d.%m.%Y}" in antwort.content.decode()


def test_potenzialanalyse_ohne_reha_pruefung_wird_nicht_abgeschlossen(ifk_client, welt):
    ifk_client.post(reverse("cases:potenzialanalyse_starten", args=[welt.eigener_fall.pk]))
    pa = Potenzialanalyse.objects.get(leistungsberechtigter=welt.eigener_fall)
    antwort = ifk_client.post(
        reverse("cases:potenzialanalyse", args=[pa.pk]),
        {"sperrversion": pa.sperrversion, "abschliessen": "1"},
    )
    assert "Bitte prüfen Sie den Reha-Bedarf" in antwort.content.decode()
    pa.refresh_from_db()
    assert pa.status == "in_arbeit"


def test_notiz_ohne_kreuz_wird_erklaert(ifk_client, welt):
    ifk_client.post(reverse("cases:potenzialanalyse_starten", args=[welt.eigener_fall.pk]))
    pa = Potenzialanalyse.objects.get(leistungsberechtigter=welt.eigener_fall)
    antwort = ifk_client.post(
        reverse("cases:potenzialanalyse", args=[pa.pk]),
        {"sperrversion": pa.sperrversion, "hb_sucht_text": "Alkohol", "speichern": "1"},
    )
    assert "bitte auch ankreuzen" in antwort.content.decode()
    assert not pa.handlungsbedarfe.exists()


def plan_mit_entwurf(client, welt):
    pa_abschliessen(client, welt.eigener_fall)
    client.post(reverse("plans:beginnen", args=[welt.eigener_fall.pk]))
    plan = Kooperationsplan.objects.get(leistungsberechtigter=welt.eigener_fall)
    return plan, plan.versionen.get()


def test_editor_zeigt_offene_handlungsbedarfe_und_speichert(ifk_client, welt):
    plan, version = plan_mit_entwurf(ifk_client, welt)
    seite = ifk_client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert "Noch nicht aufgegriffen" in seite
    assert "Schulden" in seite
    antwort = ifk_client.post(
        reverse("plans:bearbeiten", args=[version.pk]),
        {
            "sperrversion": version.sperrversion,
            "ziel": "Ich will als Köchin arbeiten.",
            "kontakt": "Frau Berg, 0621 1234",
        },
    )
    assert antwort.status_code == 302
    version.refresh_from_db()
    assert version.ziel == "Ich will als Köchin arbeiten."
    sprache = version.plan.potenzialanalyse.handlungsbedarfe.get(bereich="sprache")
    ifk_client.post(
        reverse("plans:eintrag_neu", args=[version.pk]),
        {
            "teil_praefix": "weg",
            "neu-weg-sperrversion": version.sperrversion,
            "neu-weg-teil": "weg",
            "neu-weg-text": "Ich suche mir einen Deutsch-Kurs.",
            "neu-weg-handlungsbedarf": sprache.pk,
        },
    )
    assert version.eintraege.get().handlungsbedarf == sprache
    seite = ifk_client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert "Schulden" in seite
    assert "<strong>Sprache</strong>" not in seite


def test_eigenbemuehung_ohne_nachweis_wird_abgelehnt(ifk_client, welt):
    plan, version = plan_mit_entwurf(ifk_client, welt)
    antwort = ifk_client.post(
        reverse("plans:eintrag_neu", args=[version.pk]),
        {
            "teil_praefix": "eigenbemuehung",
            "neu-eigenbemuehung-sperrversion": version.sperrversion,
            "neu-eigenbemuehung-teil": "eigenbemuehung",
            "neu-eigenbemuehung-text": "Ich bewerbe mich.",
            "neu-eigenbemuehung-haeufigkeit": "4 im Monat",
        },
    )
    assert antwort.status_code == 400
    assert "Bei Eigenbemühungen bitte „Wie nachweisen“ angeben." in antwort.content.decode()
    assert not version.eintraege.exists()


def test_zweiter_speichernder_wird_abgewiesen_und_nichts_geht_verloren(client, welt):
    """Two browser tabs open the same draft; the second save is refused, the
    first writer's text stays, the second writer's text is still in the form."""
    client.force_login(welt.users[Rolle.IFK])
    plan, version = plan_mit_entwurf(client, welt)
    stand = version.sperrversion
    erste = client.post(
        reverse("plans:bearbeiten", args=[version.pk]),
        {"sperrversion": stand, "ziel": "Ich will Köchin werden.", "kontakt": "A"},
    )
    assert erste.status_code == 302
    zweite = client.post(
        reverse("plans:bearbeiten", args=[version.pk]),
        {"sperrversion": stand, "ziel": "Ich will Bäckerin werden.", "kontakt": "B"},
    )
    inhalt = zweite.content.decode()
    assert "in der Zwischenzeit von jemand anderem geändert" in inhalt
    assert "Ich will Bäckerin werden." in inhalt
    version.refresh_from_db()
    assert version.ziel == "Ich will Köchin werden."


def test_ganzer_lebenslauf_ueber_die_seiten(ifk_client, welt):
    plan, version = plan_mit_entwurf(ifk_client, welt)
    ifk_client.post(
        reverse("plans:bearbeiten", args=[version.pk]),
        {"sperrversion": version.sperrversion, "ziel": "Ich will arbeiten.", "kontakt": "X"},
    )
    version.refresh_from_db()
    PlanEintrag.objects.create(version=version, teil=Planteil.WEG, text="Ich lerne Deutsch.")
    antwort = ifk_client.post(
        reverse("plans:vereinbaren", args=[plan.pk]), {"vereinbart_am": HEUTE.isoformat()}
    )
    assert antwort.status_code == 302
    version.refresh_from_db()
    assert version.status == "vereinbart"
    # The agreed version can no longer be edited through the pages.
    antwort = ifk_client.post(
        reverse("plans:bearbeiten", args=[version.pk]),
        {"sperrversion": version.sperrversion, "ziel": "geändert", "kontakt": "Y"},
    )
    assert antwort.status_code == 302
    assert antwort["Location"] == reverse("plans:version", args=[version.pk])
    version.refresh_from_db()
    assert version.ziel == "Ich will arbeiten."
    ifk_client.post(reverse("plans:ueberpruefung", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "ueberpruefung"
    antwort = ifk_client.post(reverse("plans:fortschreiben", args=[plan.pk]))
    neu = PlanVersion.objects.get(plan=plan, nummer=2)
    assert antwort["Location"] == reverse("plans:bearbeiten", args=[neu.pk])
    assert neu.eintraege.get().text == "Ich lerne Deutsch."
    ifk_client.post(
        reverse("plans:bearbeiten", args=[neu.pk]),
        {"sperrversion": neu.sperrversion, "ziel": "Ich will Vollzeit arbeiten.", "kontakt": "X"},
    )
    vergleich = ifk_client.get(reverse("plans:vergleich", args=[plan.pk])).content.decode()
    assert "Ich will arbeiten." in vergleich
    assert "Ich will Vollzeit arbeiten." in vergleich
    assert "geändert" in vergleich


def test_kein_plan_ohne_grund_nennt_das_feld(ifk_client, welt):
    plan, _ = plan_mit_entwurf(ifk_client, welt)
    antwort = ifk_client.post(reverse("plans:kein_plan", args=[plan.pk]), {})
    assert antwort.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in antwort.content.decode()


@pytest.mark.parametrize(
    "rolle",
    [
        Rolle.TEAMLEITUNG,
        Rolle.TRAEGER,
        Rolle.GESCHAEFTSFUEHRUNG,
        Rolle.ADMINISTRATION,
        Rolle.API_CLIENT,
    ],
)
def test_andere_rollen_bearbeiten_keinen_plan(client, welt, rolle):
    client.force_login(welt.users[Rolle.IFK])
    plan, version = plan_mit_entwurf(client, welt)
    client.force_login(welt.users[rolle])
    erwartet_lesen = 200 if rolle == Rolle.TEAMLEITUNG else 403
    assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == erwartet_lesen
    antwort = client.post(
        reverse("plans:bearbeiten", args=[version.pk]),
        {"sperrversion": version.sperrversion, "ziel": "fremd", "kontakt": "fremd"},
    )
    assert antwort.status_code in (302, 403)
    assert (
        client.post(
            reverse("plans:vereinbaren", args=[plan.pk]), {"vereinbart_am": HEUTE.isoformat()}
        ).status_code
        == 403
    )
    version.refresh_from_db()
    assert version.ziel == ""
    assert version.status == "entwurf"


def test_plan_eines_anderen_jobcenters_ist_404(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    plan, version = plan_mit_entwurf(client, welt)
    client.force_login(welt.fremde_ifk)
    for url in (
        reverse("plans:plan", args=[plan.pk]),
        reverse("plans:bearbeiten", args=[version.pk]),
        reverse("plans:version", args=[version.pk]),
        reverse("plans:vergleich", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 404


def _seitentitel(html: str) -> str:
    from html.parser import HTMLParser

    class Titel(HTMLParser):
        text, drin = "", False

        def handle_starttag(self, tag, attrs):
            self.drin = tag == "title"

        def handle_endtag(self, tag):
            self.drin = False

        def handle_data(self, data):
            if self.drin:
                self.text += data

    leser = Titel(convert_charrefs=True)
    leser.feed(html)
    return leser.text


def test_titel_der_planseite_ist_reiner_text(ifk_client, welt):
    version = entwurf(welt)
    person = version.plan.leistungsberechtigter
    seiten = {
        reverse("plans:plan", args=[version.plan.pk]): f"Kooperationsplan: {person}",
        reverse("plans:bearbeiten", args=[version.pk]): f"Plan bearbeiten: {person}",
    }
    for url, erwartet in seiten.items():
        titel = _seitentitel(ifk_client.get(url).content.decode())
        # What the browser tab and a screen reader read out: no markup in it.
        assert titel == f"{erwartet} – Kooperationsplan"
