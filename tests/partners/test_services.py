"""Saving agreements files their deadlines and meetings; a new central
contact is announced to the IFKs who work with the partner."""

import datetime

import pytest
from django.core import mail

from cases.services import einwilligung_erfassen
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Fristart, Wiedervorlage
from partners.models import Ansprechpartner, Kooperationsvereinbarung
from partners.services import (
    ansprechpartner_wechseln,
    dokument_ablegen,
    vereinbarung_kuendigen,
    vereinbarung_speichern,
)
from plans.models import PlanEintrag, Planteil
from tests.cases.factories import LeistungsberechtigterFactory
from tests.kooperation.factories import benutzer
from tests.partners.factories import AngebotFactory, PartnerFactory
from tests.plans.factories import entwurf

D = datetime.date


def _vereinbarung(welt, **kwargs):
    daten = {
        "jobcenter": welt.jc,
        "titel": "Kooperationserklärung Jugendhilfe",
        "beginn": D(2024, 1, 1),
        "laufzeitart": "verlaengernd",
        "ende": D(2024, 12, 31),
        "kuendigungsfrist_monate": 6,
        "verlaengerung_monate": 12,
        "treffen_rhythmus_monate": 6,
        "verantwortlich": welt.users[Rolle.GESCHAEFTSFUEHRUNG],
    }
    return Kooperationsvereinbarung(**{**daten, **kwargs})


def test_speichern_legt_kuendigungsfrist_als_wiedervorlage_an(welt):
    admin = welt.users[Rolle.ADMINISTRATION]
    v = vereinbarung_speichern(
        acting_user=admin, vereinbarung=_vereinbarung(welt), stichtag=D(2026, 11, 25)
    )
    v.refresh_from_db()
    assert v.kuendigung_bis == D(2027, 6, 30)
    assert v.naechste_verlaengerung == D(2027, 1, 1)
    wv = Wiedervorlage.objects.get(ursache_id=v.pk, art=Fristart.KUENDIGUNG)
    assert wv.faellig_am == D(2027, 6, 30)
    assert wv.zustaendig == welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    assert wv.leistungsberechtigter_id is None
    assert not Wiedervorlage.objects.filter(ursache_id=v.pk, art=Fristart.VEREINBARUNG_ENDE)


def test_kuendigung_schliesst_frist_und_legt_ende_an(welt):
    admin = welt.users[Rolle.ADMINISTRATION]
    v = vereinbarung_speichern(
        acting_user=admin, vereinbarung=_vereinbarung(welt), stichtag=D(2024, 3, 1)
    )
    vereinbarung_kuendigen(acting_user=admin, vereinbarung=v, zugang=D(2024, 6, 28))
    v.refresh_from_db()
    assert v.laeuft_bis == D(2024, 12, 31)
    assert v.kuendigung_bis is None
    ende = Wiedervorlage.objects.get(ursache_id=v.pk, art=Fristart.VEREINBARUNG_ENDE)
    assert ende.faellig_am == D(2024, 12, 31)
    kuendigung = Wiedervorlage.objects.get(ursache_id=v.pk, art=Fristart.KUENDIGUNG)
    assert kuendigung.status == "erledigt"


def test_treffen_im_rhythmus_fuer_ein_jahr_und_nur_einmal(welt):
    admin = welt.users[Rolle.ADMINISTRATION]
    v = vereinbarung_speichern(
        acting_user=admin, vereinbarung=_vereinbarung(welt), stichtag=D(2026, 11, 25)
    )
    assert [t.datum for t in v.treffen.all()] == [D(2027, 1, 1), D(2027, 7, 1)]
    vereinbarung_speichern(acting_user=admin, vereinbarung=v, stichtag=D(2026, 11, 25))
    assert v.treffen.count() == 2


