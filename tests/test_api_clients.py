"""A Fachverfahren's developers generate a client from the OpenAPI schema and
it works unchanged: once per session, a Python client (openapi-python-client)
and a TypeScript client (openapi-typescript types with openapi-fetch, checked
by ``tsc --strict``) are generated from the schema into a temporary folder;
each runs the usual flow against a live test server (person,
Potenzialanalyse, plan, items, agreement, PDF) and reads every resource.
Everything comes from ``make install`` (pyproject, package-lock.json): no
network at test time."""

import datetime
import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from kooperation.access import Rolle
from kooperation.models import ApiToken
from tests.cases.factories import PotenzialanalyseFactory
from tests.partners.factories import AngebotFactory, PartnerFactory
from tests.plans.factories import in_abstimmung

BIN = Path(sys.executable).parent
NODE_BIN = Path(settings.BASE_DIR) / "node_modules" / ".bin"
PAKET = "kooperationsplan_client"
ABLAUF_TS = Path(__file__).parent / "fachverfahren" / "ablauf.mts"

# Every resource the flow reads (list and one entry), as the clients name them.
RESSOURCEN = {
    "leistungsberechtigte",
    "potenzialanalysen",
    "kooperationsplaene",
    "versionen",
    "eintraege",
    "abstimmungen",
    "wiedervorlagen",
    "partner",
    "angebote",
    "bedarfsanalyse",
}


