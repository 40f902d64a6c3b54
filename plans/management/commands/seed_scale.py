"""Large data sets for benchmarks: ``seed_scale --people 100000 --plans 1000000``.

Rows are written with ``bulk_create`` in batches, bypassing the services and
the audit trail on purpose: this is synthetic load, not casework. Each run
adds a new Jobcenter ("Skalierung N"), so runs never collide."""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cases.models import Leistungsberechtigter, Phase, Potenzialanalyse
from kooperation.access import Rolle, rollen_gruppenname
from kooperation.models import Fristart, Jobcenter, Rechtsstand, Team, User, Wiedervorlage
from plans.models import Kooperationsplan, PlanStatus, PlanVersion

VORNAMEN = [
    "Anna",
    "Ben",
    "Clara",
    "Deniz",
    "Elif",
    "Finn",
    "Greta",
    "Hamza",
    "Ida",
    "Jonas",
    "Kübra",
    "Lukas",
    "Mila",
    "Noah",
    "Olga",
    "Paul",
    "Rana",
    "Sofia",
    "Tim",
    "Yusuf",
]
NACHNAMEN = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Yılmaz",
    "Kaya",
    "Nowak",
    "Kowalski",
    "Popescu",
    "Ivanova",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
]


class Command(BaseCommand):
    help = "Erzeugt große Testdaten für Messungen (ohne Protokoll, per bulk_create)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True)
        parser.add_argument(
            "--plans",
            type=int,
            default=None,
            help="Kooperationspläne insgesamt (Standard: einer je Person)",
        )
        parser.add_argument("--teams", type=int, default=20)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--faellig",
            type=int,
            default=None,
            help="So viele Überprüfungsfristen liegen um heute (heute-3 … heute+4), alle "
            "anderen 40 bis 180 Tage in der Zukunft (Messung der Fristwache).",
        )

    def handle(
        self,
        *args,
        people: int,
        plans: int | None,
        teams: int,
        batch: int,
        seed: int,
        faellig: int | None = None,
        **options,
    ):
        rng = random.Random(seed)
        plans = people if plans is None else plans
        if people < 1 or plans < people:
            self.stderr.write("--people muss mindestens 1 sein und --plans mindestens --people.")
            raise SystemExit(2)
        start = time.monotonic()
        heute = timezone.localdate()
        with transaction.atomic():
            nummer = Jobcenter.objects.filter(name__startswith="Skalierung").count() + 1
            jc = Jobcenter.objects.create(name=f"Skalierung {nummer}", bundesland="NW")
            team_objs = Team.objects.bulk_create(
                [Team(jobcenter=jc, name=f"Team {i + 1}") for i in range(teams)]
            )
            ifk_gruppe = Group.objects.get(name=rollen_gruppenname(Rolle.IFK))
            ifks = []
            for i, team in enumerate(team_objs):
                for j in range(10):
                    u = User(
                        username=f"skala{nummer}_ifk_{i}_{j}",
                        email=f"skala{nummer}_ifk_{i}_{j}@jobcenter.invalid",
                        jobcenter=jc,
                        team=team,
                    )
                    u.set_unusable_password()
                    ifks.append(u)
            ifks = User.objects.bulk_create(ifks)
            ifk_gruppe.user_set.add(*ifks)
            leitungen = []
            for i, team in enumerate(team_objs):
                u = User(
                    username=f"skala{nummer}_tl_{i}",
                    email=f"skala{nummer}_tl_{i}@jobcenter.invalid",
                    jobcenter=jc,
                    team=team,
                )
                u.set_unusable_password()
                leitungen.append(u)
            Group.objects.get(name=rollen_gruppenname(Rolle.TEAMLEITUNG)).user_set.add(
                *User.objects.bulk_create(leitungen)
            )
        rs = Rechtsstand.objects.am(heute)
        ct_pa = ContentType.objects.get_for_model(Potenzialanalyse)
        ct_version = ContentType.objects.get_for_model(PlanVersion)
        plaene_je_person = [1] * people
        for _ in range(plans - people):
            plaene_je_person[rng.randrange(people)] += 1

        plan_nr = 0  # running number of the plan, for --faellig

        def ueberpruefung_am(nr: int, begonnen: datetime.date) -> datetime.date:
            if faellig is None:
                return begonnen + datetime.timedelta(days=3 + 182)
            # Exactly ``faellig`` plans, spread evenly, are due around today.
            if (nr * faellig) // plans != ((nr + 1) * faellig) // plans:
                return heute + datetime.timedelta(days=((nr * faellig) // plans) % 8 - 3)
            return heute + datetime.timedelta(days=40 + nr % 140)

        for ab in range(0, people, batch):
            bis = min(people, ab + batch)
            with transaction.atomic():
                personen = []
                for i in range(ab, bis):
                    ifk = ifks[i % len(ifks)]
                    personen.append(
                        Leistungsberechtigter(
                            jobcenter=jc,
                            team_id=ifk.team_id,
                            zustaendig=ifk,
                            kundennummer=f"S{nummer}-{i:08d}",
                            pseudonym=f"S{nummer}-{i:010d}",
                            vorname=rng.choice(VORNAMEN),
                            nachname=rng.choice(NACHNAMEN),
                            geburtsdatum=datetime.date(1960, 1, 1)
                            + datetime.timedelta(days=rng.randrange(16000)),
                            phase=Phase.VEREINBART,
                        )
                    )
                personen = Leistungsberechtigter.objects.bulk_create(personen)
                pas = Potenzialanalyse.objects.bulk_create(
                    [
                        Potenzialanalyse(
                            leistungsberechtigter=p,
                            status="abgeschlossen",
                            begonnen_am=heute - datetime.timedelta(days=400),
                            abgeschlossen_am=heute - datetime.timedelta(days=395),
                            entwurf_frist=heute - datetime.timedelta(days=381),
                            reha_bedarf="nein",
                        )
                        for p in personen
                    ]
                )
                neue_plaene, versionen_je_plan = [], []
                for p, pa, i in zip(personen, pas, range(ab, bis), strict=True):
                    anzahl = plaene_je_person[i]
                    for k in range(anzahl):
                        begonnen = heute - datetime.timedelta(days=30 * (anzahl - k) + 10)
                        if faellig is not None:
                            frist = ueberpruefung_am(plan_nr, begonnen)
                            begonnen = frist - datetime.timedelta(days=185)
                        plan_nr += 1
                        neue_plaene.append(
                            Kooperationsplan(
                                leistungsberechtigter=p,
                                potenzialanalyse=pa,
                                rechtsstand=rs,
                                begonnen_am=begonnen,
                                status=PlanStatus.VEREINBART,
                                erstellt_von_id=p.zustaendig_id,
                            )
                        )
                        versionen_je_plan.append(begonnen)
                neue_plaene = Kooperationsplan.objects.bulk_create(neue_plaene)
                versionen = PlanVersion.objects.bulk_create(
                    [
                        PlanVersion(
                            plan=plan,
                            nummer=1,
                            status="vereinbart",
                            ziel="Ich will arbeiten.",
                            vereinbart_am=begonnen + datetime.timedelta(days=3),
                            ueberpruefung_bis=begonnen + datetime.timedelta(days=3 + 182),
                        )
                        for plan, begonnen in zip(neue_plaene, versionen_je_plan, strict=True)
                    ]
                )
                fristen = []
                for v in versionen:
                    fristen.append(
                        Wiedervorlage(
                            jobcenter=jc,
                            art=Fristart.UEBERPRUEFUNG,
                            faellig_am=v.ueberpruefung_bis,
                            zustaendig_id=v.plan.leistungsberechtigter.zustaendig_id,
                            team_id=v.plan.leistungsberechtigter.team_id,
                            ursache_typ=ct_version,
                            ursache_id=v.pk,
                            fall_id=v.plan.leistungsberechtigter_id,
                        )
                    )
                for pa in pas:
                    fristen.append(
                        Wiedervorlage(
                            jobcenter=jc,
                            art=Fristart.PLANENTWURF,
                            faellig_am=pa.entwurf_frist,
                            status="erledigt",
                            erledigt_am=timezone.now(),
                            ursache_typ=ct_pa,
                            ursache_id=pa.pk,
                            fall_id=pa.leistungsberechtigter_id,
                        )
                    )
                Wiedervorlage.objects.bulk_create(fristen, batch_size=batch)
                naechste = {}
                for v in versionen:
                    pid = v.plan.leistungsberechtigter_id
                    naechste[pid] = min(naechste.get(pid, v.ueberpruefung_bis), v.ueberpruefung_bis)
                for p in personen:
                    p.naechste_frist = naechste[p.pk]
                Leistungsberechtigter.objects.bulk_update(personen, ["naechste_frist"])
            self.stdout.write(f"  {bis} von {people} Personen", ending="\r")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Jobcenter {jc.name}: {people} Personen, {plans} Pläne in "
                f"{time.monotonic() - start:.0f} s."
            )
        )
