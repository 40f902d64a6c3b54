"""Auskunft under Art. 15 DSGVO (with § 83 SGB X): everything stored about one
person, as data (JSON) and as a PDF for the person.

``auskunft_daten`` gathers it once; the JSON is that dict, the PDF renders
the same dict (``AuskunftPdf``: a template name, a context, one
``render()``, WeasyPrint shared with the plan PDF). Besides the records it
states the purposes, the recipients (sharings with partners, requests to the
kommunaler Träger), how long the data is kept and the person's rights, and
lists when her data was read or changed (from the audit trail: date, kind
and reason, not the staff member)."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from kooperation.models import Wiedervorlage

from ..models import (
    Pflichtenfestsetzung,
    PlanVersion,
    Schlichtung,
    TraegerAbstimmung,
    Ueberpruefung,
)
from .pdf import layout, schreiben

# Internal bookkeeping, not data about the person; and the links to the
# record a row belongs to (the section it stands in says that).
OHNE = {
    "sperrversion",
    "pdf",
    "pdf_sha256",
    "jobcenter",
    "pseudonym",
    "lesbarkeit_wstf",
    "ursache_typ",
    "ursache_id",
    "leistungsberechtigter",
    "leistungsberechtigter_id",
    "potenzialanalyse",
    "plan",
    "version",
}

AKTION = {
    LogEntry.Action.CREATE: "angelegt",
    LogEntry.Action.UPDATE: "geändert",
    LogEntry.Action.DELETE: "gelöscht",
    LogEntry.Action.ACCESS: "gelesen",
}


def _wert(obj, feld) -> str:
    if feld.choices:
        return str(getattr(obj, f"get_{feld.name}_display")())
    wert = getattr(obj, feld.name)
    if wert is None or wert == "":
        return ""
    if isinstance(wert, datetime.datetime):
        return timezone.localtime(wert).strftime("%d.%m.%Y %H:%M")
    if isinstance(wert, datetime.date):
        return wert.strftime("%d.%m.%Y")
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, list):
        return ", ".join(str(w) for w in wert)
    return str(wert)


def _eintrag(obj, **zusatz) -> dict:
    """One record: its name and every field with its label and value."""
    felder = {}
    for feld in obj._meta.concrete_fields:
        if feld.primary_key or feld.name in OHNE:
            continue
        wert = _wert(obj, feld)
        if wert:
            felder[str(feld.verbose_name)] = wert
    felder.update({k: v for k, v in zusatz.items() if v})
    return {"bezeichnung": str(obj), "felder": felder}


def _abschnitt(titel: str, objekte, **zusatz) -> dict:
    return {"titel": titel, "eintraege": [_eintrag(o, **zusatz) for o in objekte]}


def auskunft_daten(person, *, heute: datetime.date | None = None) -> dict:
    heute = heute or timezone.localdate()
    jobcenter = person.jobcenter
    analysen = list(person.potenzialanalysen.prefetch_related("handlungsbedarfe"))
    plaene = list(person.plaene.all())
    versionen = list(
        PlanVersion.objects.filter(plan__in=plaene)
        .prefetch_related("eintraege")
        .order_by("plan_id", "nummer")
    )
    abstimmungen = list(
        TraegerAbstimmung.objects.filter(version__in=versionen).select_related("traeger")
    )
    schlichtungen = list(Schlichtung.objects.filter(plan__in=plaene))
    festsetzungen = list(Pflichtenfestsetzung.objects.filter(plan__in=plaene))
    ueberpruefungen = list(
        Ueberpruefung.objects.filter(plan__in=plaene).prefetch_related("schritte__eintrag")
    )
    weitergaben = list(person.datenweitergaben.select_related("partner"))
    fristen = list(Wiedervorlage.objects.filter(leistungsberechtigter_id=person.pk))

    abschnitte = [
        _abschnitt("Stammdaten", [person]),
        _abschnitt("Gesetzliche Vertretung", person.vertreter.all()),
        {
            "titel": "Potenzialanalysen",
            "eintraege": [
                _eintrag(
                    pa,
                    Handlungsbedarfe="; ".join(
                        f"{h.get_bereich_display()}"
                        + (f": {h.beschreibung}" if h.beschreibung else "")
                        for h in pa.handlungsbedarfe.all()
                    ),
                )
                for pa in analysen
            ],
        },
        _abschnitt("Kooperationspläne", plaene),
        {
            "titel": "Planversionen",
            "eintraege": [
                _eintrag(
                    v,
                    Plan=str(v.plan_id),
                    Einträge="; ".join(
                        f"{e.get_teil_display()}: {e.text}" for e in v.eintraege.all()
                    ),
                )
                for v in versionen
            ],
        },
        _abschnitt("Abstimmungen mit dem kommunalen Träger", abstimmungen),
        {
            "titel": "Überprüfungen",
            "eintraege": [
                _eintrag(
                    u,
                    Schritte="; ".join(
                        f"{s.eintrag.text}: {s.get_stand_display()}"
                        + (f" ({s.notiz})" if s.notiz else "")
                        for s in u.schritte.all()
                    ),
                )
                for u in ueberpruefungen
            ],
        },
        _abschnitt("Schlichtung", schlichtungen),
        _abschnitt("Festsetzung der Pflichten (Verwaltungsakt)", festsetzungen),
        _abschnitt("Einwilligungen", person.einwilligungen.select_related("partner")),
        _abschnitt("Datenweitergaben an Partner", weitergaben),
        _abschnitt("Fristen", fristen),
    ]
    empfaenger = sorted(
        {str(w.partner) for w in weitergaben} | {str(a.traeger) for a in abstimmungen}
    )
    return {
        "erstellt_am": heute.isoformat(),
        "verantwortlich": {
            "jobcenter": jobcenter.name,
            "anschrift": jobcenter.anschrift,
            "email": jobcenter.email,
        },
        "person": str(person),
        "zwecke": (
            "Beratung und Eingliederung in Arbeit nach dem SGB II: Potenzialanalyse und "
            "Kooperationsplan (§ 15 SGB II), Leistungen zur Eingliederung (§§ 16 ff. SGB II), "
            "Abstimmung mit dem kommunalen Träger (§ 16a SGB II)."
        ),
        "herkunft": "Ihre eigenen Angaben und die Gespräche mit Ihrer Integrationsfachkraft.",
        "empfaenger": empfaenger,
        "speicherdauer": (
            f"Bis {jobcenter.aufbewahrung_fall_jahre} Jahre nach dem Ende Ihres Falls; danach "
            "werden die Daten gelöscht."
        ),
        "rechte": (
            "Sie können verlangen, dass falsche Daten berichtigt (Art. 16 DSGVO), Daten gelöscht "
            "(Art. 17 DSGVO) oder eingeschränkt verarbeitet werden (Art. 18 DSGVO), und der "
            "Verarbeitung widersprechen (Art. 21 DSGVO). Sie können sich bei der oder dem "
            "Bundesbeauftragten für den Datenschutz und die Informationsfreiheit beschweren "
            "(Art. 77 DSGVO)."
        ),
        "abschnitte": abschnitte,
        "zugriffe": _zugriffe(person, [*analysen, *plaene, *versionen, *abstimmungen]),
    }


def _zugriffe(person, weitere) -> list[dict]:
    """When her data was read or changed, and why (the audit trail)."""
    bedingung = Q(pk__in=[])
    for obj in [person, *weitere]:
        ct = ContentType.objects.get_for_model(type(obj))
        bedingung |= Q(content_type=ct, object_pk=str(obj.pk))
    eintraege = LogEntry.objects.filter(bedingung).order_by("timestamp", "pk")
    return [
        {
            "zeitpunkt": timezone.localtime(e.timestamp).strftime("%d.%m.%Y %H:%M"),
            "art": AKTION.get(e.action, "—"),
            "was": e.content_type.model_class()._meta.verbose_name
            if e.content_type.model_class()
            else "",
            "grund": (e.additional_data or {}).get("grund", ""),
        }
        for e in eintraege.select_related("content_type")
    ]


class AuskunftPdf:
    template_name = "plans/pdf/auskunft.html"

    def __init__(self, daten: dict):
        self.daten = daten

    def get_context_data(self) -> dict:
        return {"a": self.daten}

    def html(self) -> str:
        return render_to_string(self.template_name, self.get_context_data())

    def render(self) -> bytes:
        return schreiben(layout(self.html()))
