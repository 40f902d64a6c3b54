"""The peak hour of a Jobcenter, as Locust users (started by lasttest.run).

Every user makes one request per turn at a fixed rate (constant
throughput), so the offered load is users × rate; ``LASTTEST_FAKTOR``
scales the number of users. At factor 1 the mix offers about 30 requests
per second: IFKs 24 (browsing the caseload, opening people, editing drafts
with the live check, agreeing plans, downloading PDFs), the Träger 1, the
Geschäftsführung one dashboard every 20 s, API clients 5.

Each request is written to ``LASTTEST_PROTOKOLL`` (JSON lines: time, kind,
milliseconds, status, ok); each write the client saw succeed to
``LASTTEST_SCHREIBEN``, to be looked up afterwards (lasttest.pruefung)."""

from __future__ import annotations

import collections
import glob
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, constant_throughput, events, task

ARBEIT = Path(__file__).resolve().parent.parent / ".lasttest"
MANIFEST = json.loads((ARBEIT / "manifest.json").read_text())
FAKTOR = float(os.environ.get("LASTTEST_FAKTOR", "1"))
MODUS = os.environ.get("LASTTEST_MODUS", "mix")
PROTOKOLL = open(os.environ.get("LASTTEST_PROTOKOLL", os.devnull), "a", buffering=1)  # noqa: SIM115
SCHREIBEN = open(os.environ.get("LASTTEST_SCHREIBEN", os.devnull), "a", buffering=1)  # noqa: SIM115
HEUTE = MANIFEST["heute"]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SPERRVERSION = re.compile(r'name="sperrversion" value="(\d+)"')


def _schon_benutzt(art: str, feld: str) -> set[int]:
    """Drafts or requests taken in earlier phases of this run (their writes logs)."""
    benutzt = set()
    for datei in glob.glob(str(ARBEIT / "lauf" / "*.schreiben.jsonl")):
        with open(datei) as f:
            for zeile in f:
                eintrag = json.loads(zeile)
                if eintrag["art"] == art:
                    benutzt.add(eintrag[feld])
    return benutzt


_ENTWUERFE_BENUTZT = _schon_benutzt("begonnen", "version")
# Drafts per IFK account, shared by the simulated users on that account.
ENTWUERFE = [
    collections.deque(e for e in ifk["entwuerfe"] if e[1] not in _ENTWUERFE_BENUTZT)
    for ifk in MANIFEST["ifk"]
]
_ANFRAGEN_BENUTZT = _schon_benutzt("anfrage_begonnen", "position")
ANFRAGEN = collections.deque(
    a for a in MANIFEST["traeger"]["anfragen"] if a[1] not in _ANFRAGEN_BENUTZT
)
# Share of an IFK's turns that start editing a draft (fault phases raise it,
# so that enough plans are agreed while a service is away).
BEARBEITEN = float(os.environ.get("LASTTEST_BEARBEITEN", "0.04"))
_naechste_ifk = iter(range(10**9))


@events.request.add_listener
def _protokollieren(request_type, name, response_time, response_length, response, exception, **kw):
    status = getattr(response, "status_code", 0) if response is not None else 0
    text = ""
    if response is not None and status >= 500:
        text = response.text or ""
    PROTOKOLL.write(
        json.dumps(
            {
                "t": round(kw.get("start_time", time.time()), 3),
                "art": name,
                "ms": round(response_time, 1),
                "status": status,
                "ok": exception is None,
                "traceback": "Traceback" in text,
                "deutsch_503": status == 503 and "nicht erreichbar" in text,
            }
        )
        + "\n"
    )


def _schreiben(**eintrag) -> None:
    SCHREIBEN.write(json.dumps({"t": round(time.time(), 3), **eintrag}) + "\n")


