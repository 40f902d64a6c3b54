"""Suppression of small counts: the one function every figure goes through."""

from kooperation.kleinzahlen import FOLGE, KLEIN, sperren


def test_kleine_zahl_wird_gesperrt_null_bleibt():
    assert sperren({"a": 1, "b": 0, "c": 5}) == {"a": KLEIN, "b": 0, "c": 5}


def test_summe_verraet_die_gesperrte_zahl_nicht():
    # Without a second suppression, 12 - 6 - 5 would give the 1 back.
    werte = {"gesamt": 12, "a": 1, "b": 6, "c": 5}
    gezeigt = sperren(werte, [("gesamt", ["a", "b", "c"])])
    assert gezeigt["a"] == KLEIN
    assert gezeigt["c"] == FOLGE  # the smallest other part
    assert gezeigt["gesamt"] == 12
    assert gezeigt["b"] == 6


def test_ohne_anderen_teil_wird_die_summe_gesperrt():
    gezeigt = sperren({"gesamt": 1, "a": 1, "b": 0}, [("gesamt", ["a", "b"])])
    assert gezeigt == {"gesamt": KLEIN, "a": KLEIN, "b": 0}


def test_zwei_kleine_schuetzen_einander():
    gezeigt = sperren({"gesamt": 9, "a": 2, "b": 2, "c": 5}, [("gesamt", ["a", "b", "c"])])
    assert gezeigt == {"gesamt": 9, "a": KLEIN, "b": KLEIN, "c": 5}


def test_verborgene_kleine_zahl_wird_geschuetzt():
    # Count 10, punctual 7: the 3 late ones follow unless punctual is hidden.
    werte = {"anzahl": 10, "frist": 7, "spaet": 3}
    gezeigt = sperren(werte, [("anzahl", ["frist", "spaet"])], verborgen=["spaet"])
    assert gezeigt == {"anzahl": 10, "frist": FOLGE}


def test_folgesperre_wirkt_weiter_in_anderen_summen():
    # Region = a + b; total = a + b + c. a small -> b suppressed (region);
    # the total then has two unknowns already, nothing more needed.
    werte = {"gesamt": 20, "region": 8, "a": 2, "b": 6, "c": 12}
    summen = [("gesamt", ["a", "b", "c"]), ("region", ["a", "b"])]
    gezeigt = sperren(werte, summen)
    assert gezeigt["a"] == KLEIN
    assert gezeigt["b"] == FOLGE
    assert gezeigt["c"] == 12
