"""The dashboard's figures as rows, for the CSV export and the PDF report: the
same numbers as the page."""

from __future__ import annotations

from django.utils.dateformat import format as datum

from .auswahl import Auswahl
from .fristen import ARTEN

FRISTEN_SPALTEN = {
    "faellig": "fällig",
    "eingehalten": "eingehalten",
    "ueberschritten": "überschritten",
    "laeuft": "Frist läuft noch",
}


def je_team(a: Auswahl, zahlen: dict) -> list[tuple]:
    p = zahlen["puenktlichkeit"]
    leer = {"anzahl": 0, "fristgerecht": 0, "anteil": None, "median": None, "p90": None}
    return [
        (t.name, p["entwurf"]["team"].get(t.pk, leer), p["vereinbarung"]["team"].get(t.pk, leer))
        for t in a.teams
        if a.team is None or t.pk == a.team.pk
    ]


def zeilen_fuer_export(a: Auswahl, zahlen: dict):
    """Every figure of the page as (Bereich, Kennzahl, Gruppe, Wert)."""
    p = zahlen["puenktlichkeit"]
    for art, titel in (("entwurf", "bis Entwurf"), ("vereinbarung", "bis Vereinbarung")):
        gruppen = [("Gesamt", p[art]["gesamt"])]
        gruppen += [(f"Monat {m:%m/%Y}", k) for m, k in p[art]["monat"]]
        gruppen += [
            (f"Team {name}", k)
            for name, e, v in je_team(a, zahlen)
            for k in [e if art == "entwurf" else v]
        ]
        for gruppe, k in gruppen:
            yield ("Pünktlichkeit", f"Anzahl {titel}", gruppe, k["anzahl"])
            yield (
                "Pünktlichkeit",
                f"in {p['frist']} Arbeitstagen {titel}",
                gruppe,
                k["fristgerecht"],
            )
            yield ("Pünktlichkeit", f"Anteil (%) {titel}", gruppe, _leer(k["anteil"]))
            yield ("Pünktlichkeit", f"Median Arbeitstage {titel}", gruppe, _leer(k["median"]))
            yield ("Pünktlichkeit", f"90. Perzentil Arbeitstage {titel}", gruppe, _leer(k["p90"]))
    yield ("Pünktlichkeit", "Überfällige Planentwürfe heute", "Gesamt", p["entwuerfe_ueberfaellig"])
    yield (
        "Pünktlichkeit",
        "Überfällige Überprüfungen heute",
        "Gesamt",
        p["ueberpruefungen_ueberfaellig"],
    )
    d = zahlen["abdeckung"]
    yield ("Abdeckung", "Personen", "Gesamt", d["personen"])
    yield ("Abdeckung", "mit vereinbartem Plan", "Gesamt", d["vereinbart"])
    yield ("Abdeckung", "Plan in Überprüfung", "Gesamt", d["ueberpruefung"])
    yield ("Abdeckung", "keine Einigung", "Gesamt", d["nichteinigung"])
    yield ("Abdeckung", "in Schlichtung", "Gesamt", d["schlichtung"])
    for label, n in d["noch_ohne_plan"]:
        yield ("Abdeckung", "noch ohne Plan", label, n)
    for _, label, n in d["kein_plan"]:
        yield ("Abdeckung", "kein Plan (Rz. 20)", label, n)
    t = zahlen["traeger"]
    yield ("Träger-Abstimmung", "offene Anfragen", "Gesamt", t["offen"])
    yield ("Träger-Abstimmung", "offene Anfragen über der Frist", "Gesamt", t["ueberfaellig"])
    for label, n in t["alter"]:
        yield ("Träger-Abstimmung", "offene Anfragen nach Alter", label, n)
    for titel, z in t["je_angebot"]:
        yield ("Träger-Abstimmung", "zugestimmt", titel, z["zugestimmt"])
        yield ("Träger-Abstimmung", "abgelehnt", titel, z["abgelehnt"])
    for k in t["kapazitaet"]:
        yield ("Träger-Abstimmung", "Plätze", k["leistung"], k["plaetze"])
        yield ("Träger-Abstimmung", "freie Plätze", k["leistung"], k["frei"])
        yield ("Träger-Abstimmung", "Kontingent", k["leistung"], k["kontingent"])
        yield ("Träger-Abstimmung", "Kontingent frei", k["leistung"], k["kontingent_frei"])
    lesbar = zahlen["lesbarkeit"]
    yield ("Lesbarkeit", "Planversionen mit Wert", "Gesamt", lesbar["anzahl"])
    yield (
        "Lesbarkeit",
        f"Anteil (%) mit WSTF ≤ {lesbar['ziel']}",
        "Gesamt",
        _leer(lesbar["anteil_im_ziel"]),
    )
    for stufe, n in lesbar["verteilung"]:
        yield ("Lesbarkeit", "Planversionen je Stufe", f"WSTF {stufe}", n)
    for m in zahlen["fristen"]:
        for art in ("faellig", *ARTEN):
            yield (
                "Fristen",
                f"Wiedervorlagen {FRISTEN_SPALTEN[art]}",
                datum(m["monat"], "F Y"),
                m[art],
            )


def _leer(wert):
    return "" if wert is None else wert
