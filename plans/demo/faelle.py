"""The demo's Leistungsberechtigte in every stage of the process, made through
the same services as real casework."""

from __future__ import annotations

import datetime

from cases.models import (
    Einwilligung,
    GesetzlicherVertreter,
    Haushalt,
    Sprache,
)
from cases.services import (
    daten_weitergeben,
    einwilligung_erfassen,
    einwilligung_widerrufen,
    leistungsberechtigter_anlegen,
    potenzialanalyse_abschliessen,
    potenzialanalyse_beginnen,
)
from kooperation.katalog import Bedarfsbereich, Leistung16a
from partners.models import (
    Angebot,
    Partner,
)

from ..models import KeinPlanGrund, Kooperationsplan, PlanEintrag, Planteil
from ..services.abstimmung import abstimmung_anfragen, abstimmung_entscheiden
from ..services.entwurf import entwurf_vorgelegt, kooperationsplan_anlegen
from ..services.partner import partnerplan_verweisen
from ..services.vereinbarung import kein_plan_festhalten, planversion_vereinbaren
from .organisation import Demo

ZIELE = [
    "Ich will wieder in meinem Beruf als Friseurin arbeiten.",
    "Ich will eine Ausbildung als Kaufmann im Einzelhandel machen.",
    "Ich will als Lagerhelfer in Vollzeit arbeiten.",
    "Ich will besser Deutsch sprechen und dann in der Pflege arbeiten.",
    "Ich will meinen Abschluss aus der Ukraine anerkennen lassen und als Ingenieurin arbeiten.",
    "Ich will eine Arbeit finden, die zu den Kita-Zeiten meiner Kinder passt.",
]
SCHRITTE = [
    "Ich suche mir einen Deutsch-Kurs.",
    "Ich gehe zum Bewerbungs-Training.",
    "Ich schreibe meinen Lebenslauf neu.",
    "Ich melde mich bei der Schuldnerberatung.",
    "Ich frage bei der Kita nach einem Platz.",
    "Ich mache ein Praktikum im Lager.",
]


def einzelfaelle_anlegen(demo: Demo, jc, users) -> None:
    """Case-level cooperation: consents, a sharing under consent, a
    withdrawn consent and the Integrationsplan of the partner referenced
    from the plan (seed 003). Only once."""
    if Einwilligung.objects.filter(leistungsberechtigter__jobcenter=jc).exists():
        return
    im = Partner.objects.get(jobcenter=jc, name="Integrationsmanagement der Stadt")
    caritas = Partner.objects.get(jobcenter=jc, name="Caritasverband Rheinstadt")
    plaene = (
        Kooperationsplan.objects.filter(
            leistungsberechtigter__jobcenter=jc,
            leistungsberechtigter__zustaendig=users["ifk"],
            status__in=["vereinbart", "entwurf"],
        )
        .select_related("leistungsberechtigter")
        .order_by("pk")[:4]
    )
    for n, plan in enumerate(plaene):
        person = plan.leistungsberechtigter
        ifk = person.zustaendig
        erteilt = plan.begonnen_am
        einwilligung = einwilligung_erfassen(
            acting_user=ifk,
            leistungsberechtigter=person,
            partner=im,
            zweck="erstgespraech",
            erteilt_am=erteilt,
        )
        daten_weitergeben(
            acting_user=ifk,
            leistungsberechtigter=person,
            partner=im,
            zweck="erstgespraech",
            inhalt="Name, Kontaktdaten und Ziel für das gemeinsame Erstgespräch",
            am=erteilt,
        )
        partnerplan_verweisen(
            acting_user=ifk,
            plan=plan,
            partner=im,
            titel="Integrationsplan",
            aktenzeichen=f"IM-{erteilt.year}-{100 + n}",
            stand=erteilt,
            notiz="Sprachkurs zuerst; Anerkennung des Abschlusses parallel.",
        )
        if n == 3:
            einwilligung_widerrufen(acting_user=ifk, einwilligung=einwilligung, am=demo.heute)
        elif n == 2:
            einwilligung_erfassen(
                acting_user=ifk,
                leistungsberechtigter=person,
                partner=caritas,
                zweck="abbruch",
                erteilt_am=erteilt,
            )


