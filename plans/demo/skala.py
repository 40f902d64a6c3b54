"""Large data sets for benchmarks: ``seed_scale --personen 100000 --plaene 1000000``.

Rows are written with ``bulk_create`` in batches, bypassing the services and
the audit trail on purpose: this is synthetic load, not casework. Each run
adds a new Jobcenter ("Skalierung N"), so runs never collide."""

from __future__ import annotations

import datetime
import decimal
import random

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from cases.models import Leistungsberechtigter, Phase, Potenzialanalyse
from kooperation.access import Rolle, rollen_gruppenname
from kooperation.katalog import Leistung16a
from kooperation.models import Fristart, Jobcenter, Rechtsstand, Team, User, Wiedervorlage
from partners.models import Angebot, KommunalerTraeger

from ..models import (
    AbstimmungPosition,
    AbstimmungStatus,
    KeinPlanGrund,
    Kooperationsplan,
    PlanEintrag,
    PlanStatus,
    Planteil,
    PlanVersion,
    TraegerAbstimmung,
)

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


def skalierung_anlegen(
    *,
    personen: int,
    plaene: int | None = None,
    teams: int = 20,
    block: int = 5000,
    zufall: int = 1,
    vielfalt: bool = False,
    faellig: int | None = None,
    melden=lambda text: None,
) -> Jobcenter:
    """Add a Jobcenter "Skalierung N" with ``personen`` people and ``plaene``
    plans (default one each), written in blocks of ``block`` rows.

    ``vielfalt`` spreads analyses over 15 months and adds drafts, „kein Plan“
    reasons, Träger-Abstimmungen and readability values (the dashboard's
    benchmark); ``faellig`` puts exactly that many review deadlines around
    today and all others 40 to 180 days ahead (the deadline watch's benchmark).
    ``melden`` receives a progress line per block."""
    rng = random.Random(zufall)
    plaene = personen if plaene is None else plaene
    if personen < 1 or plaene < personen:
        raise ValueError(
            "Es braucht mindestens eine Person und mindestens so viele Pläne wie Personen."
        )
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
    angebote = _angebote_16a(jc) if vielfalt else []
    ct_pa = ContentType.objects.get_for_model(Potenzialanalyse)
    ct_version = ContentType.objects.get_for_model(PlanVersion)
    plaene_je_person = [1] * personen
    for _ in range(plaene - personen):
        plaene_je_person[rng.randrange(personen)] += 1

    plan_nr = 0  # running number of the plan, for --faellig

    def ueberpruefung_am(nr: int, begonnen: datetime.date) -> datetime.date:
        if faellig is None:
            return begonnen + datetime.timedelta(days=3 + 182)
        # Exactly ``faellig`` plans, spread evenly, are due around today.
        if (nr * faellig) // plaene != ((nr + 1) * faellig) // plaene:
            return heute + datetime.timedelta(days=((nr * faellig) // plaene) % 8 - 3)
        return heute + datetime.timedelta(days=40 + nr % 140)

    for ab in range(0, personen, block):
        bis = min(personen, ab + block)
        with transaction.atomic():
            im_block = []
            for i in range(ab, bis):
                ifk = ifks[i % len(ifks)]
                im_block.append(
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
                    ).suchname_setzen()
                )
            im_block = Leistungsberechtigter.objects.bulk_create(im_block)
            # Days since the Potenzialanalyse was completed, per person.
            pa_alter = [rng.randrange(20, 450) if vielfalt else 395 for _ in im_block]
            pas = Potenzialanalyse.objects.bulk_create(
                [
                    Potenzialanalyse(
                        leistungsberechtigter=p,
                        status="abgeschlossen",
                        begonnen_am=heute - datetime.timedelta(days=alter + 5),
                        abgeschlossen_am=heute - datetime.timedelta(days=alter),
                        entwurf_frist=heute - datetime.timedelta(days=alter - 14),
                        reha_bedarf="nein",
                    )
                    for p, alter in zip(im_block, pa_alter, strict=True)
                ]
            )
            neue_plaene, versionen_je_plan = [], []
            for p, pa, i in zip(im_block, pas, range(ab, bis), strict=True):
                anzahl = plaene_je_person[i]
                for k in range(anzahl):
                    begonnen = heute - datetime.timedelta(days=30 * (anzahl - k) + 10)
                    status = PlanStatus.VEREINBART
                    if vielfalt:
                        begonnen = pa.abgeschlossen_am + datetime.timedelta(
                            days=rng.randrange(0, 25) + 60 * k
                        )
                        begonnen = min(begonnen, heute)
                        status = _vielfalt_status(rng) if k == anzahl - 1 else status
                        p.phase = _PHASE_ZU_STATUS[status]
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
                            # Seeded plans carry their draft from the first day.
                            entwurf_vorgelegt_am=begonnen,
                            status=status,
                            kein_plan_grund=(
                                rng.choice(_KEIN_PLAN_GRUENDE)
                                if status == PlanStatus.KEIN_PLAN
                                else ""
                            ),
                            erstellt_von_id=p.zustaendig_id,
                        )
                    )
                    versionen_je_plan.append(begonnen)
            neue_plaene = Kooperationsplan.objects.bulk_create(neue_plaene)
            versionen = PlanVersion.objects.bulk_create(
                [
                    _version(plan, begonnen, rng if vielfalt else None)
                    for plan, begonnen in zip(neue_plaene, versionen_je_plan, strict=True)
                ]
            )
            if vielfalt:
                _abstimmungen(versionen, angebote, heute, rng)
                Leistungsberechtigter.objects.bulk_update(im_block, ["phase"])
            versionen = [v for v in versionen if v.ueberpruefung_bis is not None]
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
                        leistungsberechtigter_id=v.plan.leistungsberechtigter_id,
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
                        leistungsberechtigter_id=pa.leistungsberechtigter_id,
                    )
                )
            Wiedervorlage.objects.bulk_create(fristen, batch_size=block)
            naechste = {}
            for v in versionen:
                pid = v.plan.leistungsberechtigter_id
                naechste[pid] = min(naechste.get(pid, v.ueberpruefung_bis), v.ueberpruefung_bis)
            for p in im_block:
                p.naechste_frist = naechste.get(p.pk)
            Leistungsberechtigter.objects.bulk_update(im_block, ["naechste_frist"])
        melden(f"  {bis} von {personen} Personen")
    # Planner statistics for the bulk-loaded tables, as autovacuum would
    # gather them in production; without them PostgreSQL plans the first
    # queries as if the tables were empty.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return jc


