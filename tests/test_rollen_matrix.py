"""Every page, every API path and every Django admin URL, for every role,
users of a second Jobcenter (an IFK and its Administration), an operator
(superuser) and nobody signed in: the status each gets for a GET, against
``TABELLE``. The table is the access policy as a user meets it: a Träger
reads no case page, a Fachverfahren no partner page, the other Jobcenter's
IFK finds nothing (404), nobody signed in is sent to the login (302) or
refused (401/403); in the admin the Administration edits configuration and
accounts of its own Jobcenter, no personal data, and the operator none
either.

Writes: every URL is also tried with POST, PUT, PATCH and DELETE (the admin
only with POST, the one write it takes), with an empty body. ``SCHREIBEN``
names per URL and method the columns that get through to the form or
serializer (2xx/3xx, or 400 with field errors); every other column must be
refused (401/403/404/405, or sent to the login) and the refused request must
leave the database as it was. Nothing answers 5xx. Each request runs in a
savepoint that is rolled back, so one column's write cannot change what the
next one meets.

A new URL fails ``test_jede_url_steht_in_der_tabelle`` until it has a row
in both tables. To print the tables for the current code:
``ROLLEN_MATRIX_DRUCKEN=1``."""

import hashlib
import os
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from kooperation.access import Rolle
from partners.services import rahmenabstimmung_erteilen
from plans.services.termine import anhoerung_einleiten, ergebnis_festhalten
from tests.api_helfer import api_client
from tests.cases.factories import PotenzialanalyseFactory
from tests.kooperation.factories import benutzer
from tests.partners.factories import AngebotFactory, PartnerFactory
from tests.plans import termine_hilfen
from tests.plans.factories import in_abstimmung

# Columns: IFK, Teamleitung, Träger, Geschäftsführung, Administration,
# Fachverfahren, IFK of the other Jobcenter, Administration of the other
# Jobcenter, operator, nobody.
SPALTEN = ["ifk", "tl", "tr", "gf", "adm", "api", "fremd", "fadm", "su", "anon"]

# Routes with no GET of their own, or that belong to login/password flows
# (tested in tests/kooperation/test_zwei_faktor.py, test_passwort.py).
OHNE_ZEILE = {
    "",  # the start page sends each role to its own page
    "abmelden/",
    "passwort/setzen/<uidb64>/<token>/",
    "admin/login/",
    "admin/logout/",
    "api/v1/",
}

# Admin routes the table names with placeholders instead of regexes.
_ADMIN_GRUPPE = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _routen():
    def walk(muster, prefix=""):
        for m in muster:
            if isinstance(m, URLResolver):
                yield from walk(m.url_patterns, prefix + str(m.pattern))
            elif isinstance(m, URLPattern):
                route = prefix + str(m.pattern)
                if "format" in route or "\\.(?P" in route:
                    continue
                route = re.sub(r"\^|\$", "", route)
                if route.startswith("admin/"):
                    route = _ADMIN_GRUPPE.sub(r"<\1>", route)
                yield route

    return sorted(set(walk(get_resolver().url_patterns)))


