"""The dashboard's figures with small counts suppressed
(``kooperation.kleinzahlen``): applied once to the computed figures, so the
page, the CSV, the PDF and the charts all show the same marks."""

from __future__ import annotations

from kooperation.kleinzahlen import FOLGE, KLEIN, einzeln, ist_gesperrt, ist_klein, sperren

from .fristen import ARTEN


def _puenktlichkeit(teil: dict) -> dict:
    """One of draft/agreement: groups are the total, each team and each
    month; the total is the sum of the teams and of the months. The late
    ones are never shown but follow from count minus punctual."""
    gruppen = [("gesamt",)] + [("team", t) for t in teil["team"]]
    gruppen += [("monat", m) for m, _ in teil["monat"]]
    roh = {("gesamt",): teil["gesamt"], **{("team", t): k for t, k in teil["team"].items()}}
    roh |= {("monat", m): k for m, k in teil["monat"]}
    werte, summen = {}, []
    for g in gruppen:
        k = roh[g]
        werte[("anzahl", g)] = k["anzahl"]
        werte[("frist", g)] = k["fristgerecht"]
        werte[("spaet", g)] = k["anzahl"] - k["fristgerecht"]
        summen.append((("anzahl", g), [("frist", g), ("spaet", g)]))
    for art in ("anzahl", "frist", "spaet"):
        for achse in ("team", "monat"):
            teile = [(art, g) for g in gruppen if g[0] == achse]
            if teile:
                summen.append(((art, ("gesamt",)), teile))
    verborgen = [("spaet", g) for g in gruppen]
    gezeigt = sperren(werte, summen, verborgen)

    def geschuetzt(g) -> dict:
        k = dict(roh[g])
        k["anzahl"], k["fristgerecht"] = gezeigt[("anzahl", g)], gezeigt[("frist", g)]
        if ist_gesperrt(k["fristgerecht"]) or ist_gesperrt(k["anzahl"]):
            k["anteil"] = FOLGE  # share × count would give the suppressed count back
        if ist_klein(roh[g]["anzahl"]):
            # Median and percentile of fewer than five people are their own days.
            k["anteil"] = k["median"] = k["p90"] = KLEIN
        return k

    return {
        "gesamt": geschuetzt(("gesamt",)),
        "team": {t: geschuetzt(("team", t)) for t in teil["team"]},
        "monat": [(m, geschuetzt(("monat", m))) for m, _ in teil["monat"]],
    }


def _abdeckung(d: dict) -> dict:
    werte = {
        "personen": d["personen"],
        "vereinbart": d["vereinbart"],
        "ueberpruefung": d["ueberpruefung"],
        "nichteinigung": d["nichteinigung"],
        "kein_plan_gesamt": d["kein_plan_gesamt"],
        **{("ohne", label): n for label, n in d["noch_ohne_plan"]},
        **{("grund", wert): n for wert, _, n in d["kein_plan"]},
    }
    teile = ["vereinbart", "ueberpruefung", "nichteinigung", "kein_plan_gesamt"]
    teile += [("ohne", label) for label, _ in d["noch_ohne_plan"]]
    gruende = [("grund", wert) for wert, _, _ in d["kein_plan"]]
    gezeigt = sperren(werte, [("personen", teile), ("kein_plan_gesamt", gruende)])
    return {
        **d,
        **{k: gezeigt[k] for k in ("personen", "vereinbart", "ueberpruefung", "nichteinigung")},
        "kein_plan_gesamt": gezeigt["kein_plan_gesamt"],
        "noch_ohne_plan": [(label, gezeigt[("ohne", label)]) for label, _ in d["noch_ohne_plan"]],
        "kein_plan": [(w, label, gezeigt[("grund", w)]) for w, label, _ in d["kein_plan"]],
        "schlichtung": einzeln(d["schlichtung"]),
    }


def _traeger(t: dict) -> dict:
    werte = {"offen": t["offen"], **{("alter", label): n for label, n in t["alter"]}}
    gezeigt = sperren(werte, [("offen", [("alter", label) for label, _ in t["alter"]])])
    return {
        **t,
        "offen": gezeigt["offen"],
        "ueberfaellig": einzeln(t["ueberfaellig"]),
        "alter": [(label, gezeigt[("alter", label)]) for label, _ in t["alter"]],
        "je_angebot": [
            (titel, {k: einzeln(n) for k, n in z.items()}) for titel, z in t["je_angebot"]
        ],
    }


def _lesbarkeit(lesbar: dict) -> dict:
    werte = {"anzahl": lesbar["anzahl"], **{("stufe", s): n for s, n in lesbar["verteilung"]}}
    gezeigt = sperren(werte, [("anzahl", [("stufe", s) for s, _ in lesbar["verteilung"]])])
    anteil = lesbar["anteil_im_ziel"]
    if anteil is not None:
        im_ziel = round(anteil * lesbar["anzahl"] / 100)
        if ist_klein(im_ziel) or ist_klein(lesbar["anzahl"] - im_ziel):
            anteil = FOLGE
    return {
        **lesbar,
        "anzahl": gezeigt["anzahl"],
        "verteilung": [(s, gezeigt[("stufe", s)]) for s, _ in lesbar["verteilung"]],
        "anteil_im_ziel": anteil,
    }


def _fristen(verlauf: list[dict]) -> list[dict]:
    """Per month, the due deadlines are the sum of the kept, the missed and
    the running ones."""
    werte, summen = {}, []
    for i, m in enumerate(verlauf):
        werte[("faellig", i)] = m["faellig"]
        werte |= {(art, i): m[art] for art in ARTEN}
        summen.append((("faellig", i), [(art, i) for art in ARTEN]))
    gezeigt = sperren(werte, summen)
    return [
        {"monat": m["monat"], **{k: gezeigt[(k, i)] for k in ("faellig", *ARTEN)}}
        for i, m in enumerate(verlauf)
    ]


def kleine_zahlen_sperren(zahlen: dict) -> dict:
    p = zahlen["puenktlichkeit"]
    return {
        "puenktlichkeit": {
            **p,
            "entwurf": _puenktlichkeit(p["entwurf"]),
            "vereinbarung": _puenktlichkeit(p["vereinbarung"]),
            "entwuerfe_ueberfaellig": einzeln(p["entwuerfe_ueberfaellig"]),
            "ueberpruefungen_ueberfaellig": einzeln(p["ueberpruefungen_ueberfaellig"]),
        },
        "abdeckung": _abdeckung(zahlen["abdeckung"]),
        "traeger": _traeger(zahlen["traeger"]),
        "lesbarkeit": _lesbarkeit(zahlen["lesbarkeit"]),
        "fristen": _fristen(zahlen["fristen"]),
    }