def fall_anlegen(demo: Demo, i: int, jc, teams, users) -> None:
    rng = demo.rng
    ifk = users["ifk"] if i % 4 == 0 else rng.choice(users["ifks"])
    team = ifk.team
    minderjaehrig = team.name == "Team U25" and rng.random() < 0.3
    alter = (
        rng.randint(16, 17)
        if minderjaehrig
        else (rng.randint(18, 24) if team.name == "Team U25" else rng.randint(25, 63))
    )
    geburtsdatum = demo.heute - datetime.timedelta(days=int(alter * 365.25) + rng.randint(30, 300))
    person = leistungsberechtigter_anlegen(
        acting_user=ifk,
        team=team,
        zustaendig=ifk,
        kundennummer=f"{jc.pk:03d}D{100000 + i}",
        vorname=demo.fake.first_name(),
        nachname=demo.fake.last_name(),
        geburtsdatum=geburtsdatum,
        strasse=demo.fake.street_address(),
        plz=f"{rng.randint(68159, 68309)}",
        ort="Rheinstadt",
        telefon=demo.fake.phone_number(),
        sprache=rng.choice([s for s, _ in Sprache.choices]),
        haushalt=rng.choice([h for h, _ in Haushalt.choices]),
    )
    if minderjaehrig:
        GesetzlicherVertreter.objects.create(
            leistungsberechtigter=person,
            name=demo.fake.name(),
            beziehung="Mutter",
            telefon=demo.fake.phone_number(),
        )
    # Stage: spread people over every stage of the process.
    stufe = rng.choices(
        ["neu", "pa", "planung", "abstimmung", "vereinbart", "ueberpruefung", "kein_plan"],
        weights=[5, 10, 20, 8, 40, 10, 7],
    )[0]
    if stufe == "neu":
        return
    pa_start = demo.heute - datetime.timedelta(days=rng.randint(20, 240))
    if stufe == "ueberpruefung":
        pa_start = demo.heute - datetime.timedelta(days=rng.randint(190, 230))
    elif stufe == "abstimmung":
        pa_start = demo.heute - datetime.timedelta(days=rng.randint(12, 25))
    pa = potenzialanalyse_beginnen(
        acting_user=ifk, leistungsberechtigter=person, begonnen_am=pa_start
    )
    if stufe == "pa":
        return
    bedarfe = rng.sample(list(Bedarfsbereich.values), rng.randint(1, 4))
    abschluss = pa_start + datetime.timedelta(days=rng.randint(0, 7))
    if stufe == "planung":
        abschluss = max(pa_start, demo.heute - datetime.timedelta(days=rng.randint(0, 25)))
    potenzialanalyse_abschliessen(
        acting_user=ifk,
        potenzialanalyse=pa,
        abgeschlossen_am=abschluss,
        reha_bedarf=rng.choice(["nein", "nein", "nein", "ja", "unklar"]),
        handlungsbedarfe={b: "" for b in bedarfe},
        staerken=rng.choice(
            [
                "zuverlässig, freundlich",
                "handwerklich geschickt",
                "mehrsprachig, gut organisiert",
                "Erfahrung in der Pflege",
            ]
        ),
        sprachniveau=rng.choice(["A2", "B1", "B2", "C1", "M"]),
    )
    if stufe == "planung":
        return
    plan = kooperationsplan_anlegen(
        acting_user=ifk,
        leistungsberechtigter=person,
        begonnen_am=abschluss + datetime.timedelta(days=rng.randint(1, 10)),
        potenzialanalyse=pa,
    )
    if stufe == "kein_plan":
        kein_plan_festhalten(
            acting_user=ifk, plan=plan, grund=rng.choice(list(KeinPlanGrund.values))
        )
        return
    version = plan.versionen.get()
    version.ziel = rng.choice(ZIELE)
    version.kontakt = f"{ifk.get_full_name()}, Telefon {jc.telefon}"
    version.save()
    hb = {h.bereich: h for h in pa.handlungsbedarfe.all()}
    for n, schritt in enumerate(rng.sample(SCHRITTE, 2)):
        PlanEintrag.objects.create(version=version, teil=Planteil.WEG, text=schritt, reihenfolge=n)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.EIGENBEMUEHUNG,
        text="Ich bewerbe mich auf Stellen, die zu mir passen.",
        haeufigkeit="4 Bewerbungen im Monat",
        nachweis="Liste beim nächsten Termin zeigen",
    )
    entwurf_vorgelegt(plan, version, am=plan.begonnen_am)
    mit_16a = "schulden" in hb or "sucht" in hb or rng.random() < 0.2
    if mit_16a:
        angebot = Angebot.objects.filter(
            jobcenter=jc, leistung_16a=Leistung16a.SCHULDNERBERATUNG
        ).first()
        PlanEintrag.objects.create(
            version=version,
            teil=Planteil.UNTERSTUETZUNG,
            text="Das Jobcenter vermittelt mir einen Termin bei der Schuldnerberatung.",
            angebot=angebot,
            leistung_16a=Leistung16a.SCHULDNERBERATUNG,
            handlungsbedarf=hb.get("schulden"),
        )
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Das Jobcenter übernimmt die Kosten für den Sprachkurs.",
        handlungsbedarf=hb.get("sprache"),
    )
    start = plan.begonnen_am
    if mit_16a:
        abstimmung = abstimmung_anfragen(acting_user=ifk, version=version, angefragt_am=start)
        if stufe == "abstimmung":
            return
        if abstimmung.status == "offen":
            abstimmung_entscheiden(
                acting_user=users["traeger"], abstimmung=abstimmung, status="zugestimmt"
            )
    elif stufe == "abstimmung":
        return
    vereinbart_am = min(demo.heute, start + datetime.timedelta(days=rng.randint(1, 7)))
    minderjaehrig = person.ist_minderjaehrig(vereinbart_am)
    if minderjaehrig and not person.vertreter.exists():
        GesetzlicherVertreter.objects.create(
            leistungsberechtigter=person,
            name=demo.fake.name(),
            beziehung="Vater",
        )
    planversion_vereinbaren(
        acting_user=ifk,
        version=version,
        vereinbart_am=vereinbart_am,
        vertreter_zustimmung_am=vereinbart_am if minderjaehrig else None,
    )
