"""The four apps import in any order: their module-level imports form no
cycle (so no import has to hide inside a function), the dependencies point
one way (plans → cases → partners → kooperation), and a fresh interpreter
imports every module, in a shuffled order, without an error."""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from pathlib import Path

WURZEL = Path(__file__).resolve().parent.parent
APPS = ("kooperation", "partners", "cases", "plans")
# An app may import only from the apps to its right.
RANG = {app: i for i, app in enumerate(APPS)}


def _module() -> dict[str, Path]:
    module = {}
    for app in APPS:
        for datei in sorted((WURZEL / app).rglob("*.py")):
            teile = datei.relative_to(WURZEL).with_suffix("").parts
            if "migrations" in teile or "settings" in teile:
                continue
            name = ".".join(teile[:-1] if teile[-1] == "__init__" else teile)
            module[name] = datei
    return module


def _ziele(name: str, datei: Path, bekannt: set[str]) -> set[str]:
    """Modules of the four apps that ``name`` imports at module level."""
    paket = name if datei.name == "__init__.py" else name.rpartition(".")[0]
    ziele = set()
    for knoten in ast.parse(datei.read_text()).body:
        if isinstance(knoten, ast.Import):
            kandidaten = [a.name for a in knoten.names]
        elif isinstance(knoten, ast.ImportFrom):
            basis = knoten.module or ""
            if knoten.level:
                oben = paket.split(".")[: len(paket.split(".")) - knoten.level + 1]
                basis = ".".join([*oben, basis] if basis else oben)
            kandidaten = [basis] + [f"{basis}.{a.name}" for a in knoten.names]
        else:
            continue
        for kandidat in kandidaten:
            # Importing a.b.c runs a, a.b and a.b.c.
            teile = kandidat.split(".")
            for i in range(1, len(teile) + 1):
                ziel = ".".join(teile[:i])
                # A module's own parent packages are already being imported.
                if ziel in bekannt and not name.startswith(ziel + ".") and ziel != name:
                    ziele.add(ziel)
    return ziele


def _graph() -> dict[str, set[str]]:
    module = _module()
    return {name: _ziele(name, datei, set(module)) for name, datei in module.items()}


def test_keine_zyklen_zwischen_den_modulen():
    graph = _graph()
    besucht, auf_dem_weg, zyklen = set(), [], []

    def tiefe(knoten):
        if knoten in auf_dem_weg:
            zyklen.append([*auf_dem_weg[auf_dem_weg.index(knoten) :], knoten])
            return
        if knoten in besucht:
            return
        besucht.add(knoten)
        auf_dem_weg.append(knoten)
        for ziel in sorted(graph[knoten]):
            tiefe(ziel)
        auf_dem_weg.pop()

    for knoten in sorted(graph):
        tiefe(knoten)
    assert zyklen == []


def test_kein_import_versteckt_sich_in_einer_funktion():
    """Modules of the four apps are imported at the top, where a cycle would
    show. The exceptions: ``AppConfig.ready`` (Django's models are not loaded
    before it) and WeasyPrint, which costs half a second to import."""
    verstecke = []
    for name, datei in _module().items():
        if datei.name == "apps.py":
            continue
        for knoten in ast.walk(ast.parse(datei.read_text())):
            if not isinstance(knoten, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for innen in ast.walk(knoten):
                if isinstance(innen, ast.ImportFrom) and (
                    innen.level or (innen.module or "").split(".")[0] in APPS
                ):
                    verstecke.append((name, knoten.name, innen.module))
                elif isinstance(innen, ast.Import) and any(
                    a.name.split(".")[0] in APPS for a in innen.names
                ):
                    verstecke.append((name, knoten.name, innen.names[0].name))
    assert verstecke == []


def test_abhaengigkeiten_zeigen_in_eine_richtung():
    verstoesse = [
        (modul, ziel)
        for modul, ziele in _graph().items()
        for ziel in ziele
        if RANG[ziel.split(".")[0]] > RANG[modul.split(".")[0]]
        # The project's URL and API lists name the apps' modules by path.
        and modul not in ("kooperation.urls", "kooperation.api_urls")
    ]
    assert verstoesse == []


def test_jedes_modul_laesst_sich_in_beliebiger_reihenfolge_importieren():
    namen = sorted(_module())
    random.Random(13).shuffle(namen)
    programm = (
        "import os, importlib, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kooperation.settings.test')\n"
        "django.setup()\n"
        f"for name in {namen!r}:\n"
        "    importlib.import_module(name)\n"
    )
    ergebnis = subprocess.run(  # noqa: S603 (our own interpreter, our own program)
        [sys.executable, "-c", programm],
        cwd=WURZEL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ergebnis.returncode == 0, ergebnis.stderr[-3000:]
