"""Every page and every API path, for every role, a user of a second
Jobcenter, an operator (superuser) and nobody signed in: the status each
gets for a GET, against the table below. The table is the access policy as
a user meets it: a Träger reads no case page, a Fachverfahren no partner
page, the other Jobcenter's IFK finds nothing (404), nobody signed in is
sent to the login (302) or refused (401/403).

A new URL fails ``test_jede_url_steht_in_der_tabelle`` until it has a row.
To print the table for the current code: ``ROLLEN_MATRIX_DRUCKEN=1``."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kooperation.access import Rolle
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory, PartnerFactory
from tests.plans.factories import in_abstimmung

# Columns: IFK, Teamleitung, Träger, Geschäftsführung, Administration,
# Fachverfahren, IFK of the other Jobcenter, operator, nobody.
SPALTEN = ["ifk", "tl", "tr", "gf", "adm", "api", "fremd", "su", "anon"]

# Routes with no GET of their own, or that belong to login/password flows
# (tested in tests/kooperation/test_zwei_faktor.py, test_passwort.py).
OHNE_ZEILE = {
    "",  # the start page sends each role to its own page
    "abmelden/",
    "passwort/setzen/<uidb64>/<token>/",
    "admin/login/",
    "api/v1/",
}


def _routen():
    def walk(muster, prefix=""):
        for m in muster:
            if isinstance(m, URLResolver):
                if str(m.pattern).startswith("admin/"):
                    continue
                yield from walk(m.url_patterns, prefix + str(m.pattern))
            elif isinstance(m, URLPattern):
                route = prefix + str(m.pattern)
                if "format" in route or "\\.(?P" in route:
                    continue
                yield re.sub(r"\^|\$", "", route)

    return sorted(set(walk(get_resolver().url_patterns)))


# route                                                      ifk  tl  tr  gf adm api frm  su ano
TABELLE = """
abstimmungen/<int:pk>/bestaetigen/                           405 405 405 405 405 405 405 405 405
angebot/<int:pk>/                                            200 200 403 200 200 403 404 403 302
anmelden/                                                    302 302 302 302 302 302 302 302 200
anmelden/zweiter-faktor/                                     302 302 302 302 302 302 302 302 302
api/schema/                                                  200 200 200 200 200 200 200 200 401
api/schema/doku/                                             200 200 200 200 200 200 200 200 401
api/v1/abstimmungen/                                         200 200 200 403 403 200 200 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/                     200 200 200 403 403 200 404 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/aenderung-bestaetigen/ 405 405 405 403 403 405 405 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/entscheiden/         405 405 405 403 403 405 405 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/positionen/(?P<position_pk>[0-9]{1,18})/entscheiden/ 405 405 405 403 403 405 405 403 401
api/v1/angebote/                                             200 200 403 200 200 403 200 403 401
api/v1/angebote/(?P<pk>[0-9]{1,18})/                         200 200 403 200 200 403 404 403 401
api/v1/bedarfsanalyse/                                       200 200 403 200 200 403 200 403 401
api/v1/kooperationsplaene/                                   200 200 403 403 403 200 200 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/               200 200 403 403 403 200 404 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/aufforderung/  405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/bescheide/(?P<bescheid_id>[0-9]{1,18})/pdf/ 404 404 403 403 403 404 404 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/fortschreiben/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/kein-plan/     405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/kein-plan-zuruecknehmen/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/pflichten-festsetzen/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/pflichtverletzung/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/schlichtung-beenden/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/schlichtung/   405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/ueberpruefung/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/ueberpruefung-festhalten/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/ 200 200 403 403 403 200 200 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/ 200 200 403 403 403 200 404 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/abstimmung-anfragen/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/pdf/ 404 404 403 403 403 404 404 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/vereinbaren/ 405 405 403 403 403 405 405 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<version_pk>[0-9]{1,18})/eintraege/ 200 200 403 403 403 200 200 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<version_pk>[0-9]{1,18})/eintraege/(?P<pk>[0-9]{1,18})/ 200 200 403 403 403 200 404 403 401
api/v1/leistungsberechtigte/                                 200 200 403 403 403 200 200 403 401
api/v1/leistungsberechtigte/(?P<pk>[0-9]{1,18})/             200 200 403 403 403 200 404 403 401
api/v1/partner/                                              200 200 403 200 200 403 200 403 401
api/v1/partner/(?P<pk>[0-9]{1,18})/                          200 200 403 200 200 403 404 403 401
api/v1/potenzialanalysen/                                    200 200 403 403 403 200 200 403 401
api/v1/potenzialanalysen/(?P<pk>[0-9]{1,18})/                200 200 403 403 403 200 404 403 401
api/v1/potenzialanalysen/(?P<pk>[0-9]{1,18})/abschliessen/   405 405 403 403 403 405 405 403 401
api/v1/wiedervorlagen/                                       200 200 200 200 200 200 200 403 401
api/v1/wiedervorlagen/(?P<pk>[0-9]{1,18})/                   200 200 404 404 404 404 404 403 401
bedarfsanalyse/                                              200 200 403 200 200 403 200 403 302
faelle/                                                      200 200 403 403 403 403 200 403 302
faelle/<int:pk>/                                             200 200 403 403 403 403 404 403 302
faelle/<int:pk>/auskunft/                                    200 403 403 403 403 403 404 403 302
faelle/<int:pk>/bearbeiten/                                  200 403 403 403 403 403 404 403 302
faelle/<int:pk>/kein-plan/                                   200 403 403 403 403 403 404 403 302
faelle/<int:pk>/plan/                                        405 405 405 405 405 405 405 405 405
faelle/<int:pk>/potenzialanalyse/                            405 405 405 405 405 405 405 405 405
faelle/<int:pk>/vermerke/neu/                                200 403 403 403 403 403 404 403 302
faelle/<int:pk>/weitergabe/                                  200 200 403 403 403 403 404 403 302
faelle/neu/                                                  200 403 403 403 403 403 200 403 302
kennzahlen/                                                  403 200 403 200 403 403 403 403 302
kennzahlen/abstimmungen/                                     403 200 403 200 403 403 403 403 302
kennzahlen/bericht.pdf                                       403 200 403 200 403 403 403 403 302
kennzahlen/export.csv                                        403 200 403 200 403 403 403 403 302
kennzahlen/faelle/<slug:kennzahl>/                           403 403 403 403 403 403 403 403 302
konto/                                                       200 200 200 200 200 200 200 200 302
konto/passwort/                                              200 200 200 200 200 200 200 200 302
konto/zweiter-faktor/einrichten/                             302 302 302 302 302 302 302 302 302
nachrichten/                                                 404 404 404 404 404 404 404 404 302
partner/                                                     200 200 403 200 200 403 200 403 302
partner/<int:pk>/                                            200 200 403 200 200 403 404 403 302
passwort/gesetzt/                                            200 200 200 200 200 200 200 200 200
passwort/vergessen/                                          200 200 200 200 200 200 200 200 200
passwort/vergessen/gesendet/                                 200 200 200 200 200 200 200 200 200
plaene/<int:pk>/                                             200 200 403 403 403 403 404 403 302
plaene/<int:pk>/abstimmung-nachholen/                        302 403 403 403 403 403 404 403 302
plaene/<int:pk>/abstimmung/                                  302 403 403 403 403 403 404 403 302
plaene/<int:pk>/aufforderung/                                302 403 403 403 403 403 404 403 302
plaene/<int:pk>/festsetzen/                                  302 403 403 403 403 403 404 403 302
plaene/<int:pk>/fortschreiben/                               302 403 403 403 403 403 404 403 302
plaene/<int:pk>/kein-plan/                                   200 403 403 403 403 403 404 403 302
plaene/<int:pk>/kein-plan/zuruecknehmen/                     302 403 403 403 403 403 404 403 302
plaene/<int:pk>/partnerplan/                                 200 403 403 403 403 403 404 403 302
plaene/<int:pk>/schlichtung/                                 302 403 403 403 403 403 404 403 302
plaene/<int:pk>/schlichtung/ende/                            302 403 403 403 403 403 404 403 302
plaene/<int:pk>/ueberpruefung/                               302 403 403 403 403 403 404 403 302
plaene/<int:pk>/ueberpruefung/festhalten/                    302 403 403 403 403 403 404 403 302
plaene/<int:pk>/vereinbaren/                                 302 403 403 403 403 403 404 403 302
plaene/<int:pk>/vergleich/                                   302 302 403 403 403 403 404 403 302
plaene/bescheide/<int:pk>/bescheid.pdf                       404 404 404 404 404 404 404 404 302
plaene/versionen/<int:pk>/druckansicht/                      200 200 404 404 404 200 404 404 302
plaene/versionen/<int:pk>/entwurf.pdf                        200 200 404 404 404 200 404 404 302
plaene/versionen/<int:pk>/plan.pdf                           404 404 404 404 404 404 404 404 302
plaene/versionen/<int:pk>/pruefung/                          405 405 405 405 405 405 405 405 405
potenzialanalysen/<int:pk>/                                  200 200 403 403 403 403 404 403 302
schnittstelle/                                               403 403 403 403 403 200 403 403 302
team/                                                        403 200 403 403 403 403 403 403 302
traeger/                                                     403 403 200 403 403 403 403 403 302
traeger/anfragen/<int:pk>/                                   403 403 200 403 403 403 403 403 302
traeger/kontingente/                                         403 403 200 403 403 403 403 403 302
traeger/sammelzustimmung/                                    405 405 405 405 405 405 405 405 405
vereinbarungen/                                              200 200 403 200 200 403 200 403 302
vereinbarungen/<int:pk>/                                     404 404 403 404 404 403 404 403 302
vereinbarungen/treffen/<int:pk>/protokoll/                   405 405 405 405 405 405 405 405 405
versionen/<int:pk>/                                          200 200 403 403 403 403 404 403 302
versionen/<int:pk>/bearbeiten/                               200 302 403 403 403 403 404 403 302
versionen/<int:pk>/eintraege/                                405 405 405 405 405 405 405 405 405
versionen/<int:pk>/eintraege/<int:eintrag_pk>/               405 405 405 405 405 405 405 405 405
versionen/<int:pk>/eintraege/<int:eintrag_pk>/bearbeiten/    200 403 403 403 403 403 404 403 302
versionen/<int:pk>/eintraege/<int:eintrag_pk>/entfernen/     200 403 403 403 403 403 404 403 302
wiedervorlagen/<int:pk>/erledigt/                            405 405 405 405 405 405 405 405 405
wiedervorlagen/<int:pk>/verschieben/                         200 200 403 403 403 403 404 403 302
"""


def _tabelle() -> dict[str, list[str]]:
    zeilen = {}
    for zeile in TABELLE.strip().splitlines():
        route, *werte = zeile.split()
        zeilen[route] = werte
    return zeilen


def _ids(welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    abstimmung = in_abstimmung(welt)
    version = abstimmung.version
    eintrag = version.eintraege.first()
    position = abstimmung.positionen.first()
    partner = PartnerFactory(jobcenter=welt.jc)
    angebot = AngebotFactory(jobcenter=welt.jc)
    wv = welt.jc.wiedervorlagen.first()
    return {
        "faelle/<int:pk>/": welt.eigener_fall.pk,
        "potenzialanalysen/<int:pk>/": pa.pk,
        # Longer prefixes first: the first one a route starts with gives its id.
        "plaene/versionen/<int:pk>/": version.pk,
        "plaene/<int:pk>/": version.plan_id,
        "versionen/<int:pk>/": version.pk,
        "traeger/anfragen/<int:pk>/": abstimmung.pk,
        "abstimmungen/<int:pk>/": abstimmung.pk,
        "partner/<int:pk>/": partner.pk,
        "angebot/<int:pk>/": angebot.pk,
        "wiedervorlagen/<int:pk>/": wv.pk if wv else 1,
        "eintrag_pk": eintrag.pk,
        "position_pk": position.pk,
        "kennzahl": "ueberfaellig",
        "wiedervorlagen": wv.pk if wv else 1,
        "potenzialanalysen": pa.pk,
        "leistungsberechtigte": welt.eigener_fall.pk,
        "kooperationsplaene": version.plan_id,
        "versionen": version.pk,
        "eintraege": eintrag.pk,
        "abstimmungen": abstimmung.pk,
        "partner": partner.pk,
        "angebote": angebot.pk,
        "plan_pk": version.plan_id,
        "version_pk": version.pk,
    }


def _url(route: str, ids: dict) -> str:
    """The route with ids of the world's objects (ids nobody has: 999999)."""
    if route.startswith("api/"):
        teile = route.split("/")
        aus = []
        for i, teil in enumerate(teile):
            m = re.fullmatch(r"\(\?P<(\w+)>[^)]*\)", teil)
            if m:
                name = m.group(1)
                wert = ids.get(name) if name != "pk" else ids.get(teile[i - 1], 999999)
                aus.append(str(wert or 999999))
            else:
                aus.append(teil)
        return "/" + "/".join(aus)
    url = route
    for praefix, wert in ids.items():
        if "<int:pk>" in praefix and route.startswith(praefix.split("<int:pk>")[0]):
            url = url.replace("<int:pk>", str(wert), 1)
    url = url.replace("<int:pk>", "999999")
    url = url.replace("<int:eintrag_pk>", str(ids["eintrag_pk"]))
    url = url.replace("<slug:kennzahl>", ids["kennzahl"])
    return "/" + url


