"""Sharing a case with a partner only under the person's written consent
for that partner and purpose (seeds 002, 003)."""

import datetime

import pytest
from auditlog.models import LogEntry

from cases.models import Datenweitergabe, Einwilligung
from cases.selectors import datenweitergaben_fuer
from cases.services import daten_weitergeben, einwilligung_erfassen, einwilligung_widerrufen
from kooperation import access
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from tests.partners.factories import PartnerFactory

D = datetime.date


@pytest.fixture
def lage(welt):
    ifk = welt.users[Rolle.IFK]
    partner = PartnerFactory(jobcenter=welt.jc, name="Integrationsmanagement der Stadt")
    anderer = PartnerFactory(jobcenter=welt.jc, name="Suchtberatung Nord")
    return ifk, welt.eigener_fall, partner, anderer


def _weitergeben(ifk, person, partner, zweck="ueberleitung", am=None):
    return daten_weitergeben(
        acting_user=ifk,
        leistungsberechtigter=person,
        partner=partner,
        zweck=zweck,
        inhalt="Kontaktdaten und Ziel aus dem Kooperationsplan",
        am=am or D(2026, 11, 2),
    )


def _einwilligen(ifk, person, partner, zweck, erteilt_am, schriftlich=True):
    return einwilligung_erfassen(
        acting_user=ifk,
        leistungsberechtigter=person,
        partner=partner,
        zweck=zweck,
        erteilt_am=erteilt_am,
        schriftlich=schriftlich,
    )


def test_ohne_einwilligung_wird_die_weitergabe_abgelehnt(lage):
    ifk, person, partner, _ = lage
    with pytest.raises(Fachfehler) as fehler:
        _weitergeben(ifk, person, partner)
    text = fehler.value.message_dict["partner"][0]
    assert text.startswith("Weitergabe abgelehnt: Es liegt keine gültige schriftliche Einwilligung")
    assert "Integrationsmanagement der Stadt" in text
    assert not Datenweitergabe.objects.exists()


def test_einwilligung_fuer_einen_anderen_partner_genuegt_nicht(lage):
    ifk, person, partner, anderer = lage
    _einwilligen(ifk, person, anderer, "ueberleitung", D(2026, 10, 1))
    with pytest.raises(Fachfehler):
        _weitergeben(ifk, person, partner)
    assert not Datenweitergabe.objects.exists()


def test_einwilligung_fuer_einen_anderen_zweck_genuegt_nicht(lage):
    ifk, person, partner, _ = lage
    _einwilligen(ifk, person, partner, "erstgespraech", D(2026, 10, 1))
    with pytest.raises(Fachfehler):
        _weitergeben(ifk, person, partner, zweck="abbruch")
    assert _weitergeben(ifk, person, partner, zweck="erstgespraech").zweck == "erstgespraech"


def test_muendliche_einwilligung_genuegt_nicht(lage):
    ifk, person, partner, _ = lage
    _einwilligen(ifk, person, partner, "ueberleitung", D(2026, 10, 1), schriftlich=False)
    with pytest.raises(Fachfehler):
        _weitergeben(ifk, person, partner)


def test_mit_einwilligung_wird_weitergegeben_und_protokolliert(lage):
    ifk, person, partner, _ = lage
    einwilligung = _einwilligen(ifk, person, partner, "ueberleitung", D(2026, 10, 1))
    weitergabe = _weitergeben(ifk, person, partner)
    assert weitergabe.einwilligung == einwilligung
    assert weitergabe.durch == ifk
    eintrag = LogEntry.objects.get_for_object(weitergabe).get()
    assert eintrag.actor == ifk
    assert eintrag.additional_data["grund"].startswith("Datenweitergabe an Partner")


def test_widerruf_stoppt_weitere_weitergaben_sofort(lage):
    ifk, person, partner, _ = lage
    einwilligung = _einwilligen(ifk, person, partner, "abbruch", D(2026, 10, 1))
    _weitergeben(ifk, person, partner, zweck="abbruch", am=D(2026, 11, 2))
    einwilligung_widerrufen(acting_user=ifk, einwilligung=einwilligung, am=D(2026, 11, 3))
    with pytest.raises(Fachfehler):
        _weitergeben(ifk, person, partner, zweck="abbruch", am=D(2026, 11, 3))
    # What was shared before the withdrawal stays on record.
    assert Datenweitergabe.objects.count() == 1
    einwilligung.refresh_from_db()
    assert einwilligung.widerrufen_am == D(2026, 11, 3)


def test_vor_der_erteilung_gilt_die_einwilligung_nicht(lage):
    ifk, person, partner, _ = lage
    _einwilligen(ifk, person, partner, "ueberleitung", D(2026, 11, 10))
    with pytest.raises(Fachfehler):
        _weitergeben(ifk, person, partner, am=D(2026, 11, 9))


def test_nur_die_zustaendige_ifk_gibt_weiter(lage, welt):
    ifk, _, partner, _ = lage
    kollegin_fall = welt.team_fall
    Einwilligung.objects.create(
        leistungsberechtigter=kollegin_fall,
        partner=partner,
        zweck="ueberleitung",
        erteilt_am=D(2026, 10, 1),
    )
    with pytest.raises(KeinZugriff):
        _weitergeben(ifk, kollegin_fall, partner)


def test_weitergaben_sind_falldaten(lage, welt):
    ifk, person, partner, _ = lage
    _einwilligen(ifk, person, partner, "ueberleitung", D(2026, 10, 1))
    _weitergeben(ifk, person, partner)
    assert datenweitergaben_fuer(user=ifk, leistungsberechtigter=person).count() == 1
    for fremd in (welt.fremde_ifk, welt.users[Rolle.GESCHAEFTSFUEHRUNG]):
        assert not access.sichtbar(fremd, Datenweitergabe.objects.all()).exists()