# route                                                      ifk  tl  tr  gf adm api frm fad  su ano
TABELLE = """
abstimmungen/<int:pk>/bestaetigen/                           405 405 405 405 405 405 405 405 405 405
admin/                                                       302 302 302 302 200 302 302 200 200 302
admin/<app_label>/                                           302 302 302 302 200 302 302 200 200 302
admin/<url>                                                  302 302 302 302 404 302 302 404 404 302
admin/auth/group/                                            302 302 302 302 403 302 302 403 200 302
admin/auth/group/<path:object_id>/                           302 302 302 302 302 302 302 302 302 302
admin/auth/group/<path:object_id>/change/                    302 302 302 302 403 302 302 403 200 302
admin/auth/group/<path:object_id>/delete/                    302 302 302 302 403 302 302 403 200 302
admin/auth/group/<path:object_id>/history/                   302 302 302 302 403 302 302 403 200 302
admin/auth/group/add/                                        302 302 302 302 403 302 302 403 200 302
admin/autocomplete/                                          302 302 302 302 403 302 302 403 403 302
admin/cases/einwilligung/                                    302 302 302 302 403 302 302 403 200 302
admin/cases/einwilligung/<path:object_id>/                   302 302 302 302 302 302 302 302 302 302
admin/cases/einwilligung/<path:object_id>/change/            302 302 302 302 403 302 302 403 302 302
admin/cases/einwilligung/<path:object_id>/delete/            302 302 302 302 403 302 302 403 403 302
admin/cases/einwilligung/<path:object_id>/history/           302 302 302 302 302 302 302 302 302 302
admin/cases/einwilligung/add/                                302 302 302 302 403 302 302 403 403 302
admin/cases/gesetzlichervertreter/                           302 302 302 302 403 302 302 403 200 302
admin/cases/gesetzlichervertreter/<path:object_id>/          302 302 302 302 302 302 302 302 302 302
admin/cases/gesetzlichervertreter/<path:object_id>/change/   302 302 302 302 403 302 302 403 302 302
admin/cases/gesetzlichervertreter/<path:object_id>/delete/   302 302 302 302 403 302 302 403 403 302
admin/cases/gesetzlichervertreter/<path:object_id>/history/  302 302 302 302 302 302 302 302 302 302
admin/cases/gesetzlichervertreter/add/                       302 302 302 302 403 302 302 403 403 302
admin/cases/leistungsberechtigter/                           302 302 302 302 403 302 302 403 200 302
admin/cases/leistungsberechtigter/<path:object_id>/          302 302 302 302 302 302 302 302 302 302
admin/cases/leistungsberechtigter/<path:object_id>/change/   302 302 302 302 403 302 302 403 302 302
admin/cases/leistungsberechtigter/<path:object_id>/delete/   302 302 302 302 403 302 302 403 403 302
admin/cases/leistungsberechtigter/<path:object_id>/history/  302 302 302 302 302 302 302 302 302 302
admin/cases/leistungsberechtigter/add/                       302 302 302 302 403 302 302 403 403 302
admin/cases/potenzialanalyse/                                302 302 302 302 403 302 302 403 200 302
admin/cases/potenzialanalyse/<path:object_id>/               302 302 302 302 302 302 302 302 302 302
admin/cases/potenzialanalyse/<path:object_id>/change/        302 302 302 302 403 302 302 403 302 302
admin/cases/potenzialanalyse/<path:object_id>/delete/        302 302 302 302 403 302 302 403 403 302
admin/cases/potenzialanalyse/<path:object_id>/history/       302 302 302 302 302 302 302 302 302 302
admin/cases/potenzialanalyse/add/                            302 302 302 302 403 302 302 403 403 302
admin/django_celery_beat/clockedschedule/                    302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/clockedschedule/<path:object_id>/   302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/clockedschedule/<path:object_id>/change/ 302 302 302 302 403 302 302 403 302 302
admin/django_celery_beat/clockedschedule/<path:object_id>/delete/ 302 302 302 302 403 302 302 403 302 302
admin/django_celery_beat/clockedschedule/<path:object_id>/history/ 302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/clockedschedule/add/                302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/crontabschedule/                    302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/crontabschedule/<path:object_id>/   302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/crontabschedule/<path:object_id>/change/ 302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/crontabschedule/<path:object_id>/delete/ 302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/crontabschedule/<path:object_id>/history/ 302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/crontabschedule/add/                302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/intervalschedule/                   302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/intervalschedule/<path:object_id>/  302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/intervalschedule/<path:object_id>/change/ 302 302 302 302 403 302 302 403 302 302
admin/django_celery_beat/intervalschedule/<path:object_id>/delete/ 302 302 302 302 403 302 302 403 302 302
admin/django_celery_beat/intervalschedule/<path:object_id>/history/ 302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/intervalschedule/add/               302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/periodictask/                       302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/periodictask/<path:object_id>/      302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/periodictask/<path:object_id>/change/ 302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/periodictask/<path:object_id>/delete/ 302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/periodictask/<path:object_id>/history/ 302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/periodictask/add/                   302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/solarschedule/                      302 302 302 302 403 302 302 403 200 302
admin/django_celery_beat/solarschedule/<path:object_id>/     302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/solarschedule/<path:object_id>/change/ 302 302 302 302 403 302 302 403 302 302
admin/django_celery_beat/solarschedule/<path:object_id>/delete/ 302 302 302 302 403 302 302 403 302 302
admin/django_celery_beat/solarschedule/<path:object_id>/history/ 302 302 302 302 302 302 302 302 302 302
admin/django_celery_beat/solarschedule/add/                  302 302 302 302 403 302 302 403 200 302
admin/jsi18n/                                                302 302 302 302 200 302 302 200 200 302
admin/kooperation/apitoken/                                  302 302 302 302 200 302 302 200 200 302
admin/kooperation/apitoken/<path:object_id>/                 302 302 302 302 302 302 302 302 302 302
admin/kooperation/apitoken/<path:object_id>/change/          302 302 302 302 302 302 302 302 302 302
admin/kooperation/apitoken/<path:object_id>/delete/          302 302 302 302 403 302 302 403 403 302
admin/kooperation/apitoken/<path:object_id>/history/         302 302 302 302 302 302 302 302 302 302
admin/kooperation/apitoken/add/                              302 302 302 302 403 302 302 403 403 302
admin/kooperation/erinnerung/                                302 302 302 302 403 302 302 403 200 302
admin/kooperation/erinnerung/<path:object_id>/               302 302 302 302 302 302 302 302 302 302
admin/kooperation/erinnerung/<path:object_id>/change/        302 302 302 302 403 302 302 403 302 302
admin/kooperation/erinnerung/<path:object_id>/delete/        302 302 302 302 403 302 302 403 403 302
admin/kooperation/erinnerung/<path:object_id>/history/       302 302 302 302 302 302 302 302 302 302
admin/kooperation/erinnerung/add/                            302 302 302 302 403 302 302 403 403 302
admin/kooperation/jobcenter/                                 302 302 302 302 200 302 302 200 200 302
admin/kooperation/jobcenter/<path:object_id>/                302 302 302 302 302 302 302 302 302 302
admin/kooperation/jobcenter/<path:object_id>/change/         302 302 302 302 200 302 302 302 200 302
admin/kooperation/jobcenter/<path:object_id>/delete/         302 302 302 302 403 302 302 403 200 302
admin/kooperation/jobcenter/<path:object_id>/history/        302 302 302 302 200 302 302 302 200 302
admin/kooperation/jobcenter/add/                             302 302 302 302 200 302 302 200 200 302
admin/kooperation/rechtsstand/                               302 302 302 302 200 302 302 200 200 302
admin/kooperation/rechtsstand/<path:object_id>/              302 302 302 302 302 302 302 302 302 302
admin/kooperation/rechtsstand/<path:object_id>/change/       302 302 302 302 200 302 302 200 200 302
admin/kooperation/rechtsstand/<path:object_id>/delete/       302 302 302 302 403 302 302 403 403 302
admin/kooperation/rechtsstand/<path:object_id>/history/      302 302 302 302 200 302 302 200 200 302
admin/kooperation/rechtsstand/add/                           302 302 302 302 403 302 302 403 403 302
admin/kooperation/rollenantrag/                              302 302 302 302 200 302 302 200 200 302
admin/kooperation/rollenantrag/<path:object_id>/             302 302 302 302 302 302 302 302 302 302
admin/kooperation/rollenantrag/<path:object_id>/change/      302 302 302 302 302 302 302 302 302 302
admin/kooperation/rollenantrag/<path:object_id>/delete/      302 302 302 302 403 302 302 403 403 302
admin/kooperation/rollenantrag/<path:object_id>/history/     302 302 302 302 302 302 302 302 302 302
admin/kooperation/rollenantrag/add/                          302 302 302 302 200 302 302 200 200 302
admin/kooperation/team/                                      302 302 302 302 200 302 302 200 200 302
admin/kooperation/team/<path:object_id>/                     302 302 302 302 302 302 302 302 302 302
admin/kooperation/team/<path:object_id>/change/              302 302 302 302 200 302 302 302 200 302
admin/kooperation/team/<path:object_id>/delete/              302 302 302 302 403 302 302 403 200 302
admin/kooperation/team/<path:object_id>/history/             302 302 302 302 200 302 302 302 200 302
admin/kooperation/team/add/                                  302 302 302 302 200 302 302 200 200 302
admin/kooperation/user/                                      302 302 302 302 200 302 302 200 200 302
admin/kooperation/user/<id>/password/                        302 302 302 302 403 302 302 403 403 302
admin/kooperation/user/<path:object_id>/                     302 302 302 302 302 302 302 302 302 302
admin/kooperation/user/<path:object_id>/change/              302 302 302 302 200 302 302 302 200 302
admin/kooperation/user/<path:object_id>/delete/              302 302 302 302 403 302 302 403 200 302
admin/kooperation/user/<path:object_id>/history/             302 302 302 302 200 302 302 302 200 302
admin/kooperation/user/add/                                  302 302 302 302 200 302 302 200 200 302
admin/kooperation/wiedervorlage/                             302 302 302 302 403 302 302 403 200 302
admin/kooperation/wiedervorlage/<path:object_id>/            302 302 302 302 302 302 302 302 302 302
admin/kooperation/wiedervorlage/<path:object_id>/change/     302 302 302 302 403 302 302 403 302 302
admin/kooperation/wiedervorlage/<path:object_id>/delete/     302 302 302 302 403 302 302 403 403 302
admin/kooperation/wiedervorlage/<path:object_id>/history/    302 302 302 302 302 302 302 302 302 302
admin/kooperation/wiedervorlage/add/                         302 302 302 302 403 302 302 403 403 302
admin/partners/angebot/                                      302 302 302 302 200 302 302 200 200 302
admin/partners/angebot/<path:object_id>/                     302 302 302 302 302 302 302 302 302 302
admin/partners/angebot/<path:object_id>/change/              302 302 302 302 200 302 302 302 200 302
admin/partners/angebot/<path:object_id>/delete/              302 302 302 302 403 302 302 403 200 302
admin/partners/angebot/<path:object_id>/history/             302 302 302 302 200 302 302 302 200 302
admin/partners/angebot/add/                                  302 302 302 302 200 302 302 200 200 302
admin/partners/ansprechpartner/                              302 302 302 302 200 302 302 200 200 302
admin/partners/ansprechpartner/<path:object_id>/             302 302 302 302 302 302 302 302 302 302
admin/partners/ansprechpartner/<path:object_id>/change/      302 302 302 302 302 302 302 302 302 302
admin/partners/ansprechpartner/<path:object_id>/delete/      302 302 302 302 403 302 302 403 302 302
admin/partners/ansprechpartner/<path:object_id>/history/     302 302 302 302 302 302 302 302 302 302
admin/partners/ansprechpartner/add/                          302 302 302 302 200 302 302 200 200 302
admin/partners/kommunalertraeger/                            302 302 302 302 200 302 302 200 200 302
admin/partners/kommunalertraeger/<path:object_id>/           302 302 302 302 302 302 302 302 302 302
admin/partners/kommunalertraeger/<path:object_id>/change/    302 302 302 302 200 302 302 302 200 302
admin/partners/kommunalertraeger/<path:object_id>/delete/    302 302 302 302 403 302 302 403 200 302
admin/partners/kommunalertraeger/<path:object_id>/history/   302 302 302 302 200 302 302 302 200 302
admin/partners/kommunalertraeger/add/                        302 302 302 302 200 302 302 200 200 302
admin/partners/kooperationsvereinbarung/                     302 302 302 302 200 302 302 200 200 302
admin/partners/kooperationsvereinbarung/<path:object_id>/    302 302 302 302 302 302 302 302 302 302
admin/partners/kooperationsvereinbarung/<path:object_id>/change/ 302 302 302 302 302 302 302 302 302 302
admin/partners/kooperationsvereinbarung/<path:object_id>/delete/ 302 302 302 302 403 302 302 403 302 302
admin/partners/kooperationsvereinbarung/<path:object_id>/history/ 302 302 302 302 302 302 302 302 302 302
admin/partners/kooperationsvereinbarung/add/                 302 302 302 302 200 302 302 200 200 302
admin/partners/partner/                                      302 302 302 302 200 302 302 200 200 302
admin/partners/partner/<path:object_id>/                     302 302 302 302 302 302 302 302 302 302
admin/partners/partner/<path:object_id>/change/              302 302 302 302 200 302 302 302 200 302
admin/partners/partner/<path:object_id>/delete/              302 302 302 302 403 302 302 403 200 302
admin/partners/partner/<path:object_id>/history/             302 302 302 302 200 302 302 302 200 302
admin/partners/partner/add/                                  302 302 302 302 200 302 302 200 200 302
admin/password_change/                                       302 302 302 302 200 302 302 200 200 302
admin/password_change/done/                                  302 302 302 302 200 302 302 200 200 302
admin/plans/keinplanwiedervorlage/                           302 302 302 302 200 302 302 200 200 302
admin/plans/keinplanwiedervorlage/<path:object_id>/          302 302 302 302 302 302 302 302 302 302
admin/plans/keinplanwiedervorlage/<path:object_id>/change/   302 302 302 302 302 302 302 302 302 302
admin/plans/keinplanwiedervorlage/<path:object_id>/delete/   302 302 302 302 403 302 302 403 302 302
admin/plans/keinplanwiedervorlage/<path:object_id>/history/  302 302 302 302 302 302 302 302 302 302
admin/plans/keinplanwiedervorlage/add/                       302 302 302 302 200 302 302 200 200 302
admin/plans/kooperationsplan/                                302 302 302 302 403 302 302 403 200 302
admin/plans/kooperationsplan/<path:object_id>/               302 302 302 302 302 302 302 302 302 302
admin/plans/kooperationsplan/<path:object_id>/change/        302 302 302 302 403 302 302 403 302 302
admin/plans/kooperationsplan/<path:object_id>/delete/        302 302 302 302 403 302 302 403 403 302
admin/plans/kooperationsplan/<path:object_id>/history/       302 302 302 302 302 302 302 302 302 302
admin/plans/kooperationsplan/add/                            302 302 302 302 403 302 302 403 403 302
admin/plans/planversion/                                     302 302 302 302 403 302 302 403 200 302
admin/plans/planversion/<path:object_id>/                    302 302 302 302 302 302 302 302 302 302
admin/plans/planversion/<path:object_id>/change/             302 302 302 302 403 302 302 403 302 302
admin/plans/planversion/<path:object_id>/delete/             302 302 302 302 403 302 302 403 403 302
admin/plans/planversion/<path:object_id>/history/            302 302 302 302 302 302 302 302 302 302
admin/plans/planversion/add/                                 302 302 302 302 403 302 302 403 403 302
admin/plans/schlichtung/                                     302 302 302 302 403 302 302 403 200 302
admin/plans/schlichtung/<path:object_id>/                    302 302 302 302 302 302 302 302 302 302
admin/plans/schlichtung/<path:object_id>/change/             302 302 302 302 403 302 302 403 302 302
admin/plans/schlichtung/<path:object_id>/delete/             302 302 302 302 403 302 302 403 403 302
admin/plans/schlichtung/<path:object_id>/history/            302 302 302 302 302 302 302 302 302 302
admin/plans/schlichtung/add/                                 302 302 302 302 403 302 302 403 403 302
admin/plans/traegerabstimmung/                               302 302 302 302 403 302 302 403 200 302
admin/plans/traegerabstimmung/<path:object_id>/              302 302 302 302 302 302 302 302 302 302
admin/plans/traegerabstimmung/<path:object_id>/change/       302 302 302 302 403 302 302 403 302 302
admin/plans/traegerabstimmung/<path:object_id>/delete/       302 302 302 302 403 302 302 403 403 302
admin/plans/traegerabstimmung/<path:object_id>/history/      302 302 302 302 302 302 302 302 302 302
admin/plans/traegerabstimmung/add/                           302 302 302 302 403 302 302 403 403 302
admin/r/<path:content_type_id>/<path:object_id>/             302 302 302 302 404 302 302 404 404 302
angebot/<int:pk>/                                            200 200 403 200 200 403 404 404 403 302
anhoerungen/<int:pk>/                                        200 200 403 403 403 403 404 403 403 302
anhoerungen/<int:pk>/antwort/                                405 405 405 405 405 405 405 405 405 405
anhoerungen/<int:pk>/brief.pdf                               404 404 403 403 403 403 404 403 403 302
anhoerungen/<int:pk>/brief/                                  200 200 403 403 403 403 404 403 403 302
anhoerungen/<int:pk>/feststellung/                           405 405 405 405 405 405 405 405 405 405
anhoerungen/<int:pk>/persoenlich/                            405 405 405 405 405 405 405 405 405 405
anmelden/                                                    302 302 302 302 302 302 302 302 302 200
anmelden/zweiter-faktor/                                     302 302 302 302 302 302 302 302 302 302
api/schema/                                                  200 200 200 200 200 200 200 200 200 401
api/schema/doku/                                             200 200 200 200 200 200 200 200 200 401
api/v1/abstimmungen/                                         200 200 200 403 403 200 200 403 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/                     200 200 200 403 403 200 404 403 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/aenderung-bestaetigen/ 405 405 405 403 403 405 405 403 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/entscheiden/         405 405 405 403 403 405 405 403 403 401
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/positionen/(?P<position_pk>[0-9]{1,18})/entscheiden/ 405 405 405 403 403 405 405 403 403 401
api/v1/angebote/                                             200 200 403 200 200 403 200 200 403 401
api/v1/angebote/(?P<pk>[0-9]{1,18})/                         200 200 403 200 200 403 404 404 403 401
api/v1/anhoerungen/                                          200 200 403 403 403 200 200 403 403 401
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/                      200 200 403 403 403 200 404 403 403 401
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/antwort/              405 405 403 403 403 405 405 403 403 401
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/feststellung/         405 405 403 403 403 405 405 403 403 401
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/persoenlich/          405 405 403 403 403 405 405 403 403 401
api/v1/bedarfsanalyse/                                       200 200 403 200 200 403 200 200 403 401
api/v1/einladungen/                                          200 200 403 403 403 200 200 403 403 401
api/v1/einladungen/(?P<pk>[0-9]{1,18})/                      200 200 403 403 403 200 404 403 403 401
api/v1/einladungen/(?P<pk>[0-9]{1,18})/anhoerung/            405 405 403 403 403 405 405 403 403 401
api/v1/einladungen/(?P<pk>[0-9]{1,18})/ergebnis/             405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/                                   200 200 403 403 403 200 200 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/               200 200 403 403 403 200 404 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/aufforderung/  405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/bescheide/(?P<bescheid_id>[0-9]{1,18})/pdf/ 404 404 403 403 403 404 404 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/fortschreiben/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/kein-plan-zuruecknehmen/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/kein-plan/     405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/pflichten-festsetzen/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/pflichtverletzung/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/schlichtung-beenden/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/schlichtung/   405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/ueberpruefung-festhalten/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/ueberpruefung/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/ 200 200 403 403 403 200 200 403 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/ 200 200 403 403 403 200 404 403 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/abstimmung-anfragen/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/pdf/ 404 404 403 403 403 404 404 403 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/vereinbaren/ 405 405 403 403 403 405 405 403 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<version_pk>[0-9]{1,18})/eintraege/ 200 200 403 403 403 200 200 403 403 401
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<version_pk>[0-9]{1,18})/eintraege/(?P<pk>[0-9]{1,18})/ 200 200 403 403 403 200 404 403 403 401
api/v1/leistungsberechtigte/                                 200 200 403 403 403 200 200 403 403 401
api/v1/leistungsberechtigte/(?P<pk>[0-9]{1,18})/             200 200 403 403 403 200 404 403 403 401
api/v1/partner/                                              200 200 403 200 200 403 200 200 403 401
api/v1/partner/(?P<pk>[0-9]{1,18})/                          200 200 403 200 200 403 404 404 403 401
api/v1/potenzialanalysen/                                    200 200 403 403 403 200 200 403 403 401
api/v1/potenzialanalysen/(?P<pk>[0-9]{1,18})/                200 200 403 403 403 200 404 403 403 401
api/v1/potenzialanalysen/(?P<pk>[0-9]{1,18})/abschliessen/   405 405 403 403 403 405 405 403 403 401
api/v1/wiedervorlagen/                                       200 200 200 200 200 200 200 200 403 401
api/v1/wiedervorlagen/(?P<pk>[0-9]{1,18})/                   200 200 404 404 404 404 404 404 403 401
bedarfsanalyse/                                              200 200 403 200 200 403 200 200 403 302
einladungen/<int:pk>/                                        200 200 403 403 403 403 404 403 403 302
einladungen/<int:pk>/anhoerung/                              405 405 405 405 405 405 405 405 405 405
einladungen/<int:pk>/brief.pdf                               404 404 403 403 403 403 404 403 403 302
einladungen/<int:pk>/brief/                                  200 200 403 403 403 403 404 403 403 302
einladungen/<int:pk>/ergebnis/                               405 405 405 405 405 405 405 405 405 405
einladungen/<int:pk>/termin.ics                              200 200 403 403 403 403 404 403 403 302
faelle/                                                      200 200 403 403 403 403 200 403 403 302
faelle/<int:pk>/                                             200 200 403 403 403 403 404 403 403 302
faelle/<int:pk>/auskunft/                                    200 403 403 403 403 403 404 403 403 302
faelle/<int:pk>/auskunft/ansicht/                            200 403 403 403 403 403 404 403 403 302
faelle/<int:pk>/bearbeiten/                                  200 403 403 403 403 403 404 403 403 302
faelle/<int:pk>/einladen/                                    200 403 403 403 403 403 404 403 403 302
faelle/<int:pk>/kein-plan/                                   200 403 403 403 403 403 404 403 403 302
faelle/<int:pk>/plan/                                        405 405 405 405 405 405 405 405 405 405
faelle/<int:pk>/potenzialanalyse/                            405 405 405 405 405 405 405 405 405 405
faelle/<int:pk>/vermerke/neu/                                200 403 403 403 403 403 404 403 403 302
faelle/<int:pk>/weitergabe/                                  200 200 403 403 403 403 404 403 403 302
faelle/neu/                                                  200 403 403 403 403 403 200 403 403 302
kennzahlen/                                                  403 200 403 200 403 403 403 403 403 302
kennzahlen/abstimmungen/                                     403 200 403 200 403 403 403 403 403 302
kennzahlen/bericht.pdf                                       403 200 403 200 403 403 403 403 403 302
kennzahlen/bericht/                                          403 200 403 200 403 403 403 403 403 302
kennzahlen/export.csv                                        403 200 403 200 403 403 403 403 403 302
kennzahlen/faelle/<slug:kennzahl>/                           403 403 403 403 403 403 403 403 403 302
konto/                                                       200 200 200 200 200 200 200 200 200 302
konto/passwort/                                              200 200 200 200 200 200 200 200 200 302
konto/sicherheitsschluessel/bestaetigen/abschliessen/         405 405 405 405 405 405 405 405 405 403
konto/sicherheitsschluessel/bestaetigen/beginnen/             405 405 405 405 405 405 405 405 405 403
konto/sicherheitsschluessel/jsi18n/                           200 200 200 200 200 200 200 200 200 200
konto/sicherheitsschluessel/registrieren/abschliessen/        405 405 405 405 405 405 405 405 405 403
konto/sicherheitsschluessel/registrieren/beginnen/            405 405 405 405 405 405 405 405 405 403
konto/zweiter-faktor/einrichten/                             302 302 302 302 302 302 302 302 302 302
nachrichten/                                                 404 404 404 404 404 404 404 404 404 302
partner/                                                     200 200 403 200 200 403 200 200 403 302
partner/<int:pk>/                                            200 200 403 200 200 403 404 404 403 302
passwort/gesetzt/                                            200 200 200 200 200 200 200 200 200 200
passwort/vergessen/                                          200 200 200 200 200 200 200 200 200 200
passwort/vergessen/gesendet/                                 200 200 200 200 200 200 200 200 200 200
plaene/<int:pk>/                                             200 200 403 403 403 403 404 403 403 302
plaene/<int:pk>/abstimmung-nachholen/                        302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/abstimmung/                                  302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/aufforderung/                                302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/festsetzen/                                  302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/fortschreiben/                               302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/kein-plan/                                   200 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/kein-plan/zuruecknehmen/                     302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/partnerplan/                                 200 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/pflichtverletzung/                           200 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/schlichtung/                                 302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/schlichtung/ende/                            302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/ueberpruefung/                               302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/ueberpruefung/festhalten/                    302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/vereinbaren/                                 302 403 403 403 403 403 404 403 403 302
plaene/<int:pk>/vergleich/                                   302 302 403 403 403 403 404 403 403 302
plaene/bescheide/<int:pk>/ansicht/                           404 404 404 404 404 404 404 404 404 302
plaene/bescheide/<int:pk>/bescheid.pdf                       404 404 404 404 404 404 404 404 404 302
plaene/versionen/<int:pk>/druckansicht/                      200 200 404 404 404 200 404 404 404 302
plaene/versionen/<int:pk>/entwurf.pdf                        200 200 404 404 404 200 404 404 404 302
plaene/versionen/<int:pk>/plan.pdf                           404 404 404 404 404 404 404 404 404 302
plaene/versionen/<int:pk>/pruefung/                          405 405 405 405 405 405 405 405 405 405
potenzialanalysen/<int:pk>/                                  200 200 403 403 403 403 404 403 403 302
schnittstelle/                                               403 403 403 403 403 200 403 403 403 302
team/                                                        403 200 403 403 403 403 403 403 403 302
team/auslastung/                                             403 200 403 403 403 403 403 403 403 302
team/termine/                                                403 200 403 403 403 403 403 403 403 302
team/zuweisen/                                               403 302 403 403 403 403 403 403 403 302
termine/                                                     200 403 403 403 403 403 200 403 403 302
traeger/                                                     403 403 200 403 403 403 403 403 403 302
traeger/anfragen/<int:pk>/                                   403 403 200 403 403 403 403 403 403 302
traeger/entschieden/                                         403 403 200 403 403 403 403 403 403 302
traeger/kontingente/                                         403 403 200 403 403 403 403 403 403 302
traeger/kontingente/<int:pk>/zurueckziehen/                  403 403 200 403 403 403 403 403 403 302
traeger/sammelzustimmung/                                    405 405 405 405 405 405 405 405 405 405
vereinbarungen/                                              200 200 403 200 200 403 200 200 403 302
vereinbarungen/<int:pk>/                                     404 404 403 404 404 403 404 404 403 302
vereinbarungen/treffen/<int:pk>/protokoll/                   405 405 405 405 405 405 405 405 405 405
versionen/<int:pk>/                                          200 200 403 403 403 403 404 403 403 302
versionen/<int:pk>/bearbeiten/                               200 302 403 403 403 403 404 403 403 302
versionen/<int:pk>/eintraege/                                405 405 405 405 405 405 405 405 405 405
versionen/<int:pk>/eintraege/<int:eintrag_pk>/               405 405 405 405 405 405 405 405 405 405
versionen/<int:pk>/eintraege/<int:eintrag_pk>/bearbeiten/    200 403 403 403 403 403 404 403 403 302
versionen/<int:pk>/eintraege/<int:eintrag_pk>/entfernen/     200 403 403 403 403 403 404 403 403 302
vertretung/                                                  200 200 403 403 403 403 200 403 403 302
vertretung/<int:pk>/beenden/                                 405 405 405 405 405 405 405 405 405 405
wiedervorlagen/<int:pk>/erledigt/                            405 405 405 405 405 405 405 405 405 405
wiedervorlagen/<int:pk>/verschieben/                         200 200 403 403 403 403 404 403 403 302
"""


