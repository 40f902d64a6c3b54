"""What a phase of the load test lost or did twice, looked up in the
load-test cluster: ``python -m lasttest.pruefung fristen PHASE N`` files N
deadlines due today (their reminders must go out exactly once);
``python -m lasttest.pruefung bilanz PHASE`` prints one JSON object:

- writes the clients saw succeed (``schreiben_ok``) and those of them not
  found in the database (``schreiben_verloren``): saved drafts, agreed
  plans, the Träger's decisions;
- agreed versions of the phase (also those whose client saw an error after
  the commit) without a stored PDF (``pdf_fehlt``) or with more than one
  PDF file (``pdf_doppelt``);
- deadlines filed for the phase whose reminder mail is missing
  (``erinnerung_fehlt``) or went out more than once (``erinnerung_doppelt``)."""

from __future__ import annotations

import collections
import datetime
import email
import json
import os
import re
import sys
import time
from pathlib import Path

import django

from .dienste import ARBEIT

LAUF = ARBEIT / "lauf"
TRENNER = re.compile(rb"^-{79}$", re.MULTILINE)
MAILZEILE = re.compile(r"Termin, fällig am [0-9.]+, Fall (\d+)")


def _eintraege(phase: str) -> list[dict]:
    datei = LAUF / f"{phase}.schreiben.jsonl"
    if not datei.exists():
        return []
    return [json.loads(z) for z in datei.read_text().splitlines() if z.strip()]


def fristen(phase: str, anzahl: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from cases.models import Leistungsberechtigter
    from kooperation.models import Fristart, Team, Wiedervorlage

    manifest = json.loads((ARBEIT / "manifest.json").read_text())
    schon = set()
    for datei in LAUF.glob("*.fristen.json"):
        schon.update(json.loads(datei.read_text())["faelle"])
    kandidaten = [p for ifk in manifest["ifk"] for p in ifk["personen"][5:] if p not in schon][
        :anzahl
    ]
    personen = Leistungsberechtigter.objects.filter(pk__in=kandidaten).values(
        "pk", "zustaendig_id", "team_id", "jobcenter_id"
    )
    typ = ContentType.objects.get_for_model(Team)
    basis = int(time.time() * 1000) * 1000
    fristen = Wiedervorlage.objects.bulk_create(
        Wiedervorlage(
            jobcenter_id=p["jobcenter_id"],
            art=Fristart.TERMIN,
            faellig_am=timezone.localdate(),
            zustaendig_id=p["zustaendig_id"],
            team_id=p["team_id"],
            ursache_typ=typ,
            ursache_id=basis + i,
            leistungsberechtigter_id=p["pk"],
        )
        for i, p in enumerate(personen)
    )
    (LAUF / f"{phase}.fristen.json").write_text(
        json.dumps(
            {
                "fristen": [f.pk for f in fristen],
                "faelle": [f.leistungsberechtigter_id for f in fristen],
            }
        )
    )


def _mails_je_fall() -> collections.Counter:
    zaehler: collections.Counter = collections.Counter()
    for datei in (ARBEIT / "mail").glob("*"):
        for teil in TRENNER.split(datei.read_bytes()):
            if not teil.strip():
                continue
            nachricht = email.message_from_bytes(teil.strip())
            for stueck in nachricht.walk():
                if stueck.get_content_maintype() != "text":
                    continue
                text = stueck.get_payload(decode=True).decode(
                    stueck.get_content_charset() or "utf-8"
                )
                zaehler.update(int(f) for f in MAILZEILE.findall(text))
    return zaehler


def bilanz(phase: str) -> dict:
    from django.conf import settings

    from kooperation.models import Erinnerung
    from plans.models import AbstimmungPosition, PlanVersion

    eintraege = sorted(_eintraege(phase), key=lambda e: e["t"])
    ok = verloren = 0
    # Drafts: the last text the client saw saved must be there, unless a
    # later attempt (whose answer the client did not see as success) replaced it.
    versuche: dict[int, list[dict]] = collections.defaultdict(list)
    for e in eintraege:
        if e["art"] in ("gespeichert", "speichern_fehlgeschlagen"):
            versuche[e["version"]].append(e)
    ziele = dict(PlanVersion.objects.filter(pk__in=list(versuche)).values_list("pk", "ziel"))
    for version, liste in versuche.items():
        bestaetigt = [i for i, e in enumerate(liste) if e["art"] == "gespeichert"]
        if not bestaetigt:
            continue
        ok += 1
        moeglich = {e["ziel"] for e in liste[bestaetigt[-1] :]}
        if ziele.get(version) not in moeglich:
            verloren += 1
    vereinbart = {e["version"] for e in eintraege if e["art"] == "vereinbart"}
    versucht = vereinbart | {
        e["version"] for e in eintraege if e["art"] == "vereinbaren_fehlgeschlagen"
    }
    stand = {
        v["pk"]: v
        for v in PlanVersion.objects.filter(pk__in=versucht).values(
            "pk", "status", "pdf", "pdf_sha256", "plan_id", "nummer"
        )
    }
    ok += len(vereinbart)
    verloren += sum(1 for v in vereinbart if stand.get(v, {}).get("status") != "vereinbart")
    entschieden = {e["position"] for e in eintraege if e["art"] == "entschieden"}
    ok += len(entschieden)
    verloren += AbstimmungPosition.objects.filter(pk__in=entschieden, status="offen").count()

    medien = Path(settings.MEDIA_ROOT)
    pdf_fehlt = pdf_doppelt = 0
    agreed = [v for v in stand.values() if v["status"] == "vereinbart"]
    for v in agreed:
        dateien = list(
            medien.glob(f"plaene/*/*/kooperationsplan-{v['plan_id']}-v{v['nummer']}*.pdf")
        )
        if not v["pdf_sha256"] or not (medien / v["pdf"]).exists():
            pdf_fehlt += 1
        if len(dateien) > 1:
            pdf_doppelt += 1

    erinnerung_fehlt = erinnerung_doppelt = fristen_anzahl = 0
    fristen_datei = LAUF / f"{phase}.fristen.json"
    if fristen_datei.exists():
        fristen = json.loads(fristen_datei.read_text())
        fristen_anzahl = len(fristen["fristen"])
        mails = _mails_je_fall()
        zeilen = collections.Counter(
            Erinnerung.objects.filter(wiedervorlage_id__in=fristen["fristen"]).values_list(
                "wiedervorlage_id", flat=True
            )
        )
        for frist, fall in zip(fristen["fristen"], fristen["faelle"], strict=True):
            if mails[fall] == 0:
                erinnerung_fehlt += 1
            elif mails[fall] > 1 or zeilen[frist] > 1:
                erinnerung_doppelt += 1
    return {
        "schreiben_ok": ok,
        "schreiben_verloren": verloren,
        "vereinbart": len(agreed),
        "pdf_fehlt": pdf_fehlt,
        "pdf_doppelt": pdf_doppelt,
        "fristen": fristen_anzahl,
        "erinnerung_fehlt": erinnerung_fehlt,
        "erinnerung_doppelt": erinnerung_doppelt,
        "zeit": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lasttest.settings")
    django.setup()
    LAUF.mkdir(parents=True, exist_ok=True)
    if argv[0] == "fristen":
        fristen(argv[1], int(argv[2]))
    elif argv[0] == "bilanz":
        print(json.dumps(bilanz(argv[1])))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
