"""The dashboard of the Geschäftsführung and the Teamleitung: page, CSV export,
PDF report and the audited drill-down. Aggregates only; names appear only in
the drill-down, and only for roles that may read those cases."""

from __future__ import annotations

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kooperation import access
from kooperation.audit import lesezugriff
from kooperation.errors import KeinZugriff
from kooperation.kleinzahlen import ERKLAERUNG
from kooperation.seiten import zugriff
from kooperation.tabellen import csv_antwort

from ..kennzahlen.abstimmungen import abstimmungen_je_angebot
from ..kennzahlen.auswahl import ZEITRAEUME, Auswahl, auswahl_fuer
from ..kennzahlen.bericht import KennzahlenBericht
from ..kennzahlen.diagramme import diagramme_fuer, mit_svg, wert
from ..kennzahlen.drilldown import DRILLDOWNS, darf_drilldown, faelle_hinter
from ..kennzahlen.export import je_team, zeilen_fuer_export
from ..kennzahlen.vorrat import kennzahlen_fuer

DRILLDOWN_SEITE = 100


def _auswahl(request) -> Auswahl:
    def zahl(name):
        wert = request.GET.get(name, "")
        return int(wert) if wert.isdigit() else None

    return auswahl_fuer(
        user=request.user,
        team_id=zahl("team"),
        monate=zahl("monate"),
        heute=timezone.localdate(),
    )


def _filter_query(a: Auswahl) -> str:
    teil = f"monate={a.monate}"
    if a.team is not None and not a.nur_eigenes_team:
        teil += f"&team={a.team.pk}"
    return teil


def _diagramme(a: Auswahl, zahlen: dict) -> dict:
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
                    "werte": [wert(k["anteil"]) for _, k in p["entwurf"]["monat"]],
                },
            ],
        },
        "dauer": {
            "titel": "Median der Arbeitstage je Monat",
            "art": "bar",
            "beschriftungen": monate,
            "reihen": [
                {
                    "name": "bis Entwurf",
                    "werte": [wert(k["median"]) for _, k in p["entwurf"]["monat"]],
                },
                {
                    "name": "bis Vereinbarung",
                    "werte": [wert(k["median"]) for _, k in p["vereinbarung"]["monat"]],
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
                    "werte": [wert(n) for _, n in zahlen["lesbarkeit"]["verteilung"]],
                }
            ],
        },
        **diagramme_fuer(zahlen),
    }


@require_GET
@login_required
def kennzahlen(request):
    a = _auswahl(request)
    k = kennzahlen_fuer(a)
    zahlen = k.zahlen
    diagramme = _diagramme(a, zahlen)
    return render(
        request,
        "plans/kennzahlen.html",
        {
            "a": a,
            "stand": k,
            "zahlen": zahlen,
            "je_team": je_team(a, zahlen),
            "diagramme": diagramme,
            # Drawn on the server as SVG: readable without script, same as in the PDF.
            "fristen": mit_svg(diagramme.pop("fristen")),
            "zeitraeume": ZEITRAEUME,
            "filter_query": _filter_query(a),
            "drilldown": darf_drilldown(request.user),
            "kleine_zahlen": ERKLAERUNG,
        },
    )


def _dateiname(a: Auswahl, endung: str) -> str:
    team = f"-team-{a.team.pk}" if a.team else ""
    return f"kennzahlen-{a.heute:%Y-%m-%d}{team}-{a.monate}-monate.{endung}"


@require_GET
@login_required
def kennzahlen_csv(request):
    a = _auswahl(request)
    k = kennzahlen_fuer(a)
    stand = ["Stand", "berechnet am", "", f"{timezone.localtime(k.berechnet_am):%d.%m.%Y %H:%M}"]
    return csv_antwort(
        _dateiname(a, "csv"),
        [["Bereich", "Kennzahl", "Gruppe", "Wert"], stand, *zeilen_fuer_export(a, k.zahlen)],
    )


def _bericht(a: Auswahl) -> KennzahlenBericht:
    """The report with the kept figures and the drawn charts; the PDF and its
    web page read the same."""
    k = kennzahlen_fuer(a)
    zahlen = k.zahlen
    return KennzahlenBericht(
        {
            "a": a,
            "stand": k,
            "zahlen": zahlen,
            "je_team": je_team(a, zahlen),
            "heute": a.heute,
            "kleine_zahlen": ERKLAERUNG,
            "diagramme": {name: mit_svg(d) for name, d in diagramme_fuer(zahlen).items()},
        }
    )


@require_GET
@login_required
def kennzahlen_pdf(request):
    a = _auswahl(request)
    pdf = _bericht(a).render()
    antwort = HttpResponse(pdf, content_type="application/pdf")
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(a, "pdf")}"'
    return antwort


@require_GET
@login_required
@csp_update({"style-src": [NONCE]})
def kennzahlen_bericht(request):
    """The report as an accessible web page: the PDF's own template and
    context, so it says exactly what the PDF says. Aggregates only, like the
    PDF: no personal data, so no read to record."""
    a = _auswahl(request)
    bericht = _bericht(a)
    kontext = {
        **bericht.context,
        "druckansicht": True,
        "csp_nonce": str(request.csp_nonce),
        "filter_query": _filter_query(a),
    }
    return render(request, bericht.template_name, kontext)


@require_GET
@login_required
def kennzahl_faelle(request, kennzahl: str):
    """The cases behind one number, for roles that may read them; every case
    shown is recorded as a read in the audit trail."""
    a = _auswahl(request)
    if kennzahl not in DRILLDOWNS:
        raise KeinZugriff()
    faelle = list(faelle_hinter(user=request.user, a=a, kennzahl=kennzahl)[:DRILLDOWN_SEITE])
    for person in faelle:
        lesezugriff(request.user, person, f"Kennzahlen: {DRILLDOWNS[kennzahl]}")
    return render(
        request,
        "plans/kennzahl_faelle.html",
        {
            "a": a,
            "titel": DRILLDOWNS[kennzahl],
            "faelle": faelle,
            "seite": DRILLDOWN_SEITE,
            "filter_query": _filter_query(a),
        },
    )


@require_GET
@login_required
@zugriff(access.darf_kennzahlen_sehen)
def abstimmung_statistik(request):
    """Per Angebot: requests, approvals, rejections and answer times."""
    return render(
        request,
        "plans/abstimmung_statistik.html",
        {
            "zeilen": abstimmungen_je_angebot(user=request.user),
            "heute": timezone.localdate(),
            "kleine_zahlen": ERKLAERUNG,
        },
    )