class Sitzung(HttpUser):
    """A logged-in browser (session prepared by lasttest.vorbereitung)."""

    abstract = True

    def anmelden(self, sitzung: str) -> None:
        self.client.cookies.set("sessionid", sitzung, domain="127.0.0.1", path="/")

    def holen(self, pfad: str, art: str, erwartet=(200,), **kwargs):
        return self._anfrage("GET", pfad, art, erwartet, **kwargs)

    def senden(self, pfad: str, art: str, daten: dict, erwartet=(302,), **kwargs):
        daten = {"csrfmiddlewaretoken": self.csrf or "", **daten}
        return self._anfrage("POST", pfad, art, erwartet, data=daten, **kwargs)

    csrf: str | None = None

    def _anfrage(self, methode: str, pfad: str, art: str, erwartet, **kwargs):
        headers = kwargs.pop("headers", {})
        if methode == "POST":
            headers["Referer"] = self.host + pfad
        with self.client.request(
            methode,
            pfad,
            name=art,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as antwort:
            # Plain HTTP on 127.0.0.1: the production cookies are marked
            # Secure; this client sends them back all the same.
            for cookie in self.client.cookies:
                cookie.secure = False
            if antwort.status_code in erwartet:
                antwort.success()
                treffer = CSRF.search(antwort.text or "") if methode == "GET" else None
                if treffer:
                    self.csrf = treffer.group(1)
            else:
                antwort.failure(f"HTTP {antwort.status_code}")
            return antwort


class Ifk(Sitzung):
    wait_time = constant_throughput(0.4)
    fixed_count = round(60 * FAKTOR) if MODUS == "mix" else 0

    def on_start(self):
        nummer = next(_naechste_ifk) % len(MANIFEST["ifk"])
        self.konto = MANIFEST["ifk"][nummer]
        self.entwuerfe = ENTWUERFE[nummer]
        self.anmelden(self.konto["sitzung"])
        self.schritte: collections.deque = collections.deque()
        self.vereinbart: list[tuple[float, int]] = []

    @task
    def weiter(self):
        if not self.schritte:
            self._neu_waehlen()
        self.schritte.popleft()()

    def _neu_waehlen(self):
        # Mostly reading; about one edit in 25 turns, half of them agreed
        # (at factor 1: some 0.3 agreements per second, a busy hour).
        wurf = random.random() * (1 + BEARBEITEN - 0.04)
        if wurf < 0.30:
            self.schritte.append(lambda: self.holen("/faelle/", "ifk_fallliste"))
        elif wurf < 0.40:
            self.schritte.append(lambda: self.holen("/faelle/?bereich=team", "ifk_fallliste_team"))
        elif wurf < 0.90 or (wurf < 0.90 + BEARBEITEN and not self.entwuerfe):
            pid = random.choice(self.konto["personen"])
            self.schritte.append(lambda: self.holen(f"/faelle/{pid}/", "ifk_fall"))
        elif wurf < 0.90 + BEARBEITEN:
            self._bearbeiten(*self.entwuerfe.popleft())
        else:
            fertig = [v for t, v in self.vereinbart if time.time() - t > 5]
            if fertig:
                v = random.choice(fertig)
                self.schritte.append(
                    lambda: self.holen(f"/plaene/versionen/{v}/plan.pdf", "ifk_pdf", (200, 404))
                )
            else:
                pid = random.choice(self.konto["personen"])
                self.schritte.append(lambda: self.holen(f"/faelle/{pid}/", "ifk_fall"))

    def _bearbeiten(self, plan: int, version: int):
        """Open the editor, let the live check run twice while typing, save,
        and (every other time) agree the plan with the person."""
        _schreiben(art="begonnen", version=version)
        zustand = {"sperrversion": None}
        ziel = f"Ich will im Einzelhandel arbeiten. Lauf {random.randrange(10**6)}."
        felder = {
            "ziel": ziel,
            "kontakt": "Frau Beispiel, Telefon 0621 000 000",
            "sonstiges": "",
            "weg": ["Ich suche mir einen Deutsch-Kurs.", "Ich gehe zum Bewerbungs-Training."],
        }

        def editor():
            antwort = self.holen(f"/versionen/{version}/bearbeiten/", "ifk_editor")
            treffer = SPERRVERSION.search(antwort.text or "")
            zustand["sperrversion"] = treffer and treffer.group(1)
            if not treffer:
                self.schritte.clear()

        def pruefen():
            self.senden(
                f"/plaene/versionen/{version}/pruefung/",
                "ifk_pruefung",
                felder,
                erwartet=(200,),
                headers={"HX-Request": "true"},
            )

        def speichern():
            antwort = self.senden(
                f"/versionen/{version}/bearbeiten/",
                "ifk_speichern",
                {
                    "sperrversion": zustand["sperrversion"],
                    "ziel": ziel,
                    "kontakt": felder["kontakt"],
                    "sonstiges": "",
                },
            )
            _schreiben(
                art="gespeichert" if antwort.status_code == 302 else "speichern_fehlgeschlagen",
                version=version,
                ziel=ziel,
            )

        def formular():
            self.holen(f"/plaene/{plan}/vereinbaren/", "ifk_vereinbaren_formular")

        def vereinbaren():
            antwort = self.senden(
                f"/plaene/{plan}/vereinbaren/",
                "ifk_vereinbaren",
                {"vereinbart_am": HEUTE, "vertreter_zustimmung_am": ""},
            )
            _schreiben(
                art="vereinbart" if antwort.status_code == 302 else "vereinbaren_fehlgeschlagen",
                version=version,
                status=antwort.status_code,
            )
            if antwort.status_code == 302:
                self.vereinbart.append((time.time(), version))

        self.schritte.extend([editor, pruefen, pruefen, speichern])
        if random.random() < 0.5:
            self.schritte.extend([formular, vereinbaren])


class Traeger(Sitzung):
    wait_time = constant_throughput(0.25)
    fixed_count = round(4 * FAKTOR) if MODUS == "mix" else 0

    def on_start(self):
        self.anmelden(MANIFEST["traeger"]["sitzung"])
        self.schritte: collections.deque = collections.deque()

    @task
    def weiter(self):
        if not self.schritte:
            self.schritte.append(lambda: self.holen("/traeger/", "traeger_eingang"))
            if ANFRAGEN:
                abstimmung, position = ANFRAGEN.popleft()
                _schreiben(art="anfrage_begonnen", position=position)
                pfad = f"/traeger/anfragen/{abstimmung}/"

                def entscheiden():
                    antwort = self.senden(
                        pfad,
                        "traeger_entscheiden",
                        {
                            "position": position,
                            f"p{position}-status": "zugestimmt",
                            f"p{position}-aenderung": "",
                            f"p{position}-begruendung": "",
                        },
                    )
                    if antwort.status_code == 302:
                        _schreiben(art="entschieden", position=position)

                self.schritte.extend([lambda: self.holen(pfad, "traeger_anfrage"), entscheiden])
        self.schritte.popleft()()


class Geschaeftsfuehrung(Sitzung):
    wait_time = constant_throughput(1 / 20)
    fixed_count = max(1, round(FAKTOR)) if MODUS == "mix" else 0

    def on_start(self):
        self.anmelden(MANIFEST["gf"]["sitzung"])

    @task
    def kennzahlen(self):
        self.holen("/kennzahlen/", "gf_kennzahlen")


class Fachverfahren(HttpUser):
    wait_time = constant_throughput(1.0)
    fixed_count = round(5 * FAKTOR) if MODUS == "mix" else 0
    _nummer = iter(range(10**9))

    def on_start(self):
        tokens = MANIFEST["api"]["tokens"]
        self.client.headers["Authorization"] = f"Token {tokens[next(self._nummer) % len(tokens)]}"
        self.personen = [p for ifk in MANIFEST["ifk"] for p in ifk["personen"][:5]]

    @task
    def lesen(self):
        if random.random() < 0.5:
            self.client.get("/api/v1/leistungsberechtigte/?seitengroesse=50", name="api_liste")
        else:
            pid = random.choice(self.personen)
            self.client.get(f"/api/v1/leistungsberechtigte/{pid}/", name="api_lesen")


class LeereSeite(Sitzung):
    """The baseline: the same gunicorn serving an empty logged-in page, as
    fast as it can (no waiting between requests)."""

    fixed_count = round(20 * FAKTOR) if MODUS == "leer" else 0
    _nummer = iter(range(10**9))

    def on_start(self):
        sitzungen = MANIFEST["leer"]["sitzungen"]
        self.anmelden(sitzungen[next(self._nummer) % len(sitzungen)])

    @task
    def leer(self):
        self.holen("/lasttest/leer/", "leer")
