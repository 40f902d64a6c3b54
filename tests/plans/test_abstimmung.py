"""Träger-Abstimmung (issue 6): modes, contingents, capacity, decisions and
their consequences."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from kooperation.models import Fristart, Wiedervorlage
from partners import kapazitaet
from partners.models import Belegung, Rahmenabstimmung
from plans.models import AbstimmungStatus, PlanEintrag, PlanStatus, Planteil, VersionStatus
from plans.services.abstimmung import (
    abstimmung_aenderung_bestaetigen,
    abstimmung_anfragen,
    abstimmung_entscheiden,
    abstimmungsposition_entscheiden,
)
from plans.services.vereinbarung import planversion_vereinbaren
from tests.cases.factories import LeistungsberechtigterFactory
from tests.partners.factories import AngebotFactory
from tests.plans.factories import entwurf

D = datetime.date
TAG = D(2026, 10, 5)  # Monday; quarter Q4 2026


@pytest.fixture
def schuldnerberatung(welt):
    return AngebotFactory(
        jobcenter=welt.jc,
        partner=None,
        traeger=welt.traeger,
        titel="Schuldnerberatung",
        leistung_16a="schuldnerberatung",
        plaetze=2,
        zeitraum="quartal",
    )


def mit_16a(welt, angebot, person=None):
    version = entwurf(welt, person=person)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Termin bei der Schuldnerberatung",
        angebot=angebot,
        leistung_16a=angebot.leistung_16a,
    )
    return version


def neue_person(welt):
    return LeistungsberechtigterFactory(team=welt.team, zustaendig=welt.users[Rolle.IFK])


def test_zkt_braucht_keine_abstimmung(welt, schuldnerberatung):
    welt.jc.organisationsform = "zkT"
    welt.jc.abstimmungsmodus = "keine"
    welt.jc.save()
    version = mit_16a(welt, schuldnerberatung)
    ifk = welt.users[Rolle.IFK]
    with pytest.raises(Fachfehler, match="entfällt"):
        abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)


def test_modus_alle_fragt_auch_ohne_16a_und_traeger_entscheidet_den_plan(welt):
    welt.jc.abstimmungsmodus = "alle"
    welt.jc.save()
    version = entwurf(welt)
    ifk = welt.users[Rolle.IFK]
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    assert abstimmung.status == "offen"
    assert not abstimmung.positionen.exists()
    abstimmung_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER], abstimmung=abstimmung, status="zugestimmt"
    )
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)


def test_im_kontingent_sofort_zugestimmt_ohne_einzelanfrage(welt, schuldnerberatung):
    Rahmenabstimmung.objects.create(
        angebot=schuldnerberatung,
        traeger=welt.traeger,
        beginn=D(2026, 10, 1),
        ende=D(2026, 12, 31),
        kontingent=1,
    )
    ifk = welt.users[Rolle.IFK]
    version = mit_16a(welt, schuldnerberatung)
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    assert abstimmung.status == "zugestimmt"
    assert abstimmung.im_kontingent
    assert not Wiedervorlage.objects.filter(art=Fristart.ABSTIMMUNG).exists()
    assert Belegung.objects.get(angebot=schuldnerberatung).belegt == 1
    version.plan.refresh_from_db()
    assert version.plan.status == PlanStatus.ENTWURF
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)
    # The contingent (1) is now used up exactly at its edge: the next goes out singly.
    zweite = mit_16a(welt, schuldnerberatung, person=neue_person(welt))
    einzel = abstimmung_anfragen(acting_user=ifk, version=zweite, angefragt_am=TAG)
    assert einzel.status == "offen"
    assert not einzel.im_kontingent
    assert Rahmenabstimmung.objects.get().genutzt == 1
    assert Wiedervorlage.objects.get(art=Fristart.ABSTIMMUNG).faellig_am == D(2026, 10, 12)


def test_kontingent_ausserhalb_des_zeitraums_gilt_nicht(welt, schuldnerberatung):
    Rahmenabstimmung.objects.create(
        angebot=schuldnerberatung,
        traeger=welt.traeger,
        beginn=D(2026, 7, 1),
        ende=D(2026, 9, 30),
        kontingent=5,
    )
    version = mit_16a(welt, schuldnerberatung)
    abstimmung = abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK], version=version, angefragt_am=TAG
    )
    assert abstimmung.status == "offen"


def test_ohne_freie_plaetze_keine_zustimmung_aber_ablehnung(welt, schuldnerberatung):
    schuldnerberatung.plaetze = 1
    schuldnerberatung.save()
    ifk, traeger = welt.users[Rolle.IFK], welt.users[Rolle.TRAEGER]
    erste = abstimmung_anfragen(
        acting_user=ifk, version=mit_16a(welt, schuldnerberatung), angefragt_am=TAG
    )
    zweite = abstimmung_anfragen(
        acting_user=ifk,
        version=mit_16a(welt, schuldnerberatung, person=neue_person(welt)),
        angefragt_am=TAG,
    )
    abstimmung_entscheiden(acting_user=traeger, abstimmung=erste, status="zugestimmt")
    with pytest.raises(Fachfehler, match="keinen freien Platz"):
        abstimmungsposition_entscheiden(
            acting_user=traeger, position=zweite.positionen.get(), status="zugestimmt"
        )
    assert Belegung.objects.get().belegt == 1
    abstimmungsposition_entscheiden(
        acting_user=traeger,
        position=zweite.positionen.get(),
        status="abgelehnt",
        begruendung="Keine Plätze frei.",
    )
    zweite.refresh_from_db()
    assert zweite.status == "abgelehnt"


def test_ablehnung_vor_dem_gespraech_informiert_die_ifk(
    welt, schuldnerberatung, django_capture_on_commit_callbacks
):
    ifk, traeger = welt.users[Rolle.IFK], welt.users[Rolle.TRAEGER]
    ifk.email = "ifk@jobcenter.example"
    ifk.save()
    version = mit_16a(welt, schuldnerberatung)
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    version.plan.refresh_from_db()
    assert version.plan.status == PlanStatus.ABSTIMMUNG
    with pytest.raises(Fachfehler) as fehler:
        abstimmungsposition_entscheiden(
            acting_user=traeger, position=abstimmung.positionen.get(), status="abgelehnt"
        )
    assert "begruendung" in fehler.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        abstimmungsposition_entscheiden(
            acting_user=traeger,
            position=abstimmung.positionen.get(),
            status="abgelehnt",
            begruendung="Kein Bedarf erkennbar.",
        )
    version.plan.refresh_from_db()
    assert version.plan.status == PlanStatus.ENTWURF
    assert len(mail.outbox) == 1
    assert "Kein Bedarf erkennbar." in mail.outbox[0].body
    assert mail.outbox[0].to == ["ifk@jobcenter.example"]
    with pytest.raises(Fachfehler, match="hat abgelehnt: Schuldnerberatung"):
        planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)


def test_aenderung_braucht_die_bestaetigung_der_ifk(welt, schuldnerberatung):
    ifk, traeger = welt.users[Rolle.IFK], welt.users[Rolle.TRAEGER]
    version = mit_16a(welt, schuldnerberatung)
    abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=TAG)
    with pytest.raises(Fachfehler) as fehler:
        abstimmungsposition_entscheiden(
            acting_user=traeger, position=abstimmung.positionen.get(), status="geaendert"
        )
    assert "aenderung" in fehler.value.message_dict
    abstimmungsposition_entscheiden(
        acting_user=traeger,
        position=abstimmung.positionen.get(),
        status="geaendert",
        aenderung="Erst ab November.",
    )
    abstimmung.refresh_from_db()
    assert abstimmung.status == AbstimmungStatus.GEAENDERT
    assert Wiedervorlage.objects.get(art=Fristart.AENDERUNG_BESTAETIGEN).status == "offen"
    with pytest.raises(Fachfehler, match="Bitte übernehmen Sie seine Änderungen"):
        planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)
    abstimmung_aenderung_bestaetigen(acting_user=ifk, abstimmung=abstimmung)
    assert Wiedervorlage.objects.get(art=Fristart.AENDERUNG_BESTAETIGEN).status == "erledigt"
    # The item now reads as the Träger changed it, in the plan and so in its PDF.
    assert version.eintraege.get(leistung_16a="schuldnerberatung").text == "Erst ab November."
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)


def test_ablehnung_nach_der_vereinbarung_fuehrt_zurueck_in_die_verhandlung(welt, schuldnerberatung):
    welt.jc.abstimmungszeitpunkt = "nach"
    welt.jc.save()
    ifk, traeger = welt.users[Rolle.IFK], welt.users[Rolle.TRAEGER]
    version = mit_16a(welt, schuldnerberatung)
    # After the conversation: the person agrees first, then the Träger is asked.
    planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=TAG)
    abstimmung = version.abstimmungen.get()
    assert abstimmung.status == "offen"
    version.plan.refresh_from_db()
    assert version.plan.status == PlanStatus.VEREINBART
    abstimmungsposition_entscheiden(
        acting_user=traeger,
        position=abstimmung.positionen.get(),
        status="abgelehnt",
        begruendung="Kapazität erschöpft.",
    )
    plan = version.plan
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENTWURF
    neu = plan.versionen.get(nummer=2)
    assert neu.status == VersionStatus.ENTWURF
    version.refresh_from_db()
    assert version.status == VersionStatus.VEREINBART  # the agreed version stays as it was
    frist = Wiedervorlage.objects.get(art=Fristart.NACHVERHANDLUNG)
    assert frist.zustaendig == ifk
    assert frist.status == "offen"


def test_abstimmung_bei_sammelzustimmung_nimmt_plaetze(welt, schuldnerberatung):
    ifk, traeger = welt.users[Rolle.IFK], welt.users[Rolle.TRAEGER]
    a = abstimmung_anfragen(
        acting_user=ifk, version=mit_16a(welt, schuldnerberatung), angefragt_am=TAG
    )
    abstimmung_entscheiden(acting_user=traeger, abstimmung=a, status="zugestimmt")
    a.refresh_from_db()
    assert a.status == "zugestimmt"
    assert a.positionen.get().platz_zeitraum == D(2026, 10, 1)
    assert kapazitaet.freie_plaetze(schuldnerberatung, TAG) == 1


def test_traeger_eines_anderen_jobcenters_entscheidet_nicht(welt, schuldnerberatung):
    from kooperation.errors import KeinZugriff
    from tests.kooperation.factories import benutzer
    from tests.partners.factories import KommunalerTraegerFactory

    fremd = benutzer(Rolle.TRAEGER, welt.jc2)
    KommunalerTraegerFactory(jobcenter=welt.jc2).mitarbeitende.add(fremd)
    a = abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK],
        version=mit_16a(welt, schuldnerberatung),
        angefragt_am=TAG,
    )
    with pytest.raises(KeinZugriff):
        abstimmung_entscheiden(acting_user=fremd, abstimmung=a, status="zugestimmt")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_letzter_platz_geht_an_genau_einen(welt, schuldnerberatung):
    """Two IFKs take the last place of a contingent at the same moment: exactly
    one gets it (PostgreSQL, two connections)."""
    Rahmenabstimmung.objects.create(
        angebot=schuldnerberatung,
        traeger=welt.traeger,
        beginn=D(2026, 10, 1),
        ende=D(2026, 12, 31),
        kontingent=1,
    )
    schuldnerberatung.plaetze = 1
    schuldnerberatung.save()
    kapazitaet.belegung_fuer(schuldnerberatung, TAG)
    start = threading.Barrier(2)
    ergebnisse = []

    def nehmen():
        try:
            start.wait()
            # As abstimmung_anfragen does: a place only with the contingent.
            rahmen = kapazitaet.kontingent_nutzen(schuldnerberatung, TAG)
            platz = kapazitaet.platz_belegen(schuldnerberatung, TAG) if rahmen else False
            ergebnisse.append((rahmen is not None, platz))
        finally:
            connection.close()

    threads = [threading.Thread(target=nehmen) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ergebnisse) == [(False, False), (True, True)]
    assert Rahmenabstimmung.objects.get().genutzt == 1
    assert Belegung.objects.get().belegt == 1
