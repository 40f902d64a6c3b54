"""Data for one load-test run, in the load-test cluster (never the shared
database): ``python -m lasttest.vorbereitung`` with the run's environment.

The Jobcenter of 100,000 people comes from ``seed_scale`` (loaded once, kept
in ``.lasttest/``). Each run adds fresh drafts for the IFKs to edit and agree
(the agreed ones of earlier runs are frozen), the accounts of the Träger, the
Geschäftsführung and the API clients, logged-in sessions (the peak hour
starts with everybody logged in; signed with this run's SECRET_KEY), and a
frequent deadline watch. It writes ``.lasttest/manifest.json`` for Locust."""

from __future__ import annotations

import datetime
import io
import json
import os
import sys

import django

AKTEN = 100_000
PLAENE = 300_000
ENTWUERFE_JE_IFK = 10
PERSONEN_JE_IFK = 60
API_KONTEN = 20
FRISTWACHE_ALLE_SEKUNDEN = 10
POSTAUSGANG_ALLE_SEKUNDEN = 60


def main() -> int:
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.management import call_command
    from django.db import models, transaction
    from django.utils import timezone
    from django_celery_beat.models import IntervalSchedule, PeriodicTask
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.models import Leistungsberechtigter, Potenzialanalyse
    from kooperation.access import Rolle, rollen_gruppenname
    from kooperation.fristwache import fristwache_ausfuehren
    from kooperation.models import Jobcenter, Nachricht, Rechtsstand, User
    from partners.models import Angebot, Belegung, KommunalerTraeger
    from plans.models import (
        AbstimmungPosition,
        AbstimmungStatus,
        Kooperationsplan,
        PlanEintrag,
        PlanStatus,
        Planteil,
        PlanVersion,
        VersionStatus,
    )

    from .dienste import ARBEIT

    jc = (
        Jobcenter.objects.filter(name__startswith="Skalierung")
        .order_by("pk")
        .filter(leistungsberechtigte__isnull=False)
        .first()
    )
    if jc is None or Leistungsberechtigter.objects.filter(jobcenter=jc).count() < AKTEN:
        print("Lade den Jobcenter mit 100.000 Personen (einmalig, einige Minuten) …", flush=True)
        call_command("seed_scale", personen=AKTEN, plaene=PLAENE, vielfalt=True)
        jc = Jobcenter.objects.filter(name__startswith="Skalierung").order_by("-pk").first()
    heute = timezone.localdate()
    from django.contrib.auth.models import Group

    # The Jobcenter's earlier plans were agreed long before the peak hour and
    # have their PDF. seed_scale writes none; one real file stands in for all
    # of them (rendering 300,000 would take hours), so that the outbox's sweep
    # finds only what the run itself leaves undone, as in production.
    ohne_pdf = PlanVersion.objects.filter(status=VersionStatus.VEREINBART, pdf="")
    if muster := ohne_pdf.order_by("pk").first():
        from plans.dokumente.ablage import planversion_pdf_ablegen

        planversion_pdf_ablegen(version_id=muster.pk)
        muster.refresh_from_db()
        # The model refuses bulk writes to agreed versions; this is the seed
        # data's missing file, set once, as rendering would have set it.
        anzahl = models.QuerySet.update(ohne_pdf, pdf=muster.pdf.name, pdf_sha256=muster.pdf_sha256)
        print(f"{anzahl + 1} frühere vereinbarte Pläne mit PDF versehen.", flush=True)

    def konto(name: str, rolle: Rolle, **felder) -> User:
        user, neu = User.objects.get_or_create(
            username=name,
            defaults={"jobcenter": jc, "email": f"{name}@jobcenter.invalid", **felder},
        )
        if neu:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=rollen_gruppenname(rolle)))
        return user

    praefix = jc.name.split()[-1]
    ifks = list(
        User.objects.filter(jobcenter=jc, username__contains="_ifk_", is_active=True).order_by("pk")
    )
    traeger_user = konto(f"lt{praefix}_traeger", Rolle.TRAEGER)
    traeger = KommunalerTraeger.objects.filter(jobcenter=jc).first()
    traeger.mitarbeitende.add(traeger_user)
    gf = konto(f"lt{praefix}_gf", Rolle.GESCHAEFTSFUEHRUNG)
    api_konten = [konto(f"lt{praefix}_api_{i}", Rolle.API_CLIENT) for i in range(API_KONTEN)]
    tokens = []
    for user in api_konten:
        ausgabe = io.StringIO()
        call_command("create_api_token", user.username, stdout=ausgabe)
        tokens.append(ausgabe.getvalue().strip().splitlines()[-1])

    # Fresh drafts: a new plan with one step of "Der Weg" for people whose
    # plans are all agreed, spread over every IFK.
    rs = Rechtsstand.objects.am(heute)
    entwuerfe: dict[int, list[list[int]]] = {}
    personen: dict[int, list[int]] = {}
    with transaction.atomic():
        for ifk in ifks:
            ids = list(
                Leistungsberechtigter.objects.filter(zustaendig=ifk)
                .exclude(plaene__status__in=[PlanStatus.ENTWURF, PlanStatus.ABSTIMMUNG])
                .order_by("?")
                .values_list("pk", flat=True)[: ENTWUERFE_JE_IFK + PERSONEN_JE_IFK]
            )
            personen[ifk.pk] = ids[ENTWUERFE_JE_IFK:]
            analysen = dict(
                Potenzialanalyse.objects.filter(leistungsberechtigter_id__in=ids[:ENTWUERFE_JE_IFK])
                .order_by("leistungsberechtigter_id", "abgeschlossen_am")
                .values_list("leistungsberechtigter_id", "pk")
            )
            plaene = Kooperationsplan.objects.bulk_create(
                Kooperationsplan(
                    leistungsberechtigter_id=pid,
                    potenzialanalyse_id=analysen.get(pid),
                    rechtsstand=rs,
                    begonnen_am=heute,
                    status=PlanStatus.ENTWURF,
                    erstellt_von=ifk,
                )
                for pid in ids[:ENTWUERFE_JE_IFK]
            )
            versionen = PlanVersion.objects.bulk_create(
                PlanVersion(
                    plan=p,
                    nummer=1,
                    status="entwurf",
                    ziel="Ich will wieder in meinem Beruf arbeiten.",
                    kontakt="Jobcenter, Telefon 0621 000 000",
                )
                for p in plaene
            )
            PlanEintrag.objects.bulk_create(
                PlanEintrag(version=v, teil=Planteil.WEG, text="Ich suche mir einen Deutsch-Kurs.")
                for v in versionen
            )
            entwuerfe[ifk.pk] = [[p.pk, v.pk] for p, v in zip(plaene, versionen, strict=True)]

    # The Träger approves what it is asked; the seeded places (500 per
    # period, bulk-loaded approvals not counted) would refuse approvals as
    # "no free place", which is the capacity rule working, not load.
    Angebot.objects.filter(jobcenter=jc).update(plaetze=10**6)
    Belegung.objects.filter(angebot__jobcenter=jc).update(plaetze=10**6)
    positionen = list(
        AbstimmungPosition.objects.filter(
            abstimmung__traeger=traeger,
            status=AbstimmungStatus.OFFEN,
            abstimmung__status=AbstimmungStatus.OFFEN,
        )
        .order_by("?")
        .values_list("abstimmung_id", "pk")[:2000]
    )

    # Everybody is logged in at the start of the peak hour, second factor
    # confirmed (production settings require it).
    def sitzung(user: User) -> str:
        geraet, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Lasttest", defaults={"confirmed": True}
        )
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s[DEVICE_ID_SESSION_KEY] = geraet.persistent_id
        s.set_expiry(8 * 60 * 60)
        s.create()
        return s.session_key

    # The deadline watch every few seconds (production: hourly), so that
    # reminders are due during the run; one run now brings the stored data to
    # its steady state, whose reminders count as sent. The outbox's sweep
    # every minute (production: every 10 minutes), so that what a Redis
    # outage kept from the broker is made within the run.
    for name, task, sekunden, queue in (
        (
            "Fristwache (Lasttest)",
            "kooperation.tasks.fristwache",
            FRISTWACHE_ALLE_SEKUNDEN,
            "fristen",
        ),
        (
            "Postausgang (Lasttest)",
            "kooperation.tasks.postausgang_nachholen",
            POSTAUSGANG_ALLE_SEKUNDEN,
            "default",
        ),
    ):
        intervall, _ = IntervalSchedule.objects.get_or_create(
            every=sekunden, period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "interval": intervall, "queue": queue, "enabled": True},
        )
    fristwache_ausfuehren()
    Nachricht.objects.filter(gesendet_am__isnull=True).update(gesendet_am=timezone.now())

    manifest = {
        "jobcenter": jc.pk,
        "ifk": [
            {
                "sitzung": sitzung(ifk),
                "personen": personen[ifk.pk],
                "entwuerfe": entwuerfe[ifk.pk],
            }
            for ifk in ifks
        ],
        "traeger": {"sitzung": sitzung(traeger_user), "anfragen": positionen},
        "gf": {"sitzung": sitzung(gf)},
        "api": {"tokens": tokens},
        "leer": {"sitzungen": [sitzung(ifk) for ifk in ifks[:50]]},
        "heute": heute.isoformat(),
        "erstellt": datetime.datetime.now(datetime.UTC).isoformat(),
    }
    (ARBEIT / "manifest.json").write_text(json.dumps(manifest))
    print(
        f"Vorbereitet: {len(ifks)} IFK, {sum(len(e) for e in entwuerfe.values())} Entwürfe, "
        f"{len(positionen)} offene Anfragen an den Träger, {len(tokens)} API-Schlüssel.",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lasttest.settings")
    sys.exit(main())
