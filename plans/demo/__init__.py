"""Demo and benchmark data, made apart from the application code.

- ``demo_anlegen`` (``manage.py seed_demo``): the demo Jobcenter "Rheinstadt"
  made through the same services as real work (``organisation``, ``faelle``);
- ``skala.skalierung_anlegen`` (``manage.py seed_scale``): large synthetic data
  for the benchmarks, written in bulk past the services on purpose.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone
from faker import Faker

from cases.models import Leistungsberechtigter
from kooperation.zeitplan_eingebettet import periodische_aufgaben_ausfuehren

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
    return Leistungsberechtigter.objects.filter(jobcenter=jc).count()
