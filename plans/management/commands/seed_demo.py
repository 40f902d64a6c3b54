"""A realistic demo Jobcenter, made through the same services as real work,
so the demo shows what the system does. Idempotent: running it again changes
nothing that exists and only fills in what is missing."""

from __future__ import annotations

import datetime
import os
import random

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from faker import Faker

from cases.models import GesetzlicherVertreter, Haushalt, Leistungsberechtigter, Sprache
from cases.services import (
    leistungsberechtigter_anlegen,
    potenzialanalyse_abschliessen,
    potenzialanalyse_beginnen,
)
from kooperation.access import Rolle, rollen_gruppenname
from kooperation.katalog import Handlungsbedarf, Leistung16a
from kooperation.models import Jobcenter, Schliesstag, Team, User
from partners.kapazitaet import zeitraum_von
from partners.models import (
    Angebot,
    Ansprechpartner,
    KommunalerTraeger,
    Kooperationsvereinbarung,
    Partner,
    Rahmenabstimmung,
    Vertragspartei,
)
from plans.models import KeinPlanGrund, PlanEintrag, Planteil
from plans.services import (
    abstimmung_anfragen,
    abstimmung_entscheiden,
    kein_plan_festhalten,
    kooperationsplan_anlegen,
    planversion_vereinbaren,
)

JOBCENTER = "Jobcenter Rheinstadt"
TEAMS = [
    ("Team Nord", "Nordstadt"),
    ("Team Mitte", "Innenstadt"),
    ("Team Süd", "Südstadt"),
    ("Team U25", "ganze Stadt"),
]

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