def _tabelle() -> dict[str, list[str]]:
    zeilen = {}
    for zeile in TABELLE.strip().splitlines():
        route, *werte = zeile.split()
        zeilen[route] = werte
    return zeilen


def _termin_mit_anhoerung(welt):
    """A missed appointment of the IFK's own case with its hearing begun."""
    ifk = welt.users[Rolle.IFK]
    versaeumt = termine_hilfen.einladung(welt)
    versaeumt = ergebnis_festhalten(
        acting_user=ifk, einladung=versaeumt, ergebnis="nicht_erschienen", version=versaeumt.version
    )
    return versaeumt, anhoerung_einleiten(acting_user=ifk, einladung=versaeumt)


def _ids(welt):
    pa = PotenzialanalyseFactory(leistungsberechtigter=welt.eigener_fall)
    abstimmung = in_abstimmung(welt)
    version = abstimmung.version
    eintrag = version.eintraege.first()
    position = abstimmung.positionen.first()
    partner = PartnerFactory(jobcenter=welt.jc)
    angebot = AngebotFactory(jobcenter=welt.jc)
    wv = welt.jc.wiedervorlagen.first()
    rahmen = rahmenabstimmung_erteilen(
        acting_user=welt.users[Rolle.TRAEGER],
        angebot=AngebotFactory(
            jobcenter=welt.jc, partner=None, traeger=welt.traeger, leistung_16a="suchtberatung"
        ),
        tag=timezone.localdate(),
        kontingent=1,
    )
    einladung, anhoerung = _termin_mit_anhoerung(welt)
    return {
        "faelle/<int:pk>/": welt.eigener_fall.pk,
        "einladungen/<int:pk>/": einladung.pk,
        "anhoerungen/<int:pk>/": anhoerung.pk,
        "einladungen": einladung.pk,
        "anhoerungen": anhoerung.pk,
        "potenzialanalysen/<int:pk>/": pa.pk,
        # Longer prefixes first: the first one a route starts with gives its id.
        "plaene/versionen/<int:pk>/": version.pk,
        "plaene/<int:pk>/": version.plan_id,
        "versionen/<int:pk>/": version.pk,
        "traeger/anfragen/<int:pk>/": abstimmung.pk,
        "traeger/kontingente/<int:pk>/": rahmen.pk,
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


def _admin_ids(welt) -> dict:
    """For each model in the admin, an object of the first Jobcenter (the
    world makes its objects before the other Jobcenter's; 999999 where the
    world has none), keyed by the model's admin path."""
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Einwilligung, Leistungsberechtigter

    Einwilligung.objects.create(
        leistungsberechtigter=welt.eigener_fall,
        partner=PartnerFactory(jobcenter=welt.jc),
        zweck="ueberleitung",
        erteilt_am="2026-10-01",
    )
    ids = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        ids[f"admin/{model._meta.app_label}/{model._meta.model_name}/"] = obj.pk if obj else 999999
    ids["admin/kooperation/user/"] = welt.users[Rolle.IFK].pk
    ids["admin/kooperation/jobcenter/"] = welt.jc.pk
    ids["admin/cases/leistungsberechtigter/"] = welt.eigener_fall.pk
    ids["content_type_id"] = ContentType.objects.get_for_model(Leistungsberechtigter).pk
    return ids


def _admin_url(route: str, ids: dict) -> str:
    url = route.replace("<app_label>", "kooperation").replace("<url>", "gibt-es-nicht/")
    url = url.replace("<id>", str(ids["admin/kooperation/user/"]))
    if route.startswith("admin/r/"):
        url = url.replace("<path:content_type_id>", str(ids["content_type_id"]))
        url = url.replace("<path:object_id>", str(ids["admin/cases/leistungsberechtigter/"]))
    modell = "/".join(route.split("/")[:3]) + "/"
    url = url.replace("<path:object_id>", str(ids.get(modell, 999999)))
    return "/" + url


def _url(route: str, ids: dict) -> str:
    """The route with ids of the world's objects (ids nobody has: 999999)."""
    if route.startswith("admin/"):
        return _admin_url(route, ids)
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
        "fadm": benutzer(Rolle.ADMINISTRATION, welt.jc2, username="fremd-admin", is_staff=True),
        "su": betreiber,
    }
    seiten, api = {}, {}
    for spalte, user in nutzer.items():
        seiten[spalte] = Client()
        seiten[spalte].force_login(user)
        api[spalte] = api_client(user)
    seiten["anon"] = Client()
    api["anon"] = APIClient()
    return seiten, api


