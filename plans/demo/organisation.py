"""The demo Jobcenter "Rheinstadt": teams, users of every role, the kommunaler
Träger with its § 16a Angebote, partners and agreements modelled on the seed
agreements (Oberhausen, Lörrach) and the partner guide."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from faker import Faker

from kooperation.access import Rolle, rollen_gruppenname
from kooperation.katalog import Leistung16a
from kooperation.models import Jobcenter, Schliesstag, Team, User
from partners.kapazitaet import belegung_fuer, zeitraum_von
from partners.models import (
    Angebot,
    Ansprechpartner,
    KommunalerTraeger,
    Kooperationstreffen,
    Kooperationsvereinbarung,
    Partner,
    Phasenaufgabe,
    Rahmenabstimmung,
    Vereinbarungsdokument,
    Vertragspartei,
)
from partners.services import treffen_planen, vereinbarung_fristen_setzen

JOBCENTER = "Jobcenter Rheinstadt"
TEAMS = [
    ("Team Nord", "Nordstadt"),
    ("Team Mitte", "Innenstadt"),
    ("Team Süd", "Südstadt"),
    ("Team U25", "ganze Stadt"),
]


@dataclass
class Demo:
    """What every step of the demo shares: one random source (a run is
    repeatable), German fake names, today."""

    rng: random.Random
    fake: Faker
    heute: datetime.date


def jobcenter_anlegen(demo: Demo) -> Jobcenter:
    jc, _ = Jobcenter.objects.get_or_create(
        name=JOBCENTER,
        defaults={
            "bundesland": "BW",
            "anschrift": "Ludwigstraße 12\n68161 Rheinstadt",
            "telefon": "0621 123 456-0",
            "email": "jobcenter-rheinstadt@jobcenter-ge.invalid",
            "website": "https://jobcenter-rheinstadt.invalid",
            "oeffnungszeiten": "Mo–Fr 8–12 Uhr, Do 14–17 Uhr",
        },
    )
    for jahr in (demo.heute.year, demo.heute.year + 1):
        for monat, tag, name in ((12, 24, "Heiligabend"), (12, 31, "Silvester")):
            Schliesstag.objects.get_or_create(
                jobcenter=jc,
                datum=datetime.date(jahr, monat, tag),
                defaults={"bezeichnung": name},
            )
    return jc


def teams_anlegen(demo: Demo, jc) -> list[Team]:
    return [
        Team.objects.get_or_create(jobcenter=jc, name=name, defaults={"region": region})[0]
        for name, region in TEAMS
    ]


def benutzer_anlegen(
    demo: Demo, username, rolle, jc, team, passwort, vorname, nachname, staff=False
):
    user, neu = User.objects.get_or_create(
        username=username,
        defaults={
            "jobcenter": jc,
            "team": team,
            "first_name": vorname,
            "last_name": nachname,
            "is_staff": staff,
            "email": f"{username}@jobcenter-rheinstadt.invalid",
        },
    )
    if neu or not user.check_password(passwort):
        user.set_password(passwort)
        user.save()
    user.groups.add(Group.objects.get(name=rollen_gruppenname(rolle)))
    return user


def alle_benutzer_anlegen(demo: Demo, jc, teams, passwort) -> dict:
    u = {
        "ifk": benutzer_anlegen(demo, "ifk", Rolle.IFK, jc, teams[0], passwort, "Ina", "Fischer"),
        "teamleitung": benutzer_anlegen(
            demo, "teamleitung", Rolle.TEAMLEITUNG, jc, teams[0], passwort, "Tobias", "Lehmann"
        ),
        "traeger": benutzer_anlegen(
            demo, "traeger", Rolle.TRAEGER, jc, None, passwort, "Tanja", "Reuter"
        ),
        "geschaeftsfuehrung": benutzer_anlegen(
            demo,
            "geschaeftsfuehrung",
            Rolle.GESCHAEFTSFUEHRUNG,
            jc,
            None,
            passwort,
            "Gerd",
            "Schäfer",
        ),
        "admin": benutzer_anlegen(
            demo, "admin", Rolle.ADMINISTRATION, jc, None, passwort, "Anna", "Demir", staff=True
        ),
        "fachverfahren": benutzer_anlegen(
            demo, "fachverfahren", Rolle.API_CLIENT, jc, None, passwort, "", "Fachverfahren"
        ),
    }
    ifks = [u["ifk"]]
    for t_index, team in enumerate(teams):
        for n in range(1, 3):
            name = f"ifk{t_index + 1}{n}"
            ifks.append(
                benutzer_anlegen(
                    demo,
                    name,
                    Rolle.IFK,
                    jc,
                    team,
                    passwort,
                    demo.fake.first_name(),
                    demo.fake.last_name(),
                )
            )
    u["ifks"] = ifks
    return u


def traeger_anlegen(demo: Demo, jc, sachbearbeitung) -> KommunalerTraeger:
    traeger, _ = KommunalerTraeger.objects.get_or_create(
        jobcenter=jc,
        name="Stadt Rheinstadt, Fachbereich Arbeit und Soziales",
        defaults={
            "anschrift": "Rathaus, E 5\n68159 Rheinstadt",
            "email": "16a@rheinstadt.invalid",
        },
    )
    traeger.mitarbeitende.add(sachbearbeitung)
    angebote = [
        ("Schuldnerberatung der Stadt", Leistung16a.SCHULDNERBERATUNG, ["schulden"], 80),
        ("Suchtberatung", Leistung16a.SUCHTBERATUNG, ["sucht"], 20),
        ("Psychosoziale Betreuung", Leistung16a.PSYCHOSOZIAL, ["psyche"], 25),
        ("Kinderbetreuung und Pflege", Leistung16a.BETREUUNG_PFLEGE, ["familie", "pflege"], 30),
    ]
    for titel, art, bereiche, plaetze in angebote:
        Angebot.objects.get_or_create(
            jobcenter=jc,
            titel=titel,
            defaults={
                "traeger": traeger,
                "leistung_16a": art,
                "bereiche": bereiche,
                "plaetze": plaetze,
                "zielgruppe": "Leistungsberechtigte nach SGB II",
                "ort": "Rheinstadt",
            },
        )
    # An advance approval (Rz. 16) for debt counselling this quarter.
    schulden = Angebot.objects.get(jobcenter=jc, titel="Schuldnerberatung der Stadt")
    beginn, ende = zeitraum_von(schulden, demo.heute)
    Rahmenabstimmung.objects.get_or_create(
        angebot=schulden,
        beginn=beginn,
        defaults={"traeger": traeger, "ende": ende, "kontingent": 10},
    )
    return traeger


def partner_anlegen(demo: Demo, jc, traeger) -> None:
    """Partners and agreements modelled on the seed agreements (Oberhausen,
    Lörrach) and the partner guide."""
    partner = {}
    for name, art, bereiche, angebot, plaetze in [
        (
            "Beschäftigungsförderung Rheinstadt gGmbH",
            "beschaeftigung",
            ["qualifikation", "motivation"],
            "Arbeitsgelegenheiten und Coaching",
            60,
        ),
        (
            "Bildungsoffensive Rheinstadt",
            "bildung",
            ["orientierung", "qualifikation"],
            "Berufsorientierung für junge Menschen",
            30,
        ),
        (
            "Caritasverband Rheinstadt",
            "wohlfahrt",
            ["wohnen", "familie"],
            "Sozialberatung und Wohnungsnotfallhilfe",
            25,
        ),
        (
            "Diakonisches Werk Rheinstadt",
            "wohlfahrt",
            ["psyche", "sozialkompetenz"],
            "Begleitung im Alltag",
            20,
        ),
        (
            "Integrationsmanagement der Stadt",
            "integration",
            ["aufenthalt", "sprache"],
            "Integrationsmanagement für Geflüchtete",
            80,
        ),
        (
            "Jugendamt Rheinstadt",
            "jugendhilfe",
            ["familie", "motivation"],
            "Jugendberufshilfe",
            40,
        ),
        ("Sprachschule Lingua", "bildung", ["sprache"], "Berufssprachkurs B1/B2", 45),
    ]:
        p, _ = Partner.objects.get_or_create(
            jobcenter=jc, name=name, defaults={"art": art, "region": "Rheinstadt"}
        )
        partner[name] = p
        Angebot.objects.get_or_create(
            jobcenter=jc,
            titel=angebot,
            defaults={
                "partner": p,
                "bereiche": bereiche,
                "plaetze": plaetze,
                "ort": "Rheinstadt",
            },
        )
        if not p.ansprechpartner.exists():
            Ansprechpartner.objects.create(
                partner=p,
                name=demo.fake.name(),
                funktion="Koordination",
                zentral=True,
                gueltig_ab=demo.heute - datetime.timedelta(days=400),
                telefon=demo.fake.phone_number(),
            )
    jc_partner, _ = Partner.objects.get_or_create(
        jobcenter=jc, name=JOBCENTER, defaults={"art": "kommune", "region": "Rheinstadt"}
    )
    # After seed 002 (Oberhausen): renews itself by a year unless cancelled
    # half a year before the end.
    v1, neu = Kooperationsvereinbarung.objects.get_or_create(
        jobcenter=jc,
        titel="Kooperationserklärung Jugendhilfe und Jobcenter",
        defaults={
            "praeambel": "Der Ausgleich sozialer Benachteiligung ist gemeinsame Aufgabe.",
            "ziele": "Ressourcen von SGB II und SGB VIII aufeinander abgestimmt einsetzen; "
            "Warteschleifen vermeiden.",
            "ebenen": "Einzelfall, Projekte, Gremien",
            "treffen_rhythmus_monate": 6,
            "datenschutz": "Personenbezogene Daten nur mit schriftlicher Einwilligung.",
            "beginn": datetime.date(2024, 1, 1),
            "laufzeitart": "verlaengernd",
            "ende": datetime.date(2024, 12, 31),
            "kuendigungsfrist_monate": 6,
            "verlaengerung_monate": 12,
        },
    )
    if neu:
        for p in (
            jc_partner,
            partner["Beschäftigungsförderung Rheinstadt gGmbH"],
            partner["Bildungsoffensive Rheinstadt"],
            partner["Jugendamt Rheinstadt"],
        ):
            Vertragspartei.objects.create(
                vereinbarung=v1, partner=p, vertreten_durch="Geschäftsführung"
            )
    # After seed 003 (Lörrach): open-ended with six months' notice.
    v2, neu = Kooperationsvereinbarung.objects.get_or_create(
        jobcenter=jc,
        titel="Kooperationsvereinbarung zum Integrationsmanagement",
        defaults={
            "ziele": "Integrationsplan und Kooperationsplan aufeinander abstimmen.",
            "ebenen": "Einzelfall (gemeinsames Erstgespräch), Steuerungsgruppe",
            "treffen_rhythmus_monate": 6,
            "datenschutz": "Austausch nur mit schriftlicher Einwilligung der Person.",
            "beginn": datetime.date(2023, 3, 1),
            "laufzeitart": "unbefristet",
            "kuendigungsfrist_monate": 6,
        },
    )
    if neu:
        for p in (
            jc_partner,
            partner["Integrationsmanagement der Stadt"],
            partner["Caritasverband Rheinstadt"],
            partner["Diakonisches Werk Rheinstadt"],
        ):
            Vertragspartei.objects.create(vereinbarung=v2, partner=p)


def kooperationen_pflegen(demo: Demo, jc, users) -> None:
    """Care of the two seed agreements (phase III: deadlines, signed
    versions, meetings with minutes) and a third cooperation still being
    built (seed 004, phase II B), with what is open in each phase."""
    gf = users["geschaeftsfuehrung"]
    heute = demo.heute
    for v in Kooperationsvereinbarung.objects.filter(jobcenter=jc, phase="III"):
        if v.verantwortlich_id is None:
            v.verantwortlich = gf
            v.save(update_fields=["verantwortlich"])
        Vereinbarungsdokument.objects.get_or_create(
            vereinbarung=v,
            fassung=1,
            defaults={"unterzeichnet_am": v.beginn, "bemerkung": "von allen Parteien"},
        )
        Kooperationstreffen.objects.get_or_create(
            vereinbarung=v,
            datum=heute - datetime.timedelta(days=60),
            defaults={
                "thema": "Überprüfung der Zusammenarbeit",
                "protokoll": "Fallzahlen besprochen; Wartezeiten bei der "
                "Schuldnerberatung sind zu lang; gemeinsame Fortbildung im Frühjahr.",
            },
        )
        vereinbarung_fristen_setzen(v, heute)
        treffen_planen(v, heute)
    for v, aufgaben in (
        (
            "Kooperationserklärung Jugendhilfe und Jobcenter",
            [("III", "Gemeinsame Fortbildung für das kommende Jahr planen", None)],
        ),
        (
            "Kooperationsvereinbarung zum Integrationsmanagement",
            [("III", "Neue Ansprechpersonen im Verteiler ergänzen", heute)],
        ),
    ):
        vereinbarung = Kooperationsvereinbarung.objects.get(jobcenter=jc, titel=v)
        for phase, text, erledigt in aufgaben:
            Phasenaufgabe.objects.get_or_create(
                vereinbarung=vereinbarung,
                text=text,
                defaults={"phase": phase, "erledigt_am": erledigt},
            )
    # Mobility and physical health: needs the Bedarfsanalyse shows uncovered.
    netz, neu = Kooperationsvereinbarung.objects.get_or_create(
        jobcenter=jc,
        titel="Netzwerk Mobilität und Gesundheit (im Aufbau)",
        defaults={
            "ziele": "Wege zur Arbeit ohne Auto; Gesundheitsangebote für Langzeitarbeitslose.",
            "ebenen": "Projekte",
            "formalisierung": "muendlich",
            "phase": "IIB",
            "beginn": heute - datetime.timedelta(days=30),
            "laufzeitart": "befristet",
            "ende": heute + datetime.timedelta(days=335),
            "verantwortlich": gf,
        },
    )
    if neu:
        Vertragspartei.objects.create(
            vereinbarung=netz, partner=Partner.objects.get(jobcenter=jc, name=JOBCENTER)
        )
        for phase, text, erledigt in [
            ("I", "Bedarfsanalyse mit den Teams besprechen", heute - datetime.timedelta(20)),
            ("IIA", "Verkehrsbetrieb und Krankenkassen recherchieren", heute),
            ("IIB", "Erstgespräch mit dem Verkehrsverbund führen", None),
            ("IIB", "Gesundheitsamt ansprechen", None),
            ("IIC", "Gemeinsame Ziele schriftlich festhalten", None),
        ]:
            Phasenaufgabe.objects.create(
                vereinbarung=netz, phase=phase, text=text, erledigt_am=erledigt
            )
        vereinbarung_fristen_setzen(netz, heute)
    # The language course is full this period: the matrix shows it.
    kurs = Angebot.objects.get(jobcenter=jc, titel="Berufssprachkurs B1/B2")
    belegung = belegung_fuer(kurs, heute)
    if belegung.belegt < belegung.plaetze:
        belegung.belegt = belegung.plaetze
        belegung.save(update_fields=["belegt"])