# --vielfalt: the last plan of a person is mostly agreed, sometimes still a
# draft, under review, or "kein Plan" with a reason (Rz. 20).
_KEIN_PLAN_GRUENDE = [g for g in KeinPlanGrund.values]
_PHASE_ZU_STATUS = {
    PlanStatus.VEREINBART: Phase.VEREINBART,
    PlanStatus.ENTWURF: Phase.PLANUNG,
    PlanStatus.ABSTIMMUNG: Phase.ABSTIMMUNG,
    PlanStatus.UEBERPRUEFUNG: Phase.UEBERPRUEFUNG,
    PlanStatus.KEIN_PLAN: Phase.KEIN_PLAN,
}


def _vielfalt_status(rng: random.Random) -> str:
    wurf = rng.random()
    if wurf < 0.06:
        return PlanStatus.ENTWURF
    if wurf < 0.10:
        return PlanStatus.ABSTIMMUNG
    if wurf < 0.16:
        return PlanStatus.UEBERPRUEFUNG
    if wurf < 0.20:
        return PlanStatus.KEIN_PLAN
    return PlanStatus.VEREINBART


def _version(plan: Kooperationsplan, begonnen: datetime.date, rng) -> PlanVersion:
    entwurf = plan.status in (PlanStatus.ENTWURF, PlanStatus.ABSTIMMUNG)
    tage = 3 if rng is None else rng.randrange(1, 40)
    return PlanVersion(
        plan=plan,
        nummer=1,
        status="entwurf" if entwurf else "vereinbart",
        ziel="Ich will arbeiten.",
        vereinbart_am=None if entwurf else begonnen + datetime.timedelta(days=tage),
        ueberpruefung_bis=None if entwurf else begonnen + datetime.timedelta(days=tage + 182),
        lesbarkeit_wstf=(None if rng is None else decimal.Decimal(rng.randrange(30, 130)) / 10),
    )


def _angebote_16a(jc: Jobcenter) -> list[Angebot]:
    traeger = KommunalerTraeger.objects.create(jobcenter=jc, name=f"Kreis {jc.name}")
    return Angebot.objects.bulk_create(
        [
            Angebot(
                jobcenter=jc,
                titel=f"{label} ({jc.name})",
                traeger=traeger,
                leistung_16a=wert,
                plaetze=500,
            )
            for wert, label in Leistung16a.choices
        ]
    )


def _abstimmungen(versionen, angebote, heute: datetime.date, rng: random.Random) -> None:
    """One in ten versions books a § 16a Angebot and was coordinated with the Träger."""
    eintraege, abstimmungen = [], []
    for v in versionen:
        if rng.random() >= 0.1:
            continue
        angebot = rng.choice(angebote)
        eintraege.append(
            PlanEintrag(
                version=v,
                teil=Planteil.UNTERSTUETZUNG,
                text=angebot.titel,
                angebot=angebot,
                leistung_16a=angebot.leistung_16a,
            )
        )
        angefragt = v.plan.begonnen_am
        offen = v.status == "entwurf"
        status = AbstimmungStatus.OFFEN
        if not offen:
            status = AbstimmungStatus.ABGELEHNT if rng.random() < 0.15 else "zugestimmt"
        abstimmungen.append(
            TraegerAbstimmung(
                version=v,
                traeger_id=angebot.traeger_id,
                status=status,
                angefragt_am=angefragt,
                frist=angefragt + datetime.timedelta(days=14),
                entschieden_am=None
                if offen
                else timezone.make_aware(datetime.datetime.combine(angefragt, datetime.time(9))),
                begruendung="Nicht erforderlich." if status == AbstimmungStatus.ABGELEHNT else "",
            )
        )
    eintraege = PlanEintrag.objects.bulk_create(eintraege)
    abstimmungen = TraegerAbstimmung.objects.bulk_create(abstimmungen)
    AbstimmungPosition.objects.bulk_create(
        [
            AbstimmungPosition(abstimmung=a, eintrag=e, status=a.status, begruendung=a.begruendung)
            for a, e in zip(abstimmungen, eintraege, strict=True)
        ]
    )