def _welt_ids(welt) -> dict:
    return {**_ids(welt), **_admin_ids(welt)}


# Who may enter the admin; none of them sees a person there.
_VERWALTUNG = ("adm", "fadm", "su")


def _messen(welt) -> tuple[dict[str, list[str]], list[str]]:
    """The GET status per route and column, and the admin pages on which a
    person's name showed."""
    ids = _welt_ids(welt)
    seiten, api = _clients(welt)
    namen = [f.nachname for f in (welt.eigener_fall, welt.team_fall, welt.fremder_fall)]
    ergebnis, funde = {}, []
    for route in _routen():
        if route in OHNE_ZEILE:
            continue
        url = _url(route, ids)
        clients = api if route.startswith("api/") else seiten
        ergebnis[route] = []
        for spalte in SPALTEN:
            antwort = clients[spalte].get(url)
            ergebnis[route].append(str(antwort.status_code))
            if route.startswith("admin/") and spalte in _VERWALTUNG:
                text = antwort.content.decode(errors="replace")
                funde += [f"{route} als {spalte}: {n}" for n in namen if n in text]
    return ergebnis, funde


def test_jede_url_steht_in_der_tabelle():
    fehlend = [r for r in _routen() if r not in OHNE_ZEILE and r not in _tabelle()]
    assert fehlend == []
    ohne_schreibzeile = [r for r in _routen() if r not in OHNE_ZEILE and r not in _schreiben()]
    assert ohne_schreibzeile == []


