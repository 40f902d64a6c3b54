"""The draft deadline stored when a Potenzialanalyse is completed: 10
Arbeitstage, across weekends, the Land's public holidays and local closing
days. Expected dates are counted by hand on the calendar."""

import datetime

import pytest

from cases.services import potenzialanalyse_abschliessen, potenzialanalyse_beginnen
from kooperation.access import Rolle
from kooperation.arbeitstage import arbeitstage_nach, arbeitstage_zwischen
from kooperation.models import Fristart, Schliesstag, Wiedervorlage
from tests.cases.factories import LeistungsberechtigterFactory
from tests.kooperation.factories import JobcenterFactory, TeamFactory, benutzer

D = datetime.date


def abschliessen(bundesland: str, abgeschlossen_am: datetime.date, schliesstage=(), tage=10):
    jc = JobcenterFactory(bundesland=bundesland, entwurf_frist_arbeitstage=tage)
    for tag in schliesstage:
        Schliesstag.objects.create(jobcenter=jc, datum=tag)
    team = TeamFactory(jobcenter=jc)
    ifk = benutzer(Rolle.IFK, jc, team)
    person = LeistungsberechtigterFactory(team=team, zustaendig=ifk)
    pa = potenzialanalyse_beginnen(
        acting_user=ifk,
        leistungsberechtigter=person,
        begonnen_am=abgeschlossen_am - datetime.timedelta(days=3),
    )
    return potenzialanalyse_abschliessen(
        acting_user=ifk,
        potenzialanalyse=pa,
        abgeschlossen_am=abgeschlossen_am,
        reha_bedarf="nein",
        handlungsbedarfe={"sprache": "Deutsch auf A2"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bundesland", "abgeschlossen", "schliesstage", "erwartet"),
    [
        # Plain weekends: Friday + two working weeks.
        ("BW", D(2026, 2, 6), (), D(2026, 2, 20)),
        # Christmas and New Year: 25 Dec and 1 Jan are holidays, 24 and 31 Dec are not.
        ("BW", D(2026, 12, 18), (), D(2027, 1, 5)),
        # ... unless the Jobcenter closes on them; then 6 Jan (Heilige Drei Könige,
        # BW) counts as well ...
        ("BW", D(2026, 12, 18), (D(2026, 12, 24), D(2026, 12, 31)), D(2027, 1, 8)),
        # ... which Niedersachsen does not have.
        ("NI", D(2026, 12, 18), (D(2026, 12, 24), D(2026, 12, 31)), D(2027, 1, 7)),
        # Easter 2026: Karfreitag 3 April and Ostermontag 6 April.
        ("BW", D(2026, 3, 30), (), D(2026, 4, 15)),
        # Fronleichnam (4 June 2026) is a holiday in Baden-Württemberg ...
        ("BW", D(2026, 6, 1), (), D(2026, 6, 16)),
        # ... but not in Niedersachsen.
        ("NI", D(2026, 6, 1), (), D(2026, 6, 15)),
        # Reformationstag (Friday 31 October 2025) in Sachsen, not in BW.
        ("SN", D(2025, 10, 23), (), D(2025, 11, 7)),
        ("BW", D(2025, 10, 23), (), D(2025, 11, 6)),
    ],
)
def test_entwurf_frist_wird_beim_abschluss_gespeichert(
    bundesland, abgeschlossen, schliesstage, erwartet
):
    pa = abschliessen(bundesland, abgeschlossen, schliesstage)
    pa.refresh_from_db()
    assert pa.entwurf_frist == erwartet
    wv = Wiedervorlage.objects.get(art=Fristart.PLANENTWURF, ursache_id=pa.pk)
    assert wv.faellig_am == erwartet
    assert wv.status == "offen"
    assert (
        pa.leistungsberechtigter.__class__.objects.get(
            pk=pa.leistungsberechtigter_id
        ).naechste_frist
        == erwartet
    )


@pytest.mark.django_db
def test_frist_folgt_der_einstellung_des_jobcenters():
    # 5 Arbeitstage after Monday 30 March 2026: 31 Mar, 1, 2, (Easter) 7, 8 April.
    pa = abschliessen("BW", D(2026, 3, 30), tage=5)
    assert pa.entwurf_frist == D(2026, 4, 8)


def test_abschluss_am_wochenende_zaehlt_ab_montag():
    assert arbeitstage_nach(D(2026, 2, 7), 1, "BW") == D(2026, 2, 9)


def test_arbeitstage_zwischen_ist_die_umkehrung():
    start = D(2026, 12, 18)
    ziel = arbeitstage_nach(start, 10, "BW")
    assert arbeitstage_zwischen(start, ziel, "BW") == 10
    assert arbeitstage_zwischen(ziel, start, "BW") == 0


def test_null_arbeitstage_sind_kein_gueltiger_wert():
    with pytest.raises(ValueError, match="mindestens 1"):
        arbeitstage_nach(D(2026, 1, 5), 0, "BW")