def _clients(welt):
    betreiber = get_user_model().objects.create_superuser(
        username="betreiber", password="x-Betrieb-2026!", email="b@example.org"
    )
    nutzer = {
        "ifk": welt.users[Rolle.IFK],
        "tl": welt.users[Rolle.TEAMLEITUNG],
        "tr": welt.users[Rolle.TRAEGER],
        "gf": welt.users[Rolle.GESCHAEFTSFUEHRUNG],
        "adm": welt.users[Rolle.ADMINISTRATION],
        "api": welt.users[Rolle.API_CLIENT],
        "fremd": welt.fremde_ifk,
        "su": betreiber,
    }
    seiten, api = {}, {}
    for spalte, user in nutzer.items():
        seiten[spalte] = Client()
        seiten[spalte].force_login(user)
        api[spalte] = api_client(user)
    seiten["anon"] = Client()
    api["anon"] = api_client.__globals__["APIClient"]()
    return seiten, api


def _messen(welt) -> dict[str, list[str]]:
    ids = _ids(welt)
    seiten, api = _clients(welt)
    ergebnis = {}
    for route in _routen():
        if route in OHNE_ZEILE:
            continue
        url = _url(route, ids)
        clients = api if route.startswith("api/") else seiten
        ergebnis[route] = [str(clients[s].get(url).status_code) for s in SPALTEN]
    return ergebnis


def test_jede_url_steht_in_der_tabelle():
    fehlend = [r for r in _routen() if r not in OHNE_ZEILE and r not in _tabelle()]
    assert fehlend == []


@pytest.mark.django_db
def test_jede_rolle_an_jeder_url(welt):
    gemessen = _messen(welt)
    if os.environ.get("ROLLEN_MATRIX_DRUCKEN"):
        breite = max(map(len, gemessen))
        print()
        for route, werte in gemessen.items():
            print(route.ljust(breite), *(w.rjust(5) for w in werte))
    erwartet = _tabelle()
    abweichungen = [
        f"{route}: erwartet {' '.join(erwartet.get(route, []))}, gemessen {' '.join(werte)}"
        for route, werte in gemessen.items()
        if erwartet.get(route) != werte
    ]
    assert abweichungen == [], "\n".join(abweichungen)