@pytest.mark.django_db
def test_jede_rolle_an_jeder_url(welt):
    gemessen, funde = _messen(welt)
    # The Administration and the operator see configuration, never a person.
    assert funde == []
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


# Per URL, the methods and the columns whose write reaches the form or
# serializer; "-" where nobody may write. Every other column is refused.
# route                                                      method:columns …
SCHREIBEN = """
abstimmungen/<int:pk>/bestaetigen/                           POST:ifk
admin/                                                       POST:adm,fadm,su
admin/<app_label>/                                           POST:adm,fadm,su
admin/<url>                                                  -
admin/auth/group/                                            POST:su
admin/auth/group/<path:object_id>/                           POST:adm,fadm,su
admin/auth/group/<path:object_id>/change/                    POST:su
admin/auth/group/<path:object_id>/delete/                    POST:su
admin/auth/group/<path:object_id>/history/                   POST:su
admin/auth/group/add/                                        POST:su
admin/autocomplete/                                          -
admin/cases/einwilligung/                                    POST:su
admin/cases/einwilligung/<path:object_id>/                   POST:adm,fadm,su
admin/cases/einwilligung/<path:object_id>/change/            -
admin/cases/einwilligung/<path:object_id>/delete/            -
admin/cases/einwilligung/<path:object_id>/history/           -
admin/cases/einwilligung/add/                                -
admin/cases/gesetzlichervertreter/                           POST:su
admin/cases/gesetzlichervertreter/<path:object_id>/          POST:adm,fadm,su
admin/cases/gesetzlichervertreter/<path:object_id>/change/   -
admin/cases/gesetzlichervertreter/<path:object_id>/delete/   -
admin/cases/gesetzlichervertreter/<path:object_id>/history/  -
admin/cases/gesetzlichervertreter/add/                       -
admin/cases/leistungsberechtigter/                           POST:su
admin/cases/leistungsberechtigter/<path:object_id>/          POST:adm,fadm,su
admin/cases/leistungsberechtigter/<path:object_id>/change/   -
admin/cases/leistungsberechtigter/<path:object_id>/delete/   -
admin/cases/leistungsberechtigter/<path:object_id>/history/  -
admin/cases/leistungsberechtigter/add/                       -
admin/cases/potenzialanalyse/                                POST:su
admin/cases/potenzialanalyse/<path:object_id>/               POST:adm,fadm,su
admin/cases/potenzialanalyse/<path:object_id>/change/        -
admin/cases/potenzialanalyse/<path:object_id>/delete/        -
admin/cases/potenzialanalyse/<path:object_id>/history/       -
admin/cases/potenzialanalyse/add/                            -
admin/django_celery_beat/clockedschedule/                    POST:su
admin/django_celery_beat/clockedschedule/<path:object_id>/   POST:adm,fadm,su
admin/django_celery_beat/clockedschedule/<path:object_id>/change/ -
admin/django_celery_beat/clockedschedule/<path:object_id>/delete/ -
admin/django_celery_beat/clockedschedule/<path:object_id>/history/ -
admin/django_celery_beat/clockedschedule/add/                POST:su
admin/django_celery_beat/crontabschedule/                    POST:su
admin/django_celery_beat/crontabschedule/<path:object_id>/   POST:adm,fadm,su
admin/django_celery_beat/crontabschedule/<path:object_id>/change/ POST:su
admin/django_celery_beat/crontabschedule/<path:object_id>/delete/ POST:su
admin/django_celery_beat/crontabschedule/<path:object_id>/history/ POST:su
admin/django_celery_beat/crontabschedule/add/                POST:su
admin/django_celery_beat/intervalschedule/                   POST:su
admin/django_celery_beat/intervalschedule/<path:object_id>/  POST:adm,fadm,su
admin/django_celery_beat/intervalschedule/<path:object_id>/change/ -
admin/django_celery_beat/intervalschedule/<path:object_id>/delete/ -
admin/django_celery_beat/intervalschedule/<path:object_id>/history/ -
admin/django_celery_beat/intervalschedule/add/               POST:su
admin/django_celery_beat/periodictask/                       POST:su
admin/django_celery_beat/periodictask/<path:object_id>/      POST:adm,fadm,su
admin/django_celery_beat/periodictask/<path:object_id>/change/ POST:su
admin/django_celery_beat/periodictask/<path:object_id>/delete/ POST:su
admin/django_celery_beat/periodictask/<path:object_id>/history/ POST:su
admin/django_celery_beat/periodictask/add/                   POST:su
admin/django_celery_beat/solarschedule/                      POST:su
admin/django_celery_beat/solarschedule/<path:object_id>/     POST:adm,fadm,su
admin/django_celery_beat/solarschedule/<path:object_id>/change/ -
admin/django_celery_beat/solarschedule/<path:object_id>/delete/ -
admin/django_celery_beat/solarschedule/<path:object_id>/history/ -
admin/django_celery_beat/solarschedule/add/                  POST:su
admin/jsi18n/                                                -
admin/kooperation/apitoken/                                  POST:adm,fadm,su
admin/kooperation/apitoken/<path:object_id>/                 POST:adm,fadm,su
admin/kooperation/apitoken/<path:object_id>/change/          -
admin/kooperation/apitoken/<path:object_id>/delete/          -
admin/kooperation/apitoken/<path:object_id>/history/         -
admin/kooperation/apitoken/add/                              -
admin/kooperation/erinnerung/                                POST:su
admin/kooperation/erinnerung/<path:object_id>/               POST:adm,fadm,su
admin/kooperation/erinnerung/<path:object_id>/change/        -
admin/kooperation/erinnerung/<path:object_id>/delete/        -
admin/kooperation/erinnerung/<path:object_id>/history/       -
admin/kooperation/erinnerung/add/                            -
admin/kooperation/jobcenter/                                 POST:adm,fadm,su
admin/kooperation/jobcenter/<path:object_id>/                POST:adm,fadm,su
admin/kooperation/jobcenter/<path:object_id>/change/         POST:adm,su
admin/kooperation/jobcenter/<path:object_id>/delete/         POST:su
admin/kooperation/jobcenter/<path:object_id>/history/        POST:adm,su
admin/kooperation/jobcenter/add/                             POST:adm,fadm,su
admin/kooperation/rechtsstand/                               POST:adm,fadm,su
admin/kooperation/rechtsstand/<path:object_id>/              POST:adm,fadm,su
admin/kooperation/rechtsstand/<path:object_id>/change/       -
admin/kooperation/rechtsstand/<path:object_id>/delete/       -
admin/kooperation/rechtsstand/<path:object_id>/history/      POST:adm,fadm,su
admin/kooperation/rechtsstand/add/                           -
admin/kooperation/rollenantrag/                              POST:adm,fadm,su
admin/kooperation/rollenantrag/<path:object_id>/             POST:adm,fadm,su
admin/kooperation/rollenantrag/<path:object_id>/change/      -
admin/kooperation/rollenantrag/<path:object_id>/delete/      -
admin/kooperation/rollenantrag/<path:object_id>/history/     -
admin/kooperation/rollenantrag/add/                          POST:adm,fadm,su
admin/kooperation/team/                                      POST:adm,fadm,su
admin/kooperation/team/<path:object_id>/                     POST:adm,fadm,su
admin/kooperation/team/<path:object_id>/change/              POST:adm,su
admin/kooperation/team/<path:object_id>/delete/              POST:su
admin/kooperation/team/<path:object_id>/history/             POST:adm,su
admin/kooperation/team/add/                                  POST:adm,fadm,su
admin/kooperation/user/                                      POST:adm,fadm,su
admin/kooperation/user/<id>/password/                        -
admin/kooperation/user/<path:object_id>/                     POST:adm,fadm,su
admin/kooperation/user/<path:object_id>/change/              POST:su
admin/kooperation/user/<path:object_id>/delete/              POST:su
admin/kooperation/user/<path:object_id>/history/             POST:adm,su
admin/kooperation/user/add/                                  POST:adm,fadm,su
admin/kooperation/wiedervorlage/                             POST:su
admin/kooperation/wiedervorlage/<path:object_id>/            POST:adm,fadm,su
admin/kooperation/wiedervorlage/<path:object_id>/change/     -
admin/kooperation/wiedervorlage/<path:object_id>/delete/     -
admin/kooperation/wiedervorlage/<path:object_id>/history/    -
admin/kooperation/wiedervorlage/add/                         -
admin/partners/angebot/                                      POST:adm,fadm,su
admin/partners/angebot/<path:object_id>/                     POST:adm,fadm,su
admin/partners/angebot/<path:object_id>/change/              POST:adm,su
admin/partners/angebot/<path:object_id>/delete/              POST:su
admin/partners/angebot/<path:object_id>/history/             POST:adm,su
admin/partners/angebot/add/                                  POST:adm,fadm,su
admin/partners/ansprechpartner/                              POST:adm,fadm,su
admin/partners/ansprechpartner/<path:object_id>/             POST:adm,fadm,su
admin/partners/ansprechpartner/<path:object_id>/change/      -
admin/partners/ansprechpartner/<path:object_id>/delete/      -
admin/partners/ansprechpartner/<path:object_id>/history/     -
admin/partners/ansprechpartner/add/                          POST:adm,fadm,su
admin/partners/kommunalertraeger/                            POST:adm,fadm,su
admin/partners/kommunalertraeger/<path:object_id>/           POST:adm,fadm,su
admin/partners/kommunalertraeger/<path:object_id>/change/    POST:adm,su
admin/partners/kommunalertraeger/<path:object_id>/delete/    POST:su
admin/partners/kommunalertraeger/<path:object_id>/history/   POST:adm,su
admin/partners/kommunalertraeger/add/                        POST:adm,fadm,su
admin/partners/kooperationsvereinbarung/                     POST:adm,fadm,su
admin/partners/kooperationsvereinbarung/<path:object_id>/    POST:adm,fadm,su
admin/partners/kooperationsvereinbarung/<path:object_id>/change/ -
admin/partners/kooperationsvereinbarung/<path:object_id>/delete/ -
admin/partners/kooperationsvereinbarung/<path:object_id>/history/ -
admin/partners/kooperationsvereinbarung/add/                 POST:adm,fadm,su
admin/partners/partner/                                      POST:adm,fadm,su
admin/partners/partner/<path:object_id>/                     POST:adm,fadm,su
admin/partners/partner/<path:object_id>/change/              POST:adm,su
admin/partners/partner/<path:object_id>/delete/              POST:su
admin/partners/partner/<path:object_id>/history/             POST:adm,su
admin/partners/partner/add/                                  POST:adm,fadm,su
admin/password_change/                                       POST:adm,fadm,su
admin/password_change/done/                                  -
admin/plans/keinplanwiedervorlage/                           POST:adm,fadm,su
admin/plans/keinplanwiedervorlage/<path:object_id>/          POST:adm,fadm,su
admin/plans/keinplanwiedervorlage/<path:object_id>/change/   -
admin/plans/keinplanwiedervorlage/<path:object_id>/delete/   -
admin/plans/keinplanwiedervorlage/<path:object_id>/history/  -
admin/plans/keinplanwiedervorlage/add/                       POST:adm,fadm,su
admin/plans/kooperationsplan/                                POST:su
admin/plans/kooperationsplan/<path:object_id>/               POST:adm,fadm,su
admin/plans/kooperationsplan/<path:object_id>/change/        -
admin/plans/kooperationsplan/<path:object_id>/delete/        -
admin/plans/kooperationsplan/<path:object_id>/history/       -
admin/plans/kooperationsplan/add/                            -
admin/plans/planversion/                                     POST:su
admin/plans/planversion/<path:object_id>/                    POST:adm,fadm,su
admin/plans/planversion/<path:object_id>/change/             -
admin/plans/planversion/<path:object_id>/delete/             -
admin/plans/planversion/<path:object_id>/history/            -
admin/plans/planversion/add/                                 -
admin/plans/schlichtung/                                     POST:su
admin/plans/schlichtung/<path:object_id>/                    POST:adm,fadm,su
admin/plans/schlichtung/<path:object_id>/change/             -
admin/plans/schlichtung/<path:object_id>/delete/             -
admin/plans/schlichtung/<path:object_id>/history/            -
admin/plans/schlichtung/add/                                 -
admin/plans/traegerabstimmung/                               POST:su
admin/plans/traegerabstimmung/<path:object_id>/              POST:adm,fadm,su
admin/plans/traegerabstimmung/<path:object_id>/change/       -
admin/plans/traegerabstimmung/<path:object_id>/delete/       -
admin/plans/traegerabstimmung/<path:object_id>/history/      -
admin/plans/traegerabstimmung/add/                           -
admin/r/<path:content_type_id>/<path:object_id>/             -
angebot/<int:pk>/                                            -
anhoerungen/<int:pk>/                                        -
anhoerungen/<int:pk>/antwort/                                POST:ifk
anhoerungen/<int:pk>/brief.pdf                               -
anhoerungen/<int:pk>/brief/                                  -
anhoerungen/<int:pk>/feststellung/                           POST:ifk
anhoerungen/<int:pk>/persoenlich/                            POST:ifk
anmelden/                                                    POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su,anon
anmelden/zweiter-faktor/                                     POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su
api/schema/                                                  -
api/schema/doku/                                             -
api/v1/abstimmungen/                                         -
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/                     -
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/aenderung-bestaetigen/ POST:ifk
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/entscheiden/         POST:tr
api/v1/abstimmungen/(?P<pk>[0-9]{1,18})/positionen/(?P<position_pk>[0-9]{1,18})/entscheiden/ POST:tr
api/v1/angebote/                                             -
api/v1/angebote/(?P<pk>[0-9]{1,18})/                         -
api/v1/anhoerungen/                                          -
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/                      -
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/antwort/              POST:ifk
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/feststellung/         POST:ifk
api/v1/anhoerungen/(?P<pk>[0-9]{1,18})/persoenlich/          POST:ifk
api/v1/bedarfsanalyse/                                       -
api/v1/einladungen/                                          POST:ifk,tl,api,fremd
api/v1/einladungen/(?P<pk>[0-9]{1,18})/                      -
api/v1/einladungen/(?P<pk>[0-9]{1,18})/anhoerung/            POST:ifk
api/v1/einladungen/(?P<pk>[0-9]{1,18})/ergebnis/             POST:ifk
api/v1/kooperationsplaene/                                   POST:ifk,tl,api,fremd
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/               -
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/aufforderung/  POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/bescheide/(?P<bescheid_id>[0-9]{1,18})/pdf/ -
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/fortschreiben/ POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/kein-plan-zuruecknehmen/ POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/kein-plan/     POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/pflichten-festsetzen/ POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/pflichtverletzung/ POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/schlichtung-beenden/ POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/schlichtung/   POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/ueberpruefung-festhalten/ POST:ifk
api/v1/kooperationsplaene/(?P<pk>[0-9]{1,18})/ueberpruefung/ POST:ifk
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/ -
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/ PATCH:ifk
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/abstimmung-anfragen/ POST:ifk
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/pdf/ -
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<pk>[0-9]{1,18})/vereinbaren/ POST:ifk
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<version_pk>[0-9]{1,18})/eintraege/ POST:ifk,tl,api
api/v1/kooperationsplaene/(?P<plan_pk>[0-9]{1,18})/versionen/(?P<version_pk>[0-9]{1,18})/eintraege/(?P<pk>[0-9]{1,18})/ PATCH:ifk DELETE:ifk
api/v1/leistungsberechtigte/                                 POST:ifk,tl,api,fremd
api/v1/leistungsberechtigte/(?P<pk>[0-9]{1,18})/             PATCH:ifk
api/v1/partner/                                              -
api/v1/partner/(?P<pk>[0-9]{1,18})/                          -
api/v1/potenzialanalysen/                                    POST:ifk,tl,api,fremd
api/v1/potenzialanalysen/(?P<pk>[0-9]{1,18})/                PATCH:ifk
api/v1/potenzialanalysen/(?P<pk>[0-9]{1,18})/abschliessen/   POST:ifk
api/v1/wiedervorlagen/                                       -
api/v1/wiedervorlagen/(?P<pk>[0-9]{1,18})/                   -
bedarfsanalyse/                                              -
einladungen/<int:pk>/                                        -
einladungen/<int:pk>/anhoerung/                              POST:ifk
einladungen/<int:pk>/brief.pdf                               -
einladungen/<int:pk>/brief/                                  -
einladungen/<int:pk>/ergebnis/                               POST:ifk
einladungen/<int:pk>/termin.ics                              -
faelle/                                                      -
faelle/<int:pk>/                                             -
faelle/<int:pk>/auskunft/                                    -
faelle/<int:pk>/auskunft/ansicht/                            -
faelle/<int:pk>/bearbeiten/                                  POST:ifk
faelle/<int:pk>/einladen/                                    POST:ifk
faelle/<int:pk>/kein-plan/                                   POST:ifk
faelle/<int:pk>/plan/                                        POST:ifk
faelle/<int:pk>/potenzialanalyse/                            POST:ifk
faelle/<int:pk>/vermerke/neu/                                POST:ifk
faelle/<int:pk>/weitergabe/                                  POST:ifk
faelle/neu/                                                  POST:ifk,fremd
kennzahlen/                                                  -
kennzahlen/abstimmungen/                                     -
kennzahlen/bericht.pdf                                       -
kennzahlen/bericht/                                          -
kennzahlen/export.csv                                        -
kennzahlen/faelle/<slug:kennzahl>/                           -
konto/                                                       POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su
konto/passwort/                                              POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su
konto/sicherheitsschluessel/bestaetigen/abschliessen/         POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su
konto/sicherheitsschluessel/bestaetigen/beginnen/             POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su
konto/sicherheitsschluessel/jsi18n/                           -
konto/sicherheitsschluessel/registrieren/abschliessen/        POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su
konto/sicherheitsschluessel/registrieren/beginnen/            POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su
konto/zweiter-faktor/einrichten/                             -
nachrichten/                                                 -
partner/                                                     -
partner/<int:pk>/                                            POST:adm
passwort/gesetzt/                                            -
passwort/vergessen/                                          POST:ifk,tl,tr,gf,adm,api,fremd,fadm,su,anon
passwort/vergessen/gesendet/                                 -
plaene/<int:pk>/                                             -
plaene/<int:pk>/abstimmung-nachholen/                        POST:ifk
plaene/<int:pk>/abstimmung/                                  POST:ifk
plaene/<int:pk>/aufforderung/                                POST:ifk
plaene/<int:pk>/festsetzen/                                  POST:ifk
plaene/<int:pk>/fortschreiben/                               POST:ifk
plaene/<int:pk>/kein-plan/                                   POST:ifk
plaene/<int:pk>/kein-plan/zuruecknehmen/                     POST:ifk
plaene/<int:pk>/partnerplan/                                 POST:ifk
plaene/<int:pk>/pflichtverletzung/                           POST:ifk
plaene/<int:pk>/schlichtung/                                 POST:ifk
plaene/<int:pk>/schlichtung/ende/                            POST:ifk
plaene/<int:pk>/ueberpruefung/                               POST:ifk
plaene/<int:pk>/ueberpruefung/festhalten/                    POST:ifk
plaene/<int:pk>/vereinbaren/                                 POST:ifk
plaene/<int:pk>/vergleich/                                   -
plaene/bescheide/<int:pk>/ansicht/                           -
plaene/bescheide/<int:pk>/bescheid.pdf                       -
plaene/versionen/<int:pk>/druckansicht/                      -
plaene/versionen/<int:pk>/entwurf.pdf                        -
plaene/versionen/<int:pk>/plan.pdf                           -
plaene/versionen/<int:pk>/pruefung/                          POST:ifk
potenzialanalysen/<int:pk>/                                  POST:ifk
schnittstelle/                                               -
team/                                                        -
team/auslastung/                                             -
team/termine/                                                -
team/zuweisen/                                               POST:tl
termine/                                                     -
traeger/                                                     -
traeger/anfragen/<int:pk>/                                   -
traeger/entschieden/                                         -
traeger/kontingente/                                         POST:tr
traeger/kontingente/<int:pk>/zurueckziehen/                  POST:tr
traeger/sammelzustimmung/                                    POST:tr
vereinbarungen/                                              -
vereinbarungen/<int:pk>/                                     -
vereinbarungen/treffen/<int:pk>/protokoll/                   -
versionen/<int:pk>/                                          -
versionen/<int:pk>/bearbeiten/                               POST:ifk,tl
versionen/<int:pk>/eintraege/                                POST:ifk,tl
versionen/<int:pk>/eintraege/<int:eintrag_pk>/               POST:ifk,tl
versionen/<int:pk>/eintraege/<int:eintrag_pk>/bearbeiten/    POST:ifk
versionen/<int:pk>/eintraege/<int:eintrag_pk>/entfernen/     POST:ifk
vertretung/                                                  POST:ifk,tl,fremd
vertretung/<int:pk>/beenden/                                 -
wiedervorlagen/<int:pk>/erledigt/                            POST:ifk,tl
wiedervorlagen/<int:pk>/verschieben/                         POST:ifk,tl
"""