def test_nur_die_administration_aendert_vereinbarungen(welt):
    with pytest.raises(KeinZugriff):
        vereinbarung_speichern(acting_user=welt.users[Rolle.IFK], vereinbarung=_vereinbarung(welt))
    fremde_admin = benutzer(Rolle.ADMINISTRATION, welt.jc2, username="admin2")
    with pytest.raises(KeinZugriff):
        vereinbarung_speichern(acting_user=fremde_admin, vereinbarung=_vereinbarung(welt))
    assert not Kooperationsvereinbarung.objects.exists()


def test_unterzeichnete_fassungen_werden_nummeriert(welt):
    admin = welt.users[Rolle.ADMINISTRATION]
    v = vereinbarung_speichern(acting_user=admin, vereinbarung=_vereinbarung(welt))
    erste = dokument_ablegen(acting_user=admin, vereinbarung=v, unterzeichnet_am=D(2024, 1, 1))
    zweite = dokument_ablegen(acting_user=admin, vereinbarung=v, unterzeichnet_am=D(2025, 2, 3))
    assert (erste.fassung, zweite.fassung) == (1, 2)


def test_neuer_ansprechpartner_wird_den_ifks_des_partners_gemeldet(
    welt, django_capture_on_commit_callbacks
):
    ifk = welt.users[Rolle.IFK]
    ifk.email = "ifk@jobcenter.invalid"
    ifk.save()
    andere = benutzer(Rolle.IFK, welt.jc, welt.team2, username="andere", email="a@jc.invalid")
    LeistungsberechtigterFactory(team=welt.team2, zustaendig=andere)
    dritte = benutzer(Rolle.IFK, welt.jc, welt.team2, username="dritte", email="d@jc.invalid")
    partner = PartnerFactory(jobcenter=welt.jc, name="Caritas Rheinstadt")
    angebot = AngebotFactory(jobcenter=welt.jc, partner=partner)
    # The IFK works with the partner through a plan item ...
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version, teil=Planteil.UNTERSTUETZUNG, text="Beratung", angebot=angebot
    )
    # ... the colleague through a consent of one of her people.
    fall = LeistungsberechtigterFactory(team=welt.team2, zustaendig=dritte)
    einwilligung_erfassen(
        acting_user=dritte,
        leistungsberechtigter=fall,
        partner=partner,
        zweck="ueberleitung",
        erteilt_am=D(2026, 1, 5),
    )
    alt = Ansprechpartner.objects.create(
        partner=partner, name="Frau Alt", zentral=True, gueltig_ab=D(2025, 1, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        ansprechpartner_wechseln(
            acting_user=welt.users[Rolle.ADMINISTRATION],
            partner=partner,
            ab=D(2026, 12, 1),
            name="Herr Neu",
            telefon="0621 4711",
        )
    alt.refresh_from_db()
    assert alt.gueltig_bis == D(2026, 11, 30)
    empfaenger = sorted(m.to[0] for m in mail.outbox)
    assert empfaenger == ["d@jc.invalid", "ifk@jobcenter.invalid"]
    assert "Herr Neu" in mail.outbox[0].body
    assert "Frau Alt" in mail.outbox[0].body


def test_wechsel_vor_dem_beginn_des_bisherigen_wird_abgelehnt(welt):
    partner = PartnerFactory(jobcenter=welt.jc)
    Ansprechpartner.objects.create(
        partner=partner, name="Frau Alt", zentral=True, gueltig_ab=D(2026, 5, 1)
    )
    with pytest.raises(Fachfehler) as fehler:
        ansprechpartner_wechseln(
            acting_user=welt.users[Rolle.ADMINISTRATION],
            partner=partner,
            ab=D(2026, 4, 1),
            name="Herr Neu",
        )
    assert "ab" in fehler.value.message_dict
    assert partner.ansprechpartner.count() == 1


def test_verantwortlich_aus_einem_anderen_jobcenter_wird_abgelehnt(welt):
    with pytest.raises(Fachfehler) as fehler:
        vereinbarung_speichern(
            acting_user=welt.users[Rolle.ADMINISTRATION],
            vereinbarung=_vereinbarung(welt, verantwortlich=welt.fremde_ifk),
        )
    assert "verantwortlich" in fehler.value.message_dict
    assert not Wiedervorlage.objects.exists()
