"""Charts of the dashboard: one data shape for the page (Chart.js reads it
from a JSON block) and the Trägerversammlung PDF (drawn here as SVG bars,
since WeasyPrint runs no script).

A suppressed figure ("< 5", "x") is never drawn as a number: it leaves a
gap, and the chart says which bars are missing and why. The table beside
each chart holds the same figures with their marks."""

from __future__ import annotations

from django.utils.dateformat import format as datum

from kooperation.kleinzahlen import MINDESTZAHL, ist_gesperrt

# Colours with enough contrast on white, told apart by the legend and the
# table as well, never by colour alone.
FARBEN = ["#004b76", "#c0392b", "#2e7d32"]

ABDECKUNG_TABELLE = "Wo die Leistungsberechtigten heute stehen"
ABSTIMMUNG_TABELLE = "Entscheidungen je Angebot (Anfragen im Zeitraum)"
FRISTEN_TABELLE = "Wiedervorlagen je Monat der Fälligkeit (letzte 12 Monate)"


def wert(zahl):
    """A suppressed figure leaves a gap in a chart."""
    return None if ist_gesperrt(zahl) else zahl


def _luecken(beschriftungen, reihen) -> list[str]:
    """ "Label (Reihe): Zeichen" for every suppressed figure."""
    mehrere = len(reihen) > 1
    return [
        f"{b} ({r['name']}): {z}" if mehrere else f"{b}: {z}"
        for r in reihen
        for b, z in zip(beschriftungen, r["roh"], strict=True)
        if ist_gesperrt(z)
    ]


def _diagramm(titel, tabelle, beschriftungen, reihen, *, quer=True) -> dict:
    luecken = _luecken(beschriftungen, reihen)
    hinweis = (
        "Ohne Balken, zum Schutz der Einzelnen (weniger als "
        f"{MINDESTZAHL} Personen oder gesperrt): " + "; ".join(luecken) + "."
        if luecken
        else ""
    )
    return {
        "titel": titel,
        "art": "bar",
        "quer": quer,
        "tabelle": tabelle,
        "beschreibung": (
            f"{'Balkendiagramm' if quer else 'Säulendiagramm'}: {titel}. "
            f"Die Zahlen stehen in der Tabelle „{tabelle}“ darunter."
        ),
        "hinweis": hinweis,
        "beschriftungen": list(beschriftungen),
        "reihen": [{"name": r["name"], "werte": [wert(z) for z in r["roh"]]} for r in reihen],
    }


def abdeckung_diagramm(d: dict) -> dict:
    zeilen = [
        ("mit vereinbartem Plan", d["vereinbart"]),
        ("Plan in Überprüfung", d["ueberpruefung"]),
        *((f"noch ohne Plan: {label}", n) for label, n in d["noch_ohne_plan"]),
        *((f"kein Plan: {label}", n) for _, label, n in d["kein_plan"]),
        ("keine Einigung", d["nichteinigung"]),
        ("in Schlichtung", d["schlichtung"]),
    ]
    return _diagramm(
        "Personen je Stand",
        ABDECKUNG_TABELLE,
        [b for b, _ in zeilen],
        [{"name": "Personen", "roh": [n for _, n in zeilen]}],
    )


def abstimmung_diagramm(t: dict) -> dict:
    titel = [name for name, _ in t["je_angebot"]]
    return _diagramm(
        "Entscheidungen des Trägers je Angebot",
        ABSTIMMUNG_TABELLE,
        titel,
        [
            {"name": "zugestimmt", "roh": [z["zugestimmt"] for _, z in t["je_angebot"]]},
            {"name": "abgelehnt", "roh": [z["abgelehnt"] for _, z in t["je_angebot"]]},
        ],
    )


def fristen_diagramm(verlauf: list[dict]) -> dict:
    """Due, kept and missed deadlines side by side per month, oldest first;
    the running ones stand in the table only (the current month has any)."""
    d = _diagramm(
        "Fristen je Monat: fällig, eingehalten, überschritten",
        FRISTEN_TABELLE,
        [datum(m["monat"], "F Y") for m in verlauf],
        [
            {"name": "fällig", "roh": [m["faellig"] for m in verlauf]},
            {"name": "eingehalten", "roh": [m["eingehalten"] for m in verlauf]},
            {"name": "überschritten", "roh": [m["ueberschritten"] for m in verlauf]},
        ],
        quer=False,
    )
    # Under a narrow column the full month does not fit: "Okt." over "2026".
    d["kurz"] = [(datum(m["monat"], "N"), m["monat"].year) for m in verlauf]
    # Kept green, missed red: the colours say it too (the legend says it first).
    d["farben"] = [FARBEN[0], FARBEN[2], FARBEN[1]]
    return d


def diagramme_fuer(zahlen: dict) -> dict:
    return {
        "abdeckung": abdeckung_diagramm(zahlen["abdeckung"]),
        "abstimmung": abstimmung_diagramm(zahlen["traeger"]),
        "fristen": fristen_diagramm(zahlen["fristen"]),
    }


# --- SVG for the PDF ---------------------------------------------------------

BREITE = 760
BESCHRIFTUNG = 420  # room for the labels on the left
ZAHL = 60  # room for the figure right of the longest bar
BALKEN = 18
ABSTAND = 6