def _ausfuehren(befehl: list, cwd: Path, env: dict | None = None) -> str:
    ergebnis = subprocess.run(  # noqa: S603 - our own tools from the venv and node_modules
        [str(b) for b in befehl],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert ergebnis.returncode == 0, f"{befehl[0]}:\n{ergebnis.stdout}\n{ergebnis.stderr}"
    return ergebnis.stdout


@pytest.fixture(scope="session")
def schema_datei(tmp_path_factory) -> Path:
    """The schema as ``/api/schema/?format=json`` serves it."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    datei = tmp_path_factory.mktemp("schema") / "schema.json"
    datei.write_bytes(OpenApiJsonRenderer().render(schema))
    return datei


@pytest.fixture(scope="session")
def python_client(schema_datei, tmp_path_factory):
    """The generated Python package, importable; generated once per session.
    Its post-generation hooks (ruff) come from the venv."""
    ordner = tmp_path_factory.mktemp("python-client")
    _ausfuehren(
        [
            BIN / "openapi-python-client",
            "generate",
            "--path",
            schema_datei,
            "--output-path",
            ordner / PAKET,
            "--meta",
            "none",
        ],
        cwd=ordner,
        env={"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    sys.path.insert(0, str(ordner))
    yield importlib.import_module(PAKET)
    sys.path.remove(str(ordner))


@pytest.fixture(scope="session")
def ts_client(schema_datei, tmp_path_factory) -> Path:
    """The TypeScript flow, type-checked against the generated types and
    compiled: ``tsc --strict`` fails on any mismatch with the schema."""
    ordner = tmp_path_factory.mktemp("ts-client")
    (ordner / "node_modules").symlink_to(NODE_BIN.parent, target_is_directory=True)
    _ausfuehren(
        [NODE_BIN / "openapi-typescript", schema_datei, "--output", ordner / "schema.d.ts"],
        cwd=ordner,
    )
    shutil.copy(ABLAUF_TS, ordner / ABLAUF_TS.name)
    _ausfuehren(
        [
            NODE_BIN / "tsc",
            "--strict",
            # The libraries' own declarations (DOM, openapi-fetch) are not
            # ours to check and take half the time; the flow is still checked
            # against the generated types.
            "--skipLibCheck",
            "--target",
            "es2022",
            "--module",
            "nodenext",
            "--moduleResolution",
            "nodenext",
            "--lib",
            "es2022,dom",
            "--outDir",
            ordner / "js",
            ordner / ABLAUF_TS.name,
        ],
        cwd=ordner,
    )
    return ordner / "js" / ABLAUF_TS.with_suffix(".mjs").name


@pytest.fixture
def daten(welt):
    """Something to read behind every resource besides what the flow makes:
    a § 16a request for the Träger, a partner and an offer."""
    PotenzialanalyseFactory(leistungsberechtigter=welt.team_fall)
    in_abstimmung(welt)
    PartnerFactory(jobcenter=welt.jc)
    AngebotFactory(jobcenter=welt.jc)
    _, schluessel = ApiToken.objects.create(welt.users[Rolle.IFK])
    welt.schluessel = schluessel
    return welt


def _tag(versatz: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=versatz)  # noqa: DTZ011


class PythonClient:
    """Calls the generated functions by operation id, as a developer would."""

    def __init__(self, paket, basis: str, schluessel: str):
        self.paket = paket
        self.client = paket.AuthenticatedClient(
            base_url=basis, token=schluessel, prefix="Token", raise_on_unexpected_status=True
        )

    def modell(self, name: str, daten: dict):
        return getattr(importlib.import_module(f"{PAKET}.models"), name).from_dict(daten)

    def antwort(self, operation: str, **kwargs):
        gruppe = operation.split("_")[0]
        modul = importlib.import_module(f"{PAKET}.api.{gruppe}.{operation}")
        return modul.sync_detailed(client=self.client, **kwargs)

    def __call__(self, operation: str, status: int = 200, **kwargs):
        antwort = self.antwort(operation, **kwargs)
        assert antwort.status_code == status, (operation, antwort.status_code, antwort.content)
        return antwort.parsed


@pytest.fixture
def python_api(daten, live_server, python_client):
    api = PythonClient(python_client, live_server.url, daten.schluessel)
    yield api
    api.client.get_httpx_client().close()


@pytest.mark.django_db(transaction=True)
def test_python_client_aus_dem_schema(daten, python_api):
    api = python_api

    person = api(
        "leistungsberechtigte_create",
        201,
        body=api.modell(
            "LeistungsberechtigterRequest",
            {
                "kundennummer": "PY-1",
                "vorname": "Pia",
                "nachname": "Generatorova",
                "geburtsdatum": "1991-05-06",
                "team": daten.team.pk,
            },
        ),
    )
    assert person.geburtsdatum == datetime.date(1991, 5, 6)

    pa = api(
        "potenzialanalysen_create",
        201,
        body=api.modell(
            "PotenzialanalyseRequest",
            {"leistungsberechtigter": person.id, "begonnen_am": str(_tag(-10))},
        ),
    )
    pa = api(
        "potenzialanalysen_partial_update",
        id=pa.id,
        body=api.modell(
            "PatchedPotenzialanalyseBearbeitenEingabeRequest",
            {
                "staerken": "Pünktlich, hilfsbereit.",
                "handlungsbedarfe": [{"bereich": "sprache"}],
                "sperrversion": pa.sperrversion,
            },
        ),
    )
    assert [h.bereich for h in pa.handlungsbedarfe] == ["sprache"]
    pa = api(
        "potenzialanalysen_abschliessen",
        id=pa.id,
        body=api.modell(
            "PotenzialanalyseAbschliessenEingabeRequest",
            {
                "abgeschlossen_am": str(_tag(-9)),
                "reha_bedarf": "nein",
                "sperrversion": pa.sperrversion,
            },
        ),
    )
    assert pa.status == "abgeschlossen"

    plan = api(
        "kooperationsplaene_create",
        201,
        body=api.modell(
            "KooperationsplanRequest",
            {
                "leistungsberechtigter": person.id,
                "potenzialanalyse": pa.id,
                "begonnen_am": str(_tag(-8)),
            },
        ),
    )
    pfad = {"plan_pk": plan.id, "id": plan.versionen[0]}
    version = api("kooperationsplaene_versionen_retrieve", **pfad)
    version = api(
        "kooperationsplaene_versionen_partial_update",
        **pfad,
        body=api.modell(
            "PatchedPlanVersionBearbeitenEingabeRequest",
            {"ziel": "Ich will als Busfahrerin arbeiten.", "sperrversion": version.sperrversion},
        ),
    )
    assert version.ziel == "Ich will als Busfahrerin arbeiten."

    # A stale sperrversion: 409, parsed into the documented error shape.
    veraltet = api(
        "kooperationsplaene_versionen_partial_update",
        409,
        **pfad,
        body=api.modell(
            "PatchedPlanVersionBearbeitenEingabeRequest",
            {"kontakt": "überschrieben?", "sperrversion": version.sperrversion - 1},
        ),
    )
    assert veraltet.code == "conflict"
    assert "geändert" in veraltet.detail

    eintraege = {"plan_pk": plan.id, "version_pk": version.id}
    for text in ("Ich mache den Führerschein Klasse D.", "Ein Schritt zu viel."):
        version = api("kooperationsplaene_versionen_retrieve", **pfad)
        eintrag = api(
            "kooperationsplaene_versionen_eintraege_create",
            201,
            **eintraege,
            body=api.modell(
                "PlanEintragEingabeRequest",
                {"teil": "weg", "text": text, "sperrversion": version.sperrversion},
            ),
        )
    version = api("kooperationsplaene_versionen_retrieve", **pfad)
    api(
        "kooperationsplaene_versionen_eintraege_destroy",
        204,
        **eintraege,
        id=eintrag.id,
        sperrversion=version.sperrversion,
    )
    version = api("kooperationsplaene_versionen_retrieve", **pfad)
    erster = version.eintraege[0]
    geaendert = api(
        "kooperationsplaene_versionen_eintraege_partial_update",
        **eintraege,
        id=erster.id,
        body=api.modell(
            "PatchedPlanEintragEingabeRequest",
            {"text": "Ich mache bis Juni den Führerschein.", "sperrversion": version.sperrversion},
        ),
    )
    assert geaendert.teil == "weg"

    vereinbart = api(
        "kooperationsplaene_versionen_vereinbaren",
        **pfad,
        body=api.modell("VereinbarenEingabeRequest", {"vereinbart_am": str(_tag(-7))}),
    )
    assert vereinbart.status == "vereinbart"
    pdf = api("kooperationsplaene_versionen_pdf", **pfad)
    assert pdf.payload.read(5) == b"%PDF-"

    # A read of every resource: each list, then the first entry of it.
    gelesen = set()
    for gruppe, pfad_liste, pfad_eintrag in [
        ("leistungsberechtigte", {}, {}),
        ("potenzialanalysen", {}, {}),
        ("kooperationsplaene", {}, {}),
        ("kooperationsplaene_versionen", {"plan_pk": plan.id}, {"plan_pk": plan.id}),
        ("kooperationsplaene_versionen_eintraege", eintraege, eintraege),
        ("abstimmungen", {}, {}),
        ("wiedervorlagen", {}, {}),
        ("partner", {}, {}),
        ("angebote", {}, {}),
    ]:
        seite = api(f"{gruppe}_list", **pfad_liste)
        assert seite.results, gruppe
        eintrag = api(f"{gruppe}_retrieve", **pfad_eintrag, id=seite.results[0].id)
        assert eintrag.id == seite.results[0].id
        gelesen.add(gruppe.split("_")[-1])
    assert api("bedarfsanalyse_list")
    gelesen.add("bedarfsanalyse")
    assert gelesen == RESSOURCEN


@pytest.mark.django_db(transaction=True)
def test_typescript_client_aus_dem_schema(daten, live_server, ts_client):
    ausgabe = _ausfuehren(
        [
            "node",
            ts_client,
            live_server.url,
            daten.schluessel,
            daten.team.pk,
            _tag(0).isoformat(),
        ],
        cwd=ts_client.parent,
    )
    ergebnis = json.loads(ausgabe.strip().splitlines()[-1])
    assert ergebnis["analyse"] == "abgeschlossen"
    assert ergebnis["version"] == "vereinbart"
    assert ergebnis["eintraege"] == ["Ich melde mich bis Monatsende zum Deutschkurs an."]
    assert ergebnis["pdf"] == "%PDF-"
    assert ergebnis["pdfGroesse"] > 1000
    assert set(ergebnis["gelesen"]) == RESSOURCEN
