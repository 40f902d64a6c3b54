"""A plan follows the Rechtsstand of the day it was started."""

import datetime

import pytest

from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from kooperation.models import Rechtsstand
from plans.services.entwurf import kooperationsplan_anlegen


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tag", "schluessel"),
    [
        (datetime.date(2023, 7, 1), "buergergeld-2023"),
        (datetime.date(2026, 6, 30), "buergergeld-2023"),
        (datetime.date(2026, 7, 1), "grundsicherung-2026"),
        (datetime.date(2030, 1, 1), "grundsicherung-2026"),
    ],
)
def test_rechtsstand_am_tag(tag, schluessel):
    assert Rechtsstand.objects.am(tag).schluessel == schluessel


@pytest.mark.django_db
def test_vor_dem_ersten_rechtsstand_gibt_es_keinen():
    with pytest.raises(Rechtsstand.DoesNotExist, match="30.06.2023"):
        Rechtsstand.objects.am(datetime.date(2023, 6, 30))


@pytest.mark.django_db
def test_die_regeln_unterscheiden_sich_wie_berichtet():
    alt = Rechtsstand.objects.get(schluessel="buergergeld-2023")
    neu = Rechtsstand.objects.get(schluessel="grundsicherung-2026")
    assert alt.schlichtung_vorgesehen
    assert alt.schlichtung_hoechstdauer_wochen == 4
    assert not alt.verwaltungsakt_bei_nichteinigung
    assert not neu.schlichtung_vorgesehen
    assert neu.verwaltungsakt_bei_nichteinigung
    assert alt.ueberpruefung_spaetestens_monate == neu.ueberpruefung_spaetestens_monate == 6


def test_plan_bekommt_den_rechtsstand_seines_beginns(welt):
    ifk = welt.users[Rolle.IFK]
    alt = kooperationsplan_anlegen(
        acting_user=ifk,
        leistungsberechtigter=welt.eigener_fall,
        begonnen_am=datetime.date(2026, 6, 30),
    )
    assert alt.rechtsstand.schluessel == "buergergeld-2023"
    neu = kooperationsplan_anlegen(
        acting_user=ifk,
        leistungsberechtigter=welt.eigener_fall,
        begonnen_am=datetime.date(2026, 7, 1),
    )
    assert neu.rechtsstand.schluessel == "grundsicherung-2026"


def test_plan_vor_jedem_rechtsstand_wird_mit_feldfehler_abgelehnt(welt):
    with pytest.raises(Fachfehler) as fehler:
        kooperationsplan_anlegen(
            acting_user=welt.users[Rolle.IFK],
            leistungsberechtigter=welt.eigener_fall,
            begonnen_am=datetime.date(2022, 1, 3),
        )
    assert "begonnen_am" in fehler.value.message_dict