def _z(x: float) -> str:
    """An SVG coordinate: always a decimal point (the templates localise
    numbers, and "12,5" is no length)."""
    return f"{x:.1f}"


def svg_balken(diagramm: dict) -> dict:
    """Geometry of a horizontal bar chart (``plans/pdf/_balken.svg``); every
    coordinate a string, ready for the template."""
    reihen = diagramm["reihen"]
    hoechster = max((w for r in reihen for w in r["werte"] if w), default=0) or 1
    flaeche = BREITE - BESCHRIFTUNG - ZAHL
    zeilenhoehe = len(reihen) * BALKEN + ABSTAND * 2
    legende = 22 if len(reihen) > 1 else 0
    zeilen = []
    for i, beschriftung in enumerate(diagramm["beschriftungen"]):
        y = legende + i * zeilenhoehe
        balken = []
        for j, r in enumerate(reihen):
            w = r["werte"][i]
            laenge = round(flaeche * (w or 0) / hoechster, 1)
            balken.append(
                {
                    "y": _z(y + ABSTAND + j * BALKEN),
                    "text_y": _z(y + ABSTAND + j * BALKEN + BALKEN - 3),
                    "laenge": _z(laenge),
                    "hoehe": BALKEN - 2,
                    "luecke": w is None,
                    "text_x": _z(BESCHRIFTUNG + laenge + 4),
                    "text": "nicht gezeichnet" if w is None else str(w),
                    "farbe": FARBEN[j % len(FARBEN)],
                }
            )
        zeilen.append(
            {"beschriftung": beschriftung, "text_y": _z(y + zeilenhoehe / 2 + 4), "balken": balken}
        )
    return {
        "breite": BREITE,
        "hoehe": legende + max(len(zeilen), 1) * zeilenhoehe,
        "x0": BESCHRIFTUNG,
        "textende": BESCHRIFTUNG - 6,
        "zeilen": zeilen,
        "legende": [
            {"name": r["name"], "farbe": FARBEN[j % len(FARBEN)], "x": BESCHRIFTUNG + j * 150}
            for j, r in enumerate(reihen)
        ]
        if legende
        else [],
    }


# Vertical columns for a series over time (months left to right).
SAEULEN_LINKS = 48  # room for the scale
SAEULEN_OBEN = 30  # the legend
SAEULEN_FLAECHE = 240
SAEULEN_UNTEN = 40  # two lines of month labels
STUFEN = 4  # grid lines of the scale


def _schritt(hoechster: int) -> int:
    """A round step for the scale, so that ``STUFEN`` steps reach the top."""
    roh = max(1, -(-hoechster // STUFEN))
    basis = 1
    while True:
        for f in (1, 2, 5):
            if basis * f >= roh:
                return basis * f
        basis *= 10


def svg_saeulen(diagramm: dict) -> dict:
    """Geometry of grouped vertical columns (``plans/pdf/_saeulen.svg``): one
    group per month, one column per series; a suppressed figure is a gap with
    a mark, never a column of zero."""
    reihen = diagramm["reihen"]
    farben = diagramm.get("farben", FARBEN)
    n = max(len(diagramm["beschriftungen"]), 1)
    hoechster = max((w for r in reihen for w in r["werte"] if w), default=0)
    schritt = _schritt(hoechster)
    oben = schritt * STUFEN
    gruppe = (BREITE - SAEULEN_LINKS) / n
    saeule = (gruppe - 8) / max(len(reihen), 1)
    boden = SAEULEN_OBEN + SAEULEN_FLAECHE

    def y(wert: float) -> float:
        return boden - SAEULEN_FLAECHE * wert / oben

    gruppen = []
    for i, (monat, jahr) in enumerate(diagramm["kurz"]):
        x0 = SAEULEN_LINKS + i * gruppe + 4
        saeulen = []
        for j, r in enumerate(reihen):
            w = r["werte"][i]
            x = x0 + j * saeule
            saeulen.append(
                {
                    "x": _z(x),
                    "y": _z(y(w or 0)),
                    "breite": _z(saeule - 1),
                    "hoehe": _z(boden - y(w or 0)),
                    "luecke": w is None,
                    "mitte": _z(x + saeule / 2),
                    "marke_y": _z(boden - 4),
                    "farbe": farben[j % len(farben)],
                }
            )
        gruppen.append(
            {
                "mitte": _z(x0 + (gruppe - 8) / 2),
                "monat": monat,
                "jahr": jahr,
                "saeulen": saeulen,
            }
        )
    return {
        "breite": BREITE,
        "hoehe": boden + SAEULEN_UNTEN,
        "links": SAEULEN_LINKS,
        "boden": boden,
        "monat_y": boden + 16,
        "jahr_y": boden + 32,
        "skala": [
            {"wert": schritt * k, "y": _z(y(schritt * k)), "text_y": _z(y(schritt * k) + 4)}
            for k in range(STUFEN + 1)
        ],
        "gruppen": gruppen,
        "legende": [
            {"name": r["name"], "farbe": farben[j % len(farben)], "x": SAEULEN_LINKS + j * 170}
            for j, r in enumerate(reihen)
        ],
    }


def mit_svg(diagramm: dict) -> dict:
    """The chart with its drawing: columns over time, bars otherwise."""
    return {**diagramm, "svg": svg_balken(diagramm) if diagramm["quer"] else svg_saeulen(diagramm)}
