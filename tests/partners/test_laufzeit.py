"""Term, renewal and notice of the agreement forms of the seeds, with dates
checked by hand against § 188 Abs. 2 BGB (calendar months, counted back from
the day after the end)."""

import datetime

import pytest

from partners.laufzeit import fristen, fruehestes_ende, letzter_kuendigungstag
from partners.models import Kooperationsvereinbarung

D = datetime.date


def oberhausen(**kwargs) -> Kooperationsvereinbarung:
    """Seed 002: renews itself by a year unless cancelled half a year before."""
    daten = {
        "titel": "Kooperationserklärung",
        "beginn": D(2024, 1, 1),
        "laufzeitart": "verlaengernd",
        "ende": D(2024, 12, 31),
        "kuendigungsfrist_monate": 6,
        "verlaengerung_monate": 12,
    }
    return Kooperationsvereinbarung(**{**daten, **kwargs})


def loerrach(**kwargs) -> Kooperationsvereinbarung:
    """Seed 003: open-ended, six months' notice at any time (in force 1.6.2018)."""
    daten = {
        "titel": "Kooperationsvereinbarung",
        "beginn": D(2018, 6, 1),
        "laufzeitart": "unbefristet",
        "kuendigungsfrist_monate": 6,
    }
    return Kooperationsvereinbarung(**{**daten, **kwargs})


@pytest.mark.parametrize(
    ("ende", "erwartet"),
    [
        (D(2024, 12, 31), D(2024, 6, 30)),  # half a year before the end of the year
        (D(2025, 2, 28), D(2024, 8, 31)),  # not 28 August: the month runs to its end
        (D(2016, 5, 19), D(2015, 11, 19)),  # seed 002 signed on 20.05.2015
        (D(2025, 8, 31), D(2025, 2, 28)),  # no 29 February in 2025
    ],
)
def test_letzter_kuendigungstag_halbes_jahr_vor_ende(ende, erwartet):
    assert letzter_kuendigungstag(ende, 6) == erwartet


def test_verlaengernd_vor_der_kuendigungsfrist():
    f = fristen(oberhausen(), D(2024, 3, 1))
    assert f.laeuft_bis == D(2024, 12, 31)
    assert f.naechste_verlaengerung == D(2025, 1, 1)
    assert f.kuendigung_bis == D(2024, 6, 30)


def test_verlaengernd_am_letzten_kuendigungstag_noch_kuendbar():
    assert fristen(oberhausen(), D(2024, 6, 30)).kuendigung_bis == D(2024, 6, 30)


def test_verlaengernd_nach_der_frist_laeuft_ein_weiteres_jahr():
    """From 1 July the current year can no longer be stopped: notice now ends
    the agreement only at the end of the following year."""
    f = fristen(oberhausen(), D(2024, 7, 1))
    assert f.laeuft_bis == D(2024, 12, 31)
    assert f.naechste_verlaengerung == D(2025, 1, 1)
    assert f.kuendigung_bis == D(2025, 6, 30)
    assert fruehestes_ende(oberhausen(), D(2024, 7, 1)) == D(2025, 12, 31)


def test_verlaengernd_nach_zwei_verlaengerungen():
    f = fristen(oberhausen(), D(2026, 11, 25))
    assert f.laeuft_bis == D(2026, 12, 31)
    assert f.naechste_verlaengerung == D(2027, 1, 1)
    assert f.kuendigung_bis == D(2027, 6, 30)


def test_verlaengernd_laufzeit_ende_februar_driftet_nicht():
    v = oberhausen(beginn=D(2023, 3, 1), ende=D(2024, 2, 29))
    f = fristen(v, D(2025, 3, 1))
    assert f.laeuft_bis == D(2026, 2, 28)
    assert f.kuendigung_bis == D(2025, 8, 31)
    assert fristen(v, D(2027, 1, 1)).laeuft_bis == D(2027, 2, 28)


@pytest.mark.parametrize(
    ("zugang", "endet"),
    [(D(2024, 6, 30), D(2024, 12, 31)), (D(2024, 7, 1), D(2025, 12, 31))],
)
def test_verlaengernd_gekuendigt_endet_ohne_verlaengerung(zugang, endet):
    f = fristen(oberhausen(gekuendigt_am=zugang), D(2024, 8, 1))
    assert f.laeuft_bis == endet
    assert f.naechste_verlaengerung is None
    assert f.kuendigung_bis is None


def test_unbefristet_hat_weder_ende_noch_kuendigungstag():
    f = fristen(loerrach(), D(2026, 11, 25))
    assert (f.laeuft_bis, f.naechste_verlaengerung, f.kuendigung_bis) == (None, None, None)
    assert fruehestes_ende(loerrach(), D(2026, 11, 25)) == D(2027, 5, 25)


@pytest.mark.parametrize(
    ("zugang", "endet"),
    [(D(2026, 3, 15), D(2026, 9, 15)), (D(2026, 8, 31), D(2027, 2, 28))],
)
def test_unbefristet_gekuendigt_endet_sechs_monate_nach_zugang(zugang, endet):
    assert fristen(loerrach(gekuendigt_am=zugang), D(2026, 11, 25)).laeuft_bis == endet


def test_befristet_endet_am_ende():
    v = Kooperationsvereinbarung(
        titel="Projekt", beginn=D(2026, 1, 1), laufzeitart="befristet", ende=D(2026, 12, 31)
    )
    f = fristen(v, D(2026, 5, 1))
    assert f.laeuft_bis == D(2026, 12, 31)
    assert f.naechste_verlaengerung is None
