"""Demo and benchmark data, made apart from the application code.

- ``demo_anlegen`` (``manage.py seed_demo``): the demo Jobcenter "Rheinstadt"
  made through the same services as real work (``organisation``, ``faelle``);
- ``skala.skalierung_anlegen`` (``manage.py seed_scale``): large synthetic data
  for the benchmarks, written in bulk past the services on purpose.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from faker import Faker

from cases.models import Leistungsberechtigter, Potenzialanalyse
from kooperation.models import Fristart, Wiedervorlage, WiedervorlageStatus
from kooperation.zeitplan_eingebettet import periodische_aufgaben_ausfuehren

from ..models import Kooperationsplan, TraegerAbstimmung
from .faelle import einzelfaelle_anlegen, fall_anlegen
from .lagen import PRAEFIX, lagen_anlegen
from .organisation import (
    Demo,
    alle_benutzer_anlegen,
    jobcenter_anlegen,
    kooperationen_pflegen,
    partner_anlegen,
    teams_anlegen,
    traeger_anlegen,
)
from .termine import termine_anlegen


def demo_anlegen(*, personen: int, zufall: int, passwort: str) -> int:
    """Make the demo Jobcenter with ``personen`` Leistungsberechtigte.
    Idempotent: a second run changes nothing that exists and only fills in
    what is missing. Returns the number of Leistungsberechtigte."""
    fake = Faker("de_DE")
    fake.seed_instance(zufall)
    demo = Demo(rng=random.Random(zufall), fake=fake, heute=timezone.localdate())
    with transaction.atomic():
        jc = jobcenter_anlegen(demo)
        teams = teams_anlegen(demo, jc)
        users = alle_benutzer_anlegen(demo, jc, teams, passwort)
        traeger = traeger_anlegen(demo, jc, users["traeger"])
        partner_anlegen(demo, jc, traeger)
        kooperationen_pflegen(demo, jc, users)
    # The dated cases of ``lagen`` come on top of the ``personen`` asked for.
    vorhanden = (
        Leistungsberechtigter.objects.filter(jobcenter=jc)
        .exclude(kundennummer__startswith=f"{jc.pk:03d}{PRAEFIX}")
        .count()
    )
    for i in range(vorhanden, personen):
        with transaction.atomic():
            fall_anlegen(demo, i, jc, teams, users)
    with transaction.atomic():
        einzelfaelle_anlegen(demo, jc, users)
        lagen_anlegen(demo, jc, users)
        termine_anlegen(demo, jc, users)
    # The periodic jobs once, as production's beat would have run them by
    # now: the demo shows reminders, escalations and their mails at once.
    periodische_aufgaben_ausfuehren(alle=True)
    with transaction.atomic():
        erledigte_fristen_datieren(jc)
    return Leistungsberechtigter.objects.filter(jobcenter=jc).count()


def erledigte_fristen_datieren(jc) -> None:
    """The demo records months of work in one run, so every deadline it
    closes is stamped with the moment of the run; the deadlines over time
    would show every past one as missed. Stamp the draft and the Träger's
    answer with the day they happened in the demo's story instead."""
    erledigt = Wiedervorlage.objects.filter(jobcenter=jc, status=WiedervorlageStatus.ERLEDIGT)
    entwuerfe = dict(
        Kooperationsplan.objects.filter(
            leistungsberechtigter__jobcenter=jc, entwurf_vorgelegt_am__isnull=False
        )
        .order_by("-begonnen_am")
        .values_list("potenzialanalyse_id", "entwurf_vorgelegt_am")
    )
    antworten = dict(
        TraegerAbstimmung.objects.filter(entschieden_am__isnull=False).values_list(
            "pk", "entschieden_am"
        )
    )
    for art, modell, tage in (
        (Fristart.PLANENTWURF, Potenzialanalyse, entwuerfe),
        (Fristart.ABSTIMMUNG, TraegerAbstimmung, antworten),
    ):
        zeilen = erledigt.filter(art=art, ursache_typ=ContentType.objects.get_for_model(modell))
        for wv in zeilen.filter(ursache_id__in=list(tage)):
            tag = tage[wv.ursache_id]
            if not isinstance(tag, datetime.datetime):
                tag = timezone.make_aware(datetime.datetime.combine(tag, datetime.time(11)))
            if tag < wv.erledigt_am:
                Wiedervorlage.objects.filter(pk=wv.pk).update(erledigt_am=tag)
