"""The Geschäftsführung dashboard (issue 8): page, CSV export, PDF report and
the audited drill-down. Aggregates only; names appear only in the drill-down,
and only for roles that may read those cases."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kooperation.audit import lesezugriff

from . import kennzahlen as kz
from .kennzahlen_pdf import KennzahlenBericht

DRILLDOWN_SEITE = 100


def _auswahl(request) -> kz.Auswahl:
    def zahl(name):
        wert = request.GET.get(name, "")
        return int(wert) if wert.isdigit() else None

    return kz.auswahl_fuer(
        user=request.user,
        team_id=zahl("team"),
        monate=zahl("monate"),
        heute=timezone.localdate(),
    )


def _filter_query(a: kz.Auswahl) -> str:
    teil = f"monate={a.monate}"
    if a.team is not None and not a.nur_eigenes_team:
        teil += f"&team={a.team.pk}"
    return teil


def _diagramme(a: kz.Auswahl, zahlen: dict) -> dict:
    """The charts' data for ``json_script``; the same numbers as the tables."""
    p = zahlen["puenktlichkeit"]
    monate = [m.strftime("%m/%Y") for m, _ in p["entwurf"]["monat"]]
    return {
        "trend": {
            "titel": f"Anteil der Entwürfe in {p['frist']} Arbeitstagen (Prozent)",
            "art": "line",
            "beschriftungen": monate,
            "reihen": [
                {
                    "name": "Entwurf fristgerecht (%)",
                    "werte": [k["anteil"] for _, k in p["entwurf"]["monat"]],
                },
            ],
        },
        "dauer": {
            "titel": "Median der Arbeitstage je Monat",
            "art": "bar",
            "beschriftungen": monate,
            "reihen": [
                {"name": "bis Entwurf", "werte": [k["median"] for _, k in p["entwurf"]["monat"]]},
                {
                    "name": "bis Vereinbarung",
                    "werte": [k["median"] for _, k in p["vereinbarung"]["monat"]],
                },
            ],
        },
        "lesbarkeit": {
            "titel": "Planversionen je Stufe der Wiener Sachtextformel",
            "art": "bar",
            "beschriftungen": [str(s) for s, _ in zahlen["lesbarkeit"]["verteilung"]],
            "reihen": [
                {
                    "name": "Planversionen",
                    "werte": [n for _, n in zahlen["lesbarkeit"]["verteilung"]],
                }
            ],
        },
    }


def _je_team(a: kz.Auswahl, zahlen: dict) -> list[tuple]:
    p = zahlen["puenktlichkeit"]
    leer = {"anzahl": 0, "fristgerecht": 0, "anteil": None, "median": None, "p90": None}
    return [
        (t.name, p["entwurf"]["team"].get(t.pk, leer), p["vereinbarung"]["team"].get(t.pk, leer))
        for t in a.teams
        if a.team is None or t.pk == a.team.pk
    ]


@require_GET
@login_required
def kennzahlen(request):
    a = _auswahl(request)
    zahlen = kz.kennzahlen(a)
    return render(
        request,
        "plans/kennzahlen.html",
        {
            "a": a,
            "zahlen": zahlen,
            "je_team": _je_team(a, zahlen),
            "diagramme": _diagramme(a, zahlen),
            "zeitraeume": kz.ZEITRAEUME,
            "filter_query": _filter_query(a),
            "drilldown": kz.darf_drilldown(request.user),
        },
    )


def zeilen_fuer_export(a: kz.Auswahl, zahlen: dict):
    """Every figure of the page as (Bereich, Kennzahl, Gruppe, Wert)."""
    p = zahlen["puenktlichkeit"]
    for art, titel in (("entwurf", "bis Entwurf"), ("vereinbarung", "bis Vereinbarung")):
        gruppen = [("Gesamt", p[art]["gesamt"])]
        gruppen += [(f"Monat {m:%m/%Y}", k) for m, k in p[art]["monat"]]
        gruppen += [
            (f"Team {name}", k)
            for name, e, v in _je_team(a, zahlen)
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


def _leer(wert):
    return "" if wert is None else wert


def _dateiname(a: kz.Auswahl, endung: str) -> str:
    team = f"-team-{a.team.pk}" if a.team else ""
    return f"kennzahlen-{a.heute:%Y-%m-%d}{team}-{a.monate}-monate.{endung}"


@require_GET
@login_required
def kennzahlen_csv(request):
    a = _auswahl(request)
    zahlen = kz.kennzahlen(a)
    antwort = HttpResponse(content_type="text/csv; charset=utf-8")
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(a, "csv")}"'
    antwort.write("\ufeff")  # so that spreadsheet programs read UTF-8
    schreiber = csv.writer(antwort, delimiter=";")
    schreiber.writerow(["Bereich", "Kennzahl", "Gruppe", "Wert"])
    schreiber.writerows(zeilen_fuer_export(a, zahlen))
    return antwort


@require_GET
@login_required
def kennzahlen_pdf(request):
    a = _auswahl(request)
    zahlen = kz.kennzahlen(a)
    pdf = KennzahlenBericht(
        {"a": a, "zahlen": zahlen, "je_team": _je_team(a, zahlen), "heute": a.heute}
    ).render()
    antwort = HttpResponse(pdf, content_type="application/pdf")
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(a, "pdf")}"'
    return antwort


@require_GET
@login_required
def kennzahl_faelle(request, kennzahl: str):
    """The cases behind one number, for roles that may read them; every case
    shown is recorded as a read in the audit trail."""
    a = _auswahl(request)
    if kennzahl not in kz.DRILLDOWNS:
        raise PermissionDenied
    faelle = list(kz.faelle_hinter(user=request.user, a=a, kennzahl=kennzahl)[:DRILLDOWN_SEITE])
    for person in faelle:
        lesezugriff(request.user, person, f"Kennzahlen: {kz.DRILLDOWNS[kennzahl]}")
    return render(
        request,
        "plans/kennzahl_faelle.html",
        {
            "a": a,
            "titel": kz.DRILLDOWNS[kennzahl],
            "faelle": faelle,
            "seite": DRILLDOWN_SEITE,
            "filter_query": _filter_query(a),
        },
    )
