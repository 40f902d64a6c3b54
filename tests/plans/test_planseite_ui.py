"""What the IFK meets around the plan: the agreed plan's PDF and print view
one click from the person, the plan and the version; the editor's errors
where she is; removal asks first; a completed Potenzialanalyse reads as text;
„Kein Plan“ from the person page and taken back the same day; a full Angebot
warns; long texts have a limit and a counter."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.services import potenzialanalyse_abschliessen
from kooperation.access import Rolle
from partners import kapazitaet
from plans import lebenszyklus
from plans.models import Kooperationsplan, PlanEintrag, PlanStatus, Planteil
from plans.services.vereinbarung import planversion_vereinbaren
from tests.cases.factories import PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory
from tests.plans.factories import entwurf


@pytest.fixture
def ifk_client(client, welt):
    client.force_login(welt.users[Rolle.IFK])
    return client


def test_pdf_und_druckansicht_von_person_plan_und_version(
    ifk_client, welt, django_capture_on_commit_callbacks
):
    version = entwurf(welt)
    with django_capture_on_commit_callbacks(execute=True):
        planversion_vereinbaren(
            acting_user=welt.users[Rolle.IFK],
            version=version,
            vereinbart_am=datetime.date(2026, 10, 7),
        )
    pdf = reverse("plans:pdf", args=[version.pk])
    druck = reverse("plans:druckansicht", args=[version.pk])
    for seite in (
        reverse("cases:fall", args=[welt.eigener_fall.pk]),
        reverse("plans:plan", args=[version.plan_id]),
        reverse("plans:version", args=[version.pk]),
    ):
        inhalt = ifk_client.get(seite).content.decode()
        assert f'href="{pdf}"' in inhalt, seite
        assert f'href="{druck}"' in inhalt, seite
    datei = ifk_client.get(pdf)
    assert datei["Content-Type"] == "application/pdf"
    assert b"".join(datei.streaming_content).startswith(b"%PDF")
    antwort = ifk_client.get(druck)
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "Ich will als Köchin arbeiten." in inhalt
    assert "Druckansicht" in inhalt
    # The print view's styles pass the CSP through this answer's nonce.
    nonce = re.search(r'<style nonce="([^"]+)">', inhalt).group(1)
    assert f"'nonce-{nonce}'" in antwort["Content-Security-Policy"]


def test_druckansicht_nicht_fuer_den_traeger(client, welt):
    version = entwurf(welt)
    client.force_login(welt.users[Rolle.TRAEGER])
    assert client.get(reverse("plans:druckansicht", args=[version.pk])).status_code == 404


def test_fehler_im_eintragsformular_erscheinen_dort_mit_fokus(ifk_client, welt):
    version = entwurf(welt)
    editor = ifk_client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert (
        f'action="{reverse("plans:eintrag_neu", args=[version.pk])}#fehler-neu-eigenbemuehung"'
        in (editor)
    )
    antwort = ifk_client.post(
        reverse("plans:eintrag_neu", args=[version.pk]),
        {
            "teil_praefix": "eigenbemuehung",
            "neu-eigenbemuehung-sperrversion": version.sperrversion,
            "neu-eigenbemuehung-teil": "eigenbemuehung",
            "neu-eigenbemuehung-text": "Ich bewerbe mich.",
        },
    )
    assert antwort.status_code == 400
    inhalt = antwort.content.decode()
    zusammenfassung = inhalt.index('id="fehler-neu-eigenbemuehung"')
    assert "data-fehler-fokus" in inhalt[zusammenfassung - 200 : zusammenfassung]
    # The summary sits in the section of the form, not at the top of the editor.
    assert inhalt.index('id="teil-eigenbemuehung"') < zusammenfassung


def test_entfernen_fragt_erst_nach(ifk_client, welt):
    version = entwurf(welt)
    eintrag = version.eintraege.get()
    adresse = reverse("plans:eintrag_entfernen", args=[version.pk, eintrag.pk])
    editor = ifk_client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert f'<a class="kern-link" href="{adresse}">Entfernen' in editor
    frage = ifk_client.get(adresse)
    assert frage.status_code == 200
    assert "Eintrag entfernen?" in frage.content.decode()
    assert eintrag.text in frage.content.decode()
    assert PlanEintrag.objects.filter(pk=eintrag.pk).exists()
    version.refresh_from_db()
    ifk_client.post(adresse, {"sperrversion": version.sperrversion})
    assert not PlanEintrag.objects.filter(pk=eintrag.pk).exists()


def test_abgeschlossene_potenzialanalyse_liest_sich_als_text(ifk_client, welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    potenzialanalyse_abschliessen(
        acting_user=welt.users[Rolle.IFK],
        potenzialanalyse=pa,
        abgeschlossen_am=datetime.date(2026, 3, 10),
        reha_bedarf="nein",
        staerken="Zuverlässig " * 60,
        handlungsbedarfe={"sprache": "B1 fehlt"},
    )
    inhalt = ifk_client.get(reverse("cases:potenzialanalyse", args=[pa.pk])).content.decode()
    assert "disabled" not in inhalt
    assert "<textarea" not in inhalt
    assert "B1 fehlt" in inhalt
    assert "mehr</span>" in inhalt


def test_kein_plan_von_der_personenseite_und_am_selben_tag_zurueck(ifk_client, welt, monkeypatch):
    person = welt.eigener_fall
    fall = ifk_client.get(reverse("cases:fall", args=[person.pk])).content.decode()
    adresse = reverse("plans:kein_plan_person", args=[person.pk])
    assert f'href="{adresse}"' in fall
    assert ifk_client.post(adresse, {"grund": "egal"}).status_code == 400
    antwort = ifk_client.post(adresse, {"grund": "rente", "erlaeuterung": "Rente ab März."})
    plan = Kooperationsplan.objects.get(leistungsberechtigter=person)
    assert antwort["Location"] == reverse("plans:plan", args=[plan.pk])
    assert plan.status == PlanStatus.KEIN_PLAN
    assert plan.kein_plan_am == timezone.localdate()
    zurueck = reverse("plans:kein_plan_zuruecknehmen", args=[plan.pk])
    seite = ifk_client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert f'action="{zurueck}"' in seite
    # The next day it is final.
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(lebenszyklus, "heute", lambda: morgen)
    seite = ifk_client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert f'action="{zurueck}"' not in seite
    monkeypatch.undo()
    ifk_client.post(zurueck)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENTWURF
    assert plan.kein_plan_grund == ""
    person.refresh_from_db()
    assert person.phase == "planung"


def test_ausgebuchtes_angebot_warnt(ifk_client, welt):
    angebot = AngebotFactory(jobcenter=welt.jc, titel="Bewerbungstraining", plaetze=1)
    assert kapazitaet.platz_belegen(angebot, timezone.localdate())
    version = entwurf(welt)
    editor = ifk_client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert "Bewerbungstraining – noch 0 von 1 Plätzen" in editor
    assert "– ausgebucht" in editor
    antwort = ifk_client.post(
        reverse("plans:eintrag_neu", args=[version.pk]),
        {
            "teil_praefix": "unterstuetzung",
            "neu-unterstuetzung-sperrversion": version.sperrversion,
            "neu-unterstuetzung-teil": "unterstuetzung",
            "neu-unterstuetzung-text": "Das Jobcenter zahlt das Training.",
            "neu-unterstuetzung-angebot": angebot.pk,
        },
        follow=True,
    )
    inhalt = antwort.content.decode()
    assert "hat im laufenden Zeitraum keinen freien Platz" in inhalt
    assert "Angebot ausgebucht" in inhalt
    assert version.eintraege.filter(teil=Planteil.UNTERSTUETZUNG).exists()


def test_lange_texte_haben_grenze_und_zaehler(ifk_client, welt):
    version = entwurf(welt)
    editor = ifk_client.get(reverse("plans:bearbeiten", args=[version.pk])).content.decode()
    assert 'maxlength="600"' in editor
    assert 'id="id_ziel-zaehler"' in editor
    assert "Höchstens 600 Zeichen." in editor
    assert "js/zeichenzaehler" in editor


def test_kein_plan_zuruecknehmen_ueber_die_schnittstelle(welt, monkeypatch):
    from plans.services.vereinbarung import kein_plan_festhalten
    from tests.api_helfer import api_client

    plan = kein_plan_festhalten(
        acting_user=welt.users[Rolle.IFK], plan=entwurf(welt).plan, grund="rente"
    )
    client = api_client(welt.users[Rolle.IFK])
    adresse = f"/api/v1/kooperationsplaene/{plan.pk}/kein-plan-zuruecknehmen/"
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(lebenszyklus, "heute", lambda: morgen)
    antwort = client.post(adresse)
    assert antwort.status_code == 400
    assert "nur am Tag zurücknehmen" in str(antwort.json())
    monkeypatch.undo()
    antwort = client.post(adresse)
    assert antwort.status_code == 200
    assert antwort.json()["status"] == "entwurf"
    assert api_client(welt.users[Rolle.TEAMLEITUNG]).post(adresse).status_code == 403
