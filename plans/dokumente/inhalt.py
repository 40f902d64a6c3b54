"""What goes on the one-page plan (seed 001): its parts and their text, read
from a stored version or from the editor's unsaved fields."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields

from django.utils import timezone

from kooperation import recht

from ..models import Einladung, Planteil, Terminergebnis, Terminform

# The parts as the layout knows them (``data-teil``); the key names the
# editor's field in error messages.
TEILE = {
    "ziel": "Der Plan",
    "weg": "Der Weg",
    "unterstuetzung": "Gezielte Unterstützung",
    "verabredungen": "Verabredungen",
    "sonstiges": "Was sonst noch wichtig ist",
    "kontakt": "Bei Fragen und Notfällen",
}


@dataclass
class Eigenbemuehung:
    text: str
    haeufigkeit: str = ""
    nachweis: str = ""


@dataclass
class Termin:
    text: str
    zeit: datetime.datetime | None = None
    naechster: bool = False


@dataclass
class Jobcenterkontakt:
    name: str = ""
    anschrift: str = ""
    telefon: str = ""
    email: str = ""
    website: str = ""
    oeffnungszeiten: str = ""

    @property
    def anschrift_einzeilig(self) -> str:
        return ", ".join(z.strip() for z in self.anschrift.splitlines() if z.strip())


@dataclass
class PlanInhalt:
    """What goes on the page, from a stored version or from the editor's
    unsaved fields."""

    name: str
    jobcenter: Jobcenterkontakt
    ziel: str = ""
    weg: list[str] = field(default_factory=list)
    unterstuetzung: list[str] = field(default_factory=list)
    eigenbemuehungen: list[Eigenbemuehung] = field(default_factory=list)
    termine: list[Termin] = field(default_factory=list)
    sonstiges: str = ""
    kontakt: str = ""
    sprache: str = "de"
    version: int = 1
    entwurf: bool = True
    datum: datetime.date | None = None
    # The person's next open invitation (whatever it came from) and the day
    # by which the plan is reviewed together (§ 15 Abs. 3 SGB II).
    einladung: Termin | None = None
    ueberpruefung_bis: datetime.date | None = None

    @property
    def verabredungen(self) -> list[Termin]:
        """The appointments as "Verabredungen" lists them, the next one
        marked: the next open invitation of the person where there is one
        (it stands in for the plan's item it was made from), otherwise the
        plan's first appointment still ahead."""
        termine = [Termin(t.text, t.zeit) for t in self.termine]
        if self.einladung is not None:
            gleich = next((t for t in termine if t.zeit == self.einladung.zeit), None)
            if gleich is None:
                termine.insert(0, Termin(self.einladung.text, self.einladung.zeit))
            else:
                termine.remove(gleich)
                termine.insert(0, gleich)
            termine[0].naechster = True
            return termine
        jetzt = timezone.now()
        kommende = [t for t in termine if t.zeit is not None and t.zeit >= jetzt]
        if kommende:
            min(kommende, key=lambda t: t.zeit).naechster = True
        return termine

    def texte(self) -> dict[str, str]:
        """The text of each part, as the person reads it (readability)."""
        verabredungen = [t.text for t in self.termine] + [
            " ".join(filter(None, (e.text, e.haeufigkeit, e.nachweis)))
            for e in self.eigenbemuehungen
        ]
        return {
            "ziel": self.ziel,
            "weg": "\n".join(self.weg),
            "unterstuetzung": "\n".join(self.unterstuetzung),
            "verabredungen": "\n".join(verabredungen),
            "sonstiges": self.sonstiges,
            "kontakt": self.kontakt,
        }


def jobcenterkontakt(jobcenter) -> Jobcenterkontakt:
    """The Jobcenter's contact fields of the same names."""
    return Jobcenterkontakt(
        **{f.name: getattr(jobcenter, f.name) for f in fields(Jobcenterkontakt)}
    )


def naechste_einladung(person) -> Termin | None:
    """The person's next open invitation from now on, as the plan shows it:
    its day and time, its purpose and where."""
    einladung = (
        Einladung.objects.filter(
            leistungsberechtigter=person,
            ergebnis=Terminergebnis.OFFEN,
            beginn__gte=timezone.now(),
        )
        .order_by("beginn", "pk")
        .first()
    )
    if einladung is None:
        return None
    wo = einladung.ort if einladung.form == Terminform.VOR_ORT else einladung.get_form_display()
    return Termin(" – ".join(filter(None, (einladung.zweck.strip(), wo))), einladung.beginn)


def inhalt_aus_version(version) -> PlanInhalt:
    """The page content of a stored version (draft or agreed). A draft shows
    the review date it would have if agreed today, so the one-page check
    measures the page as it will be."""
    person = version.plan.leistungsberechtigter
    eintraege = list(version.eintraege.all())
    ueberpruefung_bis = version.ueberpruefung_bis
    if ueberpruefung_bis is None:
        ueberpruefung_bis = recht.ueberpruefung_spaetestens(timezone.localdate()).datum
    return PlanInhalt(
        name=f"{person.vorname} {person.nachname}",
        jobcenter=jobcenterkontakt(person.jobcenter),
        ziel=version.ziel,
        weg=[e.text for e in eintraege if e.teil == Planteil.WEG],
        unterstuetzung=[e.text for e in eintraege if e.teil == Planteil.UNTERSTUETZUNG],
        eigenbemuehungen=[
            Eigenbemuehung(e.text, e.haeufigkeit, e.nachweis)
            for e in eintraege
            if e.teil == Planteil.EIGENBEMUEHUNG
        ],
        termine=[
            Termin(e.text, e.termin)
            for e in sorted(eintraege, key=lambda e: (e.termin is None, e.termin))
            if e.teil == Planteil.TERMIN
        ],
        sonstiges=version.sonstiges,
        kontakt=version.kontakt,
        sprache=person.sprache,
        version=version.nummer,
        entwurf=not version.ist_vereinbart,
        datum=version.vereinbart_am,
        einladung=naechste_einladung(person),
        ueberpruefung_bis=ueberpruefung_bis,
    )


# Field names the editor posts to the check endpoint (``plans:pruefung``).
POST_LISTEN = (
    "weg",
    "unterstuetzung",
    "eigenbemuehung",
    "eigenbemuehung_haeufigkeit",
    "eigenbemuehung_nachweis",
    "termin",
    "termin_zeit",
)


def _zeit(wert: str) -> datetime.datetime | None:
    try:
        zeit = datetime.datetime.fromisoformat(wert.strip())
    except ValueError:
        return None
    return timezone.make_aware(zeit) if timezone.is_naive(zeit) else zeit


def inhalt_aus_formular(version, daten) -> PlanInhalt:
    """The draft as the editor currently shows it: ``ziel``, ``kontakt``,
    ``sonstiges`` and the items' texts as repeated fields (see ``POST_LISTEN``).
    Parts the editor does not post keep their stored content."""
    inhalt = inhalt_aus_version(version)
    for name in ("ziel", "kontakt", "sonstiges"):
        if name in daten:
            setattr(inhalt, name, daten.get(name, "")[:5000])

    def liste(name: str) -> list[str]:
        return [w[:2000] for w in daten.getlist(name)][:50]

    if "weg" in daten:
        inhalt.weg = [t for t in liste("weg") if t.strip()]
    if "unterstuetzung" in daten:
        inhalt.unterstuetzung = [t for t in liste("unterstuetzung") if t.strip()]
    if "eigenbemuehung" in daten:
        texte, oft, wie = (
            liste("eigenbemuehung"),
            liste("eigenbemuehung_haeufigkeit"),
            liste("eigenbemuehung_nachweis"),
        )
        inhalt.eigenbemuehungen = [
            Eigenbemuehung(t, oft[i] if i < len(oft) else "", wie[i] if i < len(wie) else "")
            for i, t in enumerate(texte)
            if t.strip()
        ]
    if "termin" in daten:
        texte, zeiten = liste("termin"), liste("termin_zeit")
        inhalt.termine = [
            Termin(t, _zeit(zeiten[i]) if i < len(zeiten) else None)
            for i, t in enumerate(texte)
            if t.strip()
        ]
    return inhalt