class Command(BaseCommand):
    help = "Legt ein Demo-Jobcenter mit Teams, Partnern und einigen hundert Fällen an."

    def add_arguments(self, parser):
        parser.add_argument("--personen", type=int, default=300)
        parser.add_argument("--zufall", type=int, default=2026)

    def handle(self, *args, personen: int, zufall: int, **options):
        self.rng = random.Random(zufall)
        self.fake = Faker("de_DE")
        self.fake.seed_instance(zufall)
        self.heute = timezone.localdate()
        passwort = os.environ.get("DEMO_PASSWORD", "demo")
        with transaction.atomic():
            jc = self._jobcenter()
            teams = self._teams(jc)
            users = self._benutzer(jc, teams, passwort)
            traeger = self._traeger(jc, users["traeger"])
            self._partner(jc, traeger)
        vorhanden = Leistungsberechtigter.objects.filter(jobcenter=jc).count()
        for i in range(vorhanden, personen):
            with transaction.atomic():
                self._fall(i, jc, teams, users)
        anzahl = Leistungsberechtigter.objects.filter(jobcenter=jc).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Jobcenter bereit: {anzahl}"
                f" Leistungsberechtigte. Anmeldung mit ifk, teamleitung, traeger, "
                f"geschaeftsfuehrung, admin; Passwort: {passwort}"
            )
        )

    # --- organisation -------------------------------------------------------

    def _jobcenter(self) -> Jobcenter:
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
        for jahr in (self.heute.year, self.heute.year + 1):
            for monat, tag, name in ((12, 24, "Heiligabend"), (12, 31, "Silvester")):
                Schliesstag.objects.get_or_create(
                    jobcenter=jc,
                    datum=datetime.date(jahr, monat, tag),
                    defaults={"bezeichnung": name},
                )
        return jc

    def _teams(self, jc) -> list[Team]:
        return [
            Team.objects.get_or_create(jobcenter=jc, name=name, defaults={"region": region})[0]
            for name, region in TEAMS
        ]

    def _user(self, username, rolle, jc, team, passwort, vorname, nachname, staff=False):
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

    def _benutzer(self, jc, teams, passwort) -> dict:
        u = {
            "ifk": self._user("ifk", Rolle.IFK, jc, teams[0], passwort, "Ina", "Fischer"),
            "teamleitung": self._user(
                "teamleitung", Rolle.TEAMLEITUNG, jc, teams[0], passwort, "Tobias", "Lehmann"
            ),
            "traeger": self._user("traeger", Rolle.TRAEGER, jc, None, passwort, "Tanja", "Reuter"),
            "geschaeftsfuehrung": self._user(
                "geschaeftsfuehrung",
                Rolle.GESCHAEFTSFUEHRUNG,
                jc,
                None,
                passwort,
                "Gerd",
                "Schäfer",
            ),
            "admin": self._user(
                "admin", Rolle.ADMINISTRATION, jc, None, passwort, "Anna", "Demir", staff=True
            ),
            "fachverfahren": self._user(
                "fachverfahren", Rolle.API_CLIENT, jc, None, passwort, "", "Fachverfahren"
            ),
        }
        ifks = [u["ifk"]]
        for t_index, team in enumerate(teams):
            for n in range(1, 3):
                name = f"ifk{t_index + 1}{n}"
                ifks.append(
                    self._user(
                        name,
                        Rolle.IFK,
                        jc,
                        team,
                        passwort,
                        self.fake.first_name(),
                        self.fake.last_name(),
                    )
                )
        u["ifks"] = ifks
        return u

    def _traeger(self, jc, sachbearbeitung) -> KommunalerTraeger:
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
        beginn, ende = zeitraum_von(schulden, self.heute)
        Rahmenabstimmung.objects.get_or_create(
            angebot=schulden,
            beginn=beginn,
            defaults={"traeger": traeger, "ende": ende, "kontingent": 10},
        )
        return traeger

    def _partner(self, jc, traeger) -> None:
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
                    name=self.fake.name(),
                    funktion="Koordination",
                    zentral=True,
                    gueltig_ab=self.heute - datetime.timedelta(days=400),
                    telefon=self.fake.phone_number(),
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

    # --- cases --------------------------------------------------------------

    def _fall(self, i: int, jc, teams, users) -> None:
        rng = self.rng
        ifk = users["ifk"] if i % 4 == 0 else rng.choice(users["ifks"])
        team = ifk.team
        minderjaehrig = team.name == "Team U25" and rng.random() < 0.3
        alter = (
            rng.randint(16, 17)
            if minderjaehrig
            else (rng.randint(18, 24) if team.name == "Team U25" else rng.randint(25, 63))
        )
        geburtsdatum = self.heute - datetime.timedelta(
            days=int(alter * 365.25) + rng.randint(30, 300)
        )
        person = leistungsberechtigter_anlegen(
            acting_user=ifk,
            team=team,
            zustaendig=ifk,
            kundennummer=f"{jc.pk:03d}D{100000 + i}",
            vorname=self.fake.first_name(),
            nachname=self.fake.last_name(),
            geburtsdatum=geburtsdatum,
            strasse=self.fake.street_address(),
            plz=f"{rng.randint(68159, 68309)}",
            ort="Rheinstadt",
            telefon=self.fake.phone_number(),
            sprache=rng.choice([s for s, _ in Sprache.choices]),
            haushalt=rng.choice([h for h, _ in Haushalt.choices]),
        )
        if minderjaehrig:
            GesetzlicherVertreter.objects.create(
                leistungsberechtigter=person,
                name=self.fake.name(),
                beziehung="Mutter",
                telefon=self.fake.phone_number(),
            )
        # Stage: spread people over every stage of the process.
        stufe = rng.choices(
            ["neu", "pa", "planung", "abstimmung", "vereinbart", "ueberpruefung", "kein_plan"],
            weights=[5, 10, 20, 8, 40, 10, 7],
        )[0]
        if stufe == "neu":
            return
        pa_start = self.heute - datetime.timedelta(days=rng.randint(20, 240))
        if stufe == "ueberpruefung":
            pa_start = self.heute - datetime.timedelta(days=rng.randint(190, 230))
        elif stufe == "abstimmung":
            pa_start = self.heute - datetime.timedelta(days=rng.randint(12, 25))
        pa = potenzialanalyse_beginnen(
            acting_user=ifk, leistungsberechtigter=person, begonnen_am=pa_start
        )
        if stufe == "pa":
            return
        bedarfe = rng.sample(list(Handlungsbedarf.values), rng.randint(1, 4))
        abschluss = pa_start + datetime.timedelta(days=rng.randint(0, 7))
        if stufe == "planung":
            abschluss = max(pa_start, self.heute - datetime.timedelta(days=rng.randint(0, 25)))
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
            PlanEintrag.objects.create(
                version=version, teil=Planteil.WEG, text=schritt, reihenfolge=n
            )
        PlanEintrag.objects.create(
            version=version,
            teil=Planteil.EIGENBEMUEHUNG,
            text="Ich bewerbe mich auf Stellen, die zu mir passen.",
            haeufigkeit="4 Bewerbungen im Monat",
            nachweis="Liste beim nächsten Termin zeigen",
        )
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
        vereinbart_am = min(self.heute, start + datetime.timedelta(days=rng.randint(1, 7)))
        minderjaehrig = person.ist_minderjaehrig(vereinbart_am)
        if minderjaehrig and not person.vertreter.exists():
            GesetzlicherVertreter.objects.create(
                leistungsberechtigter=person,
                name=self.fake.name(),
                beziehung="Vater",
            )
        planversion_vereinbaren(
            acting_user=ifk,
            version=version,
            vereinbart_am=vereinbart_am,
            vertreter_zustimmung_am=vereinbart_am if minderjaehrig else None,
        )
