"""Correcting the completion date of a Potenzialanalyse moves the stored
draft deadline and its Wiedervorlage (BW calendar: 25.12. and 1.1. are
holidays)."""

import datetime

import pytest

from cases.services import (
    potenzialanalyse_abschliessen,
    potenzialanalyse_abschluss_korrigieren,
    potenzialanalyse_beginnen,
)
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.fristwache import fristwache_ausfuehren
from kooperation.models import Erinnerungsstufe, Fristart, Wiedervorlage
from plans.services.entwurf import (
    kooperationsplan_anlegen,
    planeintrag_speichern,
    planversion_speichern,
)

D = datetime.date


def abgeschlossen(welt):
    ifk = welt.users[Rolle.IFK]
    pa = potenzialanalyse_beginnen(
        acting_user=ifk, leistungsberechtigter=welt.eigener_fall, begonnen_am=D(2026, 12, 1)
    )
    return potenzialanalyse_abschliessen(
        acting_user=ifk, potenzialanalyse=pa, abgeschlossen_am=D(2026, 12, 18), reha_bedarf="nein"
    )


def entwurfsfrist():
    return Wiedervorlage.objects.get(art=Fristart.PLANENTWURF)


def test_korrigiertes_abschlussdatum_verschiebt_die_entwurfsfrist(welt):
    pa = abgeschlossen(welt)
    assert pa.entwurf_frist == D(2027, 1, 5)
    fristwache_ausfuehren(heute=D(2027, 1, 5))
    assert entwurfsfrist().erinnerungsstufe == Erinnerungsstufe.FAELLIG
    pa = potenzialanalyse_abschluss_korrigieren(
        acting_user=welt.users[Rolle.IFK], potenzialanalyse=pa, abgeschlossen_am=D(2026, 12, 11)
    )
    # Fri 11.12. + 10 Arbeitstage: 14.–18.12., 21.–24.12., Mon 28.12.
    assert pa.entwurf_frist == D(2026, 12, 28)
    wv = entwurfsfrist()
    assert wv.faellig_am == D(2026, 12, 28)
    assert wv.erinnerungsstufe == Erinnerungsstufe.KEINE
    welt.eigener_fall.refresh_from_db()
    assert welt.eigener_fall.naechste_frist == D(2026, 12, 28)
    # The moved deadline is overdue now, and reminded as such.
    fristwache_ausfuehren(heute=D(2027, 1, 5))
    assert wv.erinnerungen.filter(stufe="eskalation", faellig_am=D(2026, 12, 28)).exists()


def test_erfuellte_entwurfsfrist_bleibt_bei_korrektur_erledigt(welt):
    pa = abgeschlossen(welt)
    ifk = welt.users[Rolle.IFK]
    plan = kooperationsplan_anlegen(
        acting_user=ifk,
        leistungsberechtigter=welt.eigener_fall,
        begonnen_am=D(2026, 12, 21),
        potenzialanalyse=pa,
    )
    # The deadline is met by a draft with a goal and a step, not by the empty plan.
    version = plan.versionen.get()
    version = planversion_speichern(
        acting_user=ifk,
        version=version,
        sperrversion=version.sperrversion,
        ziel="Ich will als Köchin arbeiten.",
        kontakt="",
    )
    assert entwurfsfrist().status == "offen"
    planeintrag_speichern(
        acting_user=ifk,
        version=version,
        sperrversion=version.sperrversion,
        teil="weg",
        text="Ich suche mir einen Deutsch-Kurs.",
    )
    potenzialanalyse_abschluss_korrigieren(
        acting_user=welt.users[Rolle.IFK], potenzialanalyse=pa, abgeschlossen_am=D(2026, 12, 11)
    )
    assert entwurfsfrist().status == "erledigt"
    assert entwurfsfrist().faellig_am == D(2027, 1, 5)


def test_korrektur_nur_durch_die_zustaendige_ifk_und_nicht_vor_den_beginn(welt):
    pa = abgeschlossen(welt)
    with pytest.raises(KeinZugriff):
        potenzialanalyse_abschluss_korrigieren(
            acting_user=welt.users[Rolle.TEAMLEITUNG],
            potenzialanalyse=pa,
            abgeschlossen_am=D(2026, 12, 11),
        )
    with pytest.raises(Fachfehler) as fehler:
        potenzialanalyse_abschluss_korrigieren(
            acting_user=welt.users[Rolle.IFK], potenzialanalyse=pa, abgeschlossen_am=D(2026, 11, 1)
        )
    assert "abgeschlossen_am" in fehler.value.message_dict
    assert entwurfsfrist().faellig_am == D(2027, 1, 5)