METHODEN = ("POST", "PUT", "PATCH", "DELETE")
# Refused: not signed in, not allowed, not visible, not offered.
ABGELEHNT = {401, 403, 404, 405}
# Got through: done (2xx, 3xx) or refused by the form/serializer for the
# empty body (400 with field errors). 409/412/428: the optimistic lock asks
# for the version the client read (the write is allowed, the body lacks it).
ANGENOMMEN = {200, 201, 202, 204, 301, 302, 303, 400, 409, 412, 428}


def _schreiben() -> dict[str, dict[str, set[str]]]:
    zeilen = {}
    for zeile in SCHREIBEN.strip().splitlines():
        route, *rest = zeile.split()
        zeilen[route] = {}
        for teil in rest:
            if teil == "-":
                continue
            methode, spalten = teil.split(":")
            zeilen[route][methode] = set(spalten.split(","))
    return zeilen


# What a write could change: every table of the project's apps, the
# accounts and their second factors, the schedules. Not the audit trail
# (a refused request may be on record) nor sessions and login attempts, nor
# when a token was last used (a refused request did use it).
_UNBEOBACHTET = {"auditsiegel"}
_BUCHFUEHRUNG = {"zuletzt_benutzt", "last_login"}


def _beobachtete_modelle():
    labels = ("cases", "plans", "partners", "kooperation", "auth", "django_celery_beat")
    labels += ("otp_totp", "otp_static", "knox")
    modelle = []
    for label in labels:
        try:
            konfiguration = apps.get_app_config(label)
        except LookupError:
            continue
        modelle += [
            m for m in konfiguration.get_models() if m._meta.model_name not in _UNBEOBACHTET
        ]
    return modelle


def _stand(modelle) -> str:
    h = hashlib.sha256()
    for model in modelle:
        felder = [f.attname for f in model._meta.concrete_fields if f.attname not in _BUCHFUEHRUNG]
        for zeile in model._base_manager.order_by("pk").values_list(*felder):
            h.update(repr(zeile).encode())
    return h.hexdigest()


def _abgelehnt(antwort, spalte: str) -> bool:
    if antwort.status_code in ABGELEHNT:
        return True
    ziel = antwort.get("Location", "") if antwort.status_code == 302 else ""
    # Not signed in, or not allowed into the admin: sent to the login. The
    # admin sends an object the user cannot see back to its index.
    return ziel.startswith(("/anmelden/", "/admin/login/")) or ziel == "/admin/"


def _schreibend(client, methode: str, url: str, api: bool):
    if api:
        return client.generic(methode, url, "{}", content_type="application/json")
    if methode == "POST":
        return client.post(url, {})
    return client.generic(methode, url, "", content_type="application/x-www-form-urlencoded")


def _schreibversuche(welt):
    """Every URL with every write method for every column. A write that gets
    through is rolled back at once (its savepoint), so the next column meets
    the same world; the refused ones of a URL and method are kept until all
    columns have tried, then the database must be as before (one comparison
    per URL and method, not per column), and they are rolled back too.
    Yields (route, method, column, answer, problem or None)."""
    ids = _welt_ids(welt)
    seiten, api = _clients(welt)
    for c in (*seiten.values(), *api.values()):
        c.raise_request_exception = False
    modelle = _beobachtete_modelle()
    vorher = _stand(modelle)
    for route in _routen():
        if route in OHNE_ZEILE:
            continue
        url = _url(route, ids)
        ist_api = route.startswith("api/")
        methoden = ("POST",) if route.startswith("admin/") else METHODEN
        for methode in methoden:
            ergebnisse = []
            with transaction.atomic():
                pruefen = False
                for spalte in SPALTEN:
                    client = (api if ist_api else seiten)[spalte]
                    problem = None
                    sp = transaction.savepoint()
                    antwort = _schreibend(client, methode, url, ist_api)
                    abgelehnt = _abgelehnt(antwort, spalte)
                    if antwort.status_code >= 500:
                        problem = f"{antwort.status_code}"
                    elif abgelehnt:
                        # 405 and the login redirect come before any view code.
                        pruefen |= antwort.status_code != 405 and spalte != "anon"
                    elif antwort.status_code not in ANGENOMMEN:
                        problem = f"unerwartet {antwort.status_code}"
                    elif antwort.status_code == 400 and ist_api:
                        if not isinstance(antwort.json(), dict) or not antwort.json():
                            problem = "400 ohne Feldfehler"
                    if abgelehnt:
                        transaction.savepoint_commit(sp)
                    else:
                        transaction.savepoint_rollback(sp)
                    ergebnisse.append([route, methode, spalte, antwort, problem])
                if pruefen and _stand(modelle) != vorher:
                    for e in ergebnisse:
                        if _abgelehnt(e[3], e[2]):
                            e[4] = f"abgelehnt ({e[3].status_code}), aber geändert"
                transaction.set_rollback(True)
            yield from ergebnisse


@pytest.mark.django_db
def test_jede_rolle_schreibt_nur_wo_sie_darf(welt):
    erwartet = _schreiben()
    gemessen: dict[str, dict[str, set[str]]] = {}
    abweichungen = []
    for route, methode, spalte, antwort, problem in _schreibversuche(welt):
        wo = f"{methode} {route} als {spalte}"
        if problem:
            abweichungen.append(f"{wo}: {problem}")
        if not _abgelehnt(antwort, spalte) and antwort.status_code < 500:
            gemessen.setdefault(route, {}).setdefault(methode, set()).add(spalte)
        else:
            gemessen.setdefault(route, {})
    if os.environ.get("ROLLEN_MATRIX_DRUCKEN"):
        print()
        for route, je_methode in gemessen.items():
            teile = [
                f"{m}:{','.join(s for s in SPALTEN if s in spalten)}"
                for m, spalten in je_methode.items()
            ]
            print(route.ljust(60), " ".join(teile) or "-")
    for route, je_methode in gemessen.items():
        if je_methode != erwartet.get(route, {}):
            abweichungen.append(f"{route}: erwartet {erwartet.get(route)}, gemessen {je_methode}")
    assert abweichungen == [], "\n".join(abweichungen)
