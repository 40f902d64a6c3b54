"""Appointments: inviting a person (§ 59 SGB II with § 309 SGB III), recording
what happened, the hearing after a missed appointment (§ 24 SGB X) and the
notice to the benefits team.

Every step follows the Rechtsstand that its act follows (``kooperation.recht``):
the invitation the one in force on the day it is sent, the hearing and the
missed appointment the one in force on the day of the appointment (a breach is
judged by the law at the time it was committed). The software names the
consequence the Rechtsstand gives; the reduction itself is decided by the
Leistungssachbearbeitung."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from cases.models import Leistungsberechtigter, PotenzialanalyseStatus, Sprache
from cases.services import naechste_frist_aktualisieren, wiedervorlage_setzen_fuer
from kooperation import access, datumsregeln, recht
from kooperation.arbeitstage import feiertag_name, ist_arbeitstag, jobcenter_arbeitstage_nach
from kooperation.audit import im_namen_von
from kooperation.celery import nach_commit
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt
from kooperation.models import Fristart, Nachrichtenart
from kooperation.postausgang import nachricht_an_postfach_aufgeben
from kooperation.rechtsregeln import Aktart, Anhoerungsform, Verstossart
from kooperation.services import speichern, wiedervorlage_erledigen

from .. import lebenszyklus
from ..models import (
    Anhoerung,
    Einladung,
    Feststellung,
    Kooperationsplan,
    Leistungsmitteilung,
    Pflichtverletzung,
    Terminergebnis,
    Terminform,
)
from ..models.termin import DAUER_HOECHSTENS, DAUER_MINDESTENS
from .rechtsakte import akt_festhalten, pflichtverletzung_festhalten, tag_pruefen

# An invitation is for an appointment from today to at most a year ahead,
# during the Jobcenter's hours. Plausibility, not statute: a typo such as
# 2062 or 3 o'clock at night is caught.
EINLADUNG_HOECHSTENS_TAGE = 365
FRUEHESTE_UHRZEIT = datetime.time(7, 0)
SPAETESTE_UHRZEIT = datetime.time(19, 0)
# A certificate of incapacity that began more than this long before the
# appointment is a typo rather than a fact worth recording.
AU_HOECHSTENS_VORHER_TAGE = 366
TEXT_HOECHSTENS = 5000


def _tag(datum: datetime.date) -> str:
    return f"{datum:%d.%m.%Y}"


def termin_tag(einladung: Einladung) -> datetime.date:
    """The day of the appointment in the Jobcenter's time zone."""
    return timezone.localtime(einladung.beginn).date()


# --- Letters ------------------------------------------------------------------

# The letters are rendered after the commit by tasks of the documents' module,
# which enter themselves here (``brief_auftrag_eintragen``). The row without its
# letter (``brief_sha256`` empty) is the record in the database that survives
# a broker outage: the outbox's sweep publishes the rendering again.
BRIEF_AUFTRAEGE: dict[str, Callable] = {}


def brief_auftrag_eintragen(name: str, aufgabe) -> None:
    """Enter the task that renders and stores the letter ``name``
    ("einladung" or "anhoerung"); it is called with the row's id."""
    BRIEF_AUFTRAEGE[name] = aufgabe


def _brief_beauftragen(name: str, pk: int) -> None:
    aufgabe = BRIEF_AUFTRAEGE.get(name)
    if aufgabe is not None:
        nach_commit(aufgabe, pk)


def einladung_brief_beauftragen(einladung: Einladung) -> None:
    """The invitation letter (and its .ics files) is rendered after commit."""
    _brief_beauftragen("einladung", einladung.pk)


def anhoerung_brief_beauftragen(anhoerung: Anhoerung) -> None:
    """The hearing letter is rendered after commit."""
    _brief_beauftragen("anhoerung", anhoerung.pk)


# --- Checks -------------------------------------------------------------------


def _text(fehler: dict, feld: str, wert: str, meldung: str, *, pflicht: bool = True) -> str:
    wert = (wert or "").strip()
    if pflicht and not wert:
        fehler[feld] = meldung
    elif len(wert) > TEXT_HOECHSTENS:
        fehler[feld] = f"Bitte fassen Sie sich kürzer (höchstens {TEXT_HOECHSTENS} Zeichen)."
    return wert


def _schliesstage(jobcenter, tag: datetime.date) -> set[datetime.date]:
    return set(jobcenter.schliesstage.filter(datum=tag).values_list("datum", flat=True))


def _beginn_pruefen(beginn, jobcenter, feld: str) -> datetime.datetime:
    """An appointment: a date and time, from now to a year ahead, on a working
    day of the Jobcenter, during its hours."""
    if not isinstance(beginn, datetime.datetime):
        raise Fachfehler({feld: "Bitte geben Sie Datum und Uhrzeit des Termins an."})
    if timezone.is_naive(beginn):
        beginn = timezone.make_aware(beginn)
    lokal = timezone.localtime(beginn)
    heute = lebenszyklus.heute()
    bis = heute + datetime.timedelta(days=EINLADUNG_HOECHSTENS_TAGE)
    if not heute <= lokal.date() <= bis:
        raise Fachfehler(
            {feld: f"Bitte wählen Sie einen Termin zwischen dem {_tag(heute)} und dem {_tag(bis)}."}
        )
    if not ist_arbeitstag(
        lokal.date(), jobcenter.bundesland, _schliesstage(jobcenter, lokal.date())
    ):
        grund = feiertag_name(lokal.date(), jobcenter.bundesland)
        if grund:
            was = f"ein Feiertag ({grund})"
        elif lokal.weekday() >= 5:
            was = "ein Wochenende"
        else:
            was = "ein Schließtag des Jobcenters"
        raise Fachfehler(
            {feld: f"Der {_tag(lokal.date())} ist {was}. Bitte wählen Sie einen Arbeitstag."}
        )
    if not FRUEHESTE_UHRZEIT <= lokal.time() <= SPAETESTE_UHRZEIT:
        raise Fachfehler(
            {
                feld: f"Bitte wählen Sie eine Uhrzeit zwischen {FRUEHESTE_UHRZEIT:%H:%M} und "
                f"{SPAETESTE_UHRZEIT:%H:%M} Uhr."
            }
        )
    return beginn


def _dauer_pruefen(dauer_minuten) -> int:
    if (
        not isinstance(dauer_minuten, int)
        or isinstance(dauer_minuten, bool)
        or not DAUER_MINDESTENS <= dauer_minuten <= DAUER_HOECHSTENS
    ):
        raise Fachfehler(
            {
                "dauer_minuten": f"Die Dauer liegt zwischen {DAUER_MINDESTENS} und "
                f"{DAUER_HOECHSTENS} Minuten."
            }
        )
    return dauer_minuten


def _ueberschneidung_pruefen(ifk, beginn, dauer_minuten, *, ausser=None) -> None:
    """The IFK holds one appointment at a time: an open appointment that
    overlaps this one is named."""
    ende = beginn + datetime.timedelta(minutes=dauer_minuten)
    tag = timezone.localtime(beginn).date()
    andere = Einladung.objects.filter(
        ifk=ifk,
        ergebnis=Terminergebnis.OFFEN,
        beginn__lt=ende,
        beginn__gte=timezone.make_aware(datetime.datetime.combine(tag, datetime.time.min)),
    )
    if ausser is not None:
        andere = andere.exclude(pk=ausser.pk)
    for termin in andere.only("beginn", "dauer_minuten"):
        if termin.beginn + datetime.timedelta(minutes=termin.dauer_minuten) > beginn:
            raise Fachfehler(
                {
                    "beginn": "Um diese Zeit ist schon ein Termin eingetragen "
                    f"({timezone.localtime(termin.beginn):%d.%m.%Y, %H:%M} Uhr, "
                    f"{termin.dauer_minuten} Minuten). Bitte wählen Sie eine andere Zeit."
                }
            )


def _ifk_pruefen(ifk, person: Leistungsberechtigter):
    if (
        ifk is None
        or not ifk.is_active
        or ifk.jobcenter_id != person.jobcenter_id
        or not access.hat_recht(ifk, "faelle_bearbeiten")
    ):
        raise Fachfehler({"ifk": "Bitte wählen Sie eine Integrationsfachkraft dieses Jobcenters."})
    return ifk


def erste_einladung_nach_potenzialanalyse(person: Leistungsberechtigter) -> bool:
    """§ 15 Abs. 4 SGB II: the first invitation after the Potenzialanalyse
    (and the first one to it, before any analysis) goes out without a
    Rechtsfolgenbelehrung, where the Rechtsstand says so. First: no invitation
    since the latest completed analysis (or none at all before one)."""
    analyse = (
        person.potenzialanalysen.filter(status=PotenzialanalyseStatus.ABGESCHLOSSEN)
        .order_by("-abgeschlossen_am")
        .first()
    )
    fruehere = Einladung.objects.filter(leistungsberechtigter=person)
    if analyse is not None and analyse.abgeschlossen_am is not None:
        beginn = timezone.make_aware(
            datetime.datetime.combine(analyse.abgeschlossen_am, datetime.time.min)
        )
        fruehere = fruehere.filter(erstellt_am__gte=beginn)
    return not fruehere.exists()


def _war_erste(einladung: Einladung) -> bool:
    """Was ``einladung`` the first invitation without a Rechtsfolgenbelehrung
    because its Rechtsstand said so? (A moved appointment stays the first.)"""
    return (
        not einladung.mit_rechtsfolgenbelehrung
        and recht.nach_schluessel(einladung.rechtsstand).erste_einladung_ohne_rechtsfolgenbelehrung
    )


# --- Inviting -----------------------------------------------------------------


# What an invitation says about its appointment besides the time; a moved
# appointment keeps them.
ANGABEN = ("dauer_minuten", "form", "ort", "zweck", "ansprechperson", "mitbringen", "dolmetschen")


def _angaben_pruefen(angaben: dict) -> dict:
    """The appointment's details, trimmed; ``Fachfehler`` naming each wrong field."""
    fehler: dict[str, str] = {}
    form = angaben["form"]
    if form not in Terminform.values:
        fehler["form"] = "Bitte wählen Sie, wie der Termin stattfindet."
    geprueft = {
        "form": form,
        "ort": _text(
            fehler,
            "ort",
            angaben["ort"],
            "Bitte geben Sie für einen Termin vor Ort den Ort an.",
            pflicht=form == Terminform.VOR_ORT,
        ),
        "zweck": _text(
            fehler, "zweck", angaben["zweck"], "Bitte nennen Sie den Zweck des Termins."
        ),
        "ansprechperson": _text(
            fehler, "ansprechperson", angaben["ansprechperson"], "", pflicht=False
        ),
        "mitbringen": _text(fehler, "mitbringen", angaben["mitbringen"], "", pflicht=False),
        "dolmetschen": (angaben["dolmetschen"] or "").strip(),
    }
    sprache = geprueft["dolmetschen"]
    if sprache and (sprache not in Sprache.values or sprache == Sprache.DEUTSCH):
        fehler["dolmetschen"] = "Bitte wählen Sie eine Sprache aus der Liste, oder keine."
    if fehler:
        raise Fachfehler(fehler)
    geprueft["dauer_minuten"] = _dauer_pruefen(angaben["dauer_minuten"])
    return geprueft


def _einladung_anlegen(
    *,
    acting_user,
    person: Leistungsberechtigter,
    beginn,
    angaben: dict,
    plan: Kooperationsplan | None,
    ifk,
    erste: bool,
    quelle_eintrag=None,
    quelle_punkt=None,
) -> Einladung:
    """Check every field, decide the Rechtsfolgenbelehrung and save."""
    if plan is not None and plan.leistungsberechtigter_id != person.pk:
        raise Fachfehler({"plan": "Dieser Kooperationsplan gehört zu einer anderen Person."})
    angaben = _angaben_pruefen(angaben)
    ifk = _ifk_pruefen(ifk or acting_user, person)
    beginn = _beginn_pruefen(beginn, person.jobcenter, "beginn")
    _ueberschneidung_pruefen(ifk, beginn, angaben["dauer_minuten"])

    heute = lebenszyklus.heute()
    pruefung = recht.akt_moeglich(Aktart.EINLADUNG, heute)
    if not pruefung:
        raise Fachfehler({"beginn": pruefung.begruendung})
    belehrung = recht.rechtsfolgenbelehrung(
        Aktart.EINLADUNG, heute, erste_einladung_nach_potenzialanalyse=erste
    )
    einladung = Einladung(
        leistungsberechtigter=person,
        plan=plan,
        quelle_eintrag=quelle_eintrag,
        quelle_punkt=quelle_punkt,
        ifk=ifk,
        beginn=beginn,
        mit_rechtsfolgenbelehrung=belehrung is not None,
        rechtsstand=pruefung.rechtsstand.schluessel,
        **angaben,
    )
    speichern(einladung)
    if plan is not None and heute >= plan.begonnen_am:
        akt_festhalten(
            plan=plan, art=Aktart.EINLADUNG, am=heute, acting_user=acting_user, feld="beginn"
        )
    # The day of the appointment is a deadline: the outcome is to be recorded.
    # An item of an agreed plan has its own already, which ends with the outcome.
    if quelle_eintrag is None:
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=einladung,
            art=Fristart.TERMIN,
            faellig_am=termin_tag(einladung),
        )
    einladung_brief_beauftragen(einladung)
    return einladung


@transaction.atomic
def einladen(
    *,
    acting_user,
    person: Leistungsberechtigter,
    beginn,
    dauer_minuten: int = 30,
    form: str,
    ort: str = "",
    zweck: str,
    ansprechperson: str = "",
    mitbringen: str = "",
    dolmetschen: str = "",
    plan: Kooperationsplan | None = None,
    ifk=None,
    quelle_eintrag=None,
    quelle_punkt=None,
) -> Einladung:
    """Invite the person to an appointment (§ 59 SGB II with § 309 SGB III:
    date, place and purpose named). Whether the letter carries a
    Rechtsfolgenbelehrung follows the Rechtsstand in force today: under
    § 15 Abs. 4 SGB II the first invitation after the Potenzialanalyse goes
    out without one. ``ifk``: who holds the appointment (default: the acting
    user). ``quelle_eintrag`` / ``quelle_punkt``: the agreed plan item or the
    Bescheid item the appointment comes from (each becomes one invitation)."""
    person = (
        Leistungsberechtigter.objects.select_for_update()
        .select_related("jobcenter")
        .get(pk=person.pk)
    )
    if not access.darf_bearbeiten(acting_user, person):
        raise KeinZugriff()
    with im_namen_von(acting_user, "Einladung zu einem Termin"):
        einladung = _einladung_anlegen(
            acting_user=acting_user,
            person=person,
            beginn=beginn,
            angaben={
                "dauer_minuten": dauer_minuten,
                "form": form,
                "ort": ort,
                "zweck": zweck,
                "ansprechperson": ansprechperson,
                "mitbringen": mitbringen,
                "dolmetschen": dolmetschen,
            },
            plan=plan,
            ifk=ifk,
            erste=erste_einladung_nach_potenzialanalyse(person),
            quelle_eintrag=quelle_eintrag,
            quelle_punkt=quelle_punkt,
        )
        naechste_frist_aktualisieren(person.pk)
    return einladung


def zugesagten_termin_einladen(
    *,
    acting_user,
    plan: Kooperationsplan,
    beginn,
    zweck: str,
    feld: str,
    quelle_eintrag=None,
    quelle_punkt=None,
) -> Einladung:
    """An appointment an agreed plan or a Bescheid names, as an invitation
    with its letter: at the Jobcenter's address, held by the acting IFK (or
    the person's IFK when someone else acts), who is also whom to ask for.
    When it cannot be one (a holiday, outside the hours, the IFK already
    busy), the Fachfehler names ``feld`` and says why, so the plan or the
    Bescheid is not made half."""
    person = plan.leistungsberechtigter
    jobcenter = person.jobcenter
    ifk = (
        acting_user
        if access.hat_recht(acting_user, "faelle_bearbeiten")
        else person.zustaendig or acting_user
    )
    anschrift = ", ".join(z.strip() for z in jobcenter.anschrift.splitlines() if z.strip())
    try:
        return einladen(
            acting_user=acting_user,
            person=person,
            beginn=beginn,
            form=Terminform.VOR_ORT,
            ort=", ".join(filter(None, (jobcenter.name, anschrift))),
            zweck=zweck,
            ansprechperson=ifk.get_full_name() or ifk.get_username(),
            plan=plan,
            ifk=ifk,
            quelle_eintrag=quelle_eintrag,
            quelle_punkt=quelle_punkt,
        )
    except Fachfehler as fehler:
        if hasattr(fehler, "message_dict"):
            text = " ".join(m for meldungen in fehler.message_dict.values() for m in meldungen)
        else:
            text = " ".join(fehler.messages)
        raise Fachfehler(
            {
                feld: f"Aus dem Termin am {timezone.localtime(beginn):%d.%m.%Y um %H:%M} Uhr "
                f"lässt sich keine Einladung machen: {text}"
            }
        ) from fehler


# --- The outcome --------------------------------------------------------------


def _einladung_sperren(acting_user, einladung: Einladung, version) -> Einladung:
    einladung = (
        Einladung.objects.select_for_update(of=("self",))
        .select_related("leistungsberechtigter__jobcenter", "plan")
        .get(pk=einladung.pk)
    )
    if not access.darf_bearbeiten(acting_user, einladung):
        raise KeinZugriff()
    if version is not None and einladung.version != version:
        raise Konflikt("Der Termin")
    return einladung


def _au_pruefen(einladung: Einladung, au_von, au_bis) -> None:
    fehler = {}
    if not isinstance(au_von, datetime.date) or isinstance(au_von, datetime.datetime):
        fehler["au_von"] = "Bitte geben Sie den ersten Tag der Arbeitsunfähigkeit an."
    if not isinstance(au_bis, datetime.date) or isinstance(au_bis, datetime.datetime):
        fehler["au_bis"] = "Bitte geben Sie den letzten Tag der Arbeitsunfähigkeit an."
    if fehler:
        raise Fachfehler(fehler)
    datumsregeln.pruefen(au_von=au_von, au_bis=au_bis)
    tag = termin_tag(einladung)
    if au_bis < au_von:
        raise Fachfehler({"au_bis": "Das Ende der Arbeitsunfähigkeit liegt vor ihrem Beginn."})
    if au_von > tag:
        raise Fachfehler(
            {"au_von": f"Die Arbeitsunfähigkeit beginnt erst nach dem Termin am {_tag(tag)}."}
        )
    if au_bis < tag:
        raise Fachfehler(
            {"au_bis": f"Die Arbeitsunfähigkeit endet schon vor dem Termin am {_tag(tag)}."}
        )
    if (tag - au_von).days > AU_HOECHSTENS_VORHER_TAGE:
        raise Fachfehler(
            {
                "au_von": "Die Arbeitsunfähigkeit begann mehr als ein Jahr vor dem Termin. "
                "Bitte prüfen Sie das Datum."
            }
        )


@transaction.atomic
def ergebnis_festhalten(
    *,
    acting_user,
    einladung: Einladung,
    ergebnis: str,
    version: int,
    grund: str = "",
    au_von: datetime.date | None = None,
    au_bis: datetime.date | None = None,
    neuer_beginn: datetime.datetime | None = None,
) -> Einladung:
    """Record what happened at the appointment. A missed appointment files the
    Wiedervorlage to start the hearing (only where the invitation carried a
    Rechtsfolgenbelehrung: without one a miss has no legal consequence, § 32
    SGB II); an appointment cancelled with a wichtiger Grund names the reason,
    one missed through illness the certificate's period (covering the day);
    a moved appointment becomes a new invitation. The appointment's own
    deadline ends with the outcome."""
    einladung = _einladung_sperren(acting_user, einladung, version)
    if not isinstance(version, int) or isinstance(version, bool):
        # Without the version read there is nothing to compare: refused as
        # a conflict rather than written over someone else's outcome.
        raise Konflikt("Der Termin")
    if not einladung.ist_offen:
        raise Fachfehler(
            {
                "ergebnis": "Für diesen Termin ist schon ein Ergebnis festgehalten: "
                f"{einladung.get_ergebnis_display()}."
            }
        )
    if ergebnis not in Terminergebnis.values or ergebnis == Terminergebnis.OFFEN:
        raise Fachfehler({"ergebnis": "Bitte wählen Sie ein Ergebnis."})
    fehler: dict[str, str] = {}
    grund = _text(
        fehler,
        "grund",
        grund,
        "Bitte nennen Sie den wichtigen Grund und seinen Nachweis.",
        pflicht=ergebnis == Terminergebnis.ABGESAGT,
    )
    if ergebnis != Terminergebnis.ARBEITSUNFAEHIG:
        for feld, wert in (("au_von", au_von), ("au_bis", au_bis)):
            if wert is not None:
                fehler[feld] = "Nur bei „arbeitsunfähig“ anzugeben."
    if ergebnis != Terminergebnis.VERLEGT and neuer_beginn is not None:
        fehler["neuer_beginn"] = "Nur bei „verlegt“ anzugeben."
    if fehler:
        raise Fachfehler(fehler)

    heute = lebenszyklus.heute()
    tag = termin_tag(einladung)
    if ergebnis in (Terminergebnis.ERSCHIENEN, Terminergebnis.NICHT_ERSCHIENEN) and heute < tag:
        raise Fachfehler(
            {
                "ergebnis": f"Der Termin ist erst am {_tag(tag)}. Ob die Person erschienen ist, "
                "halten Sie am Tag des Termins oder danach fest."
            }
        )
    person = einladung.leistungsberechtigter
    with im_namen_von(acting_user, f"Ergebnis des Termins: {Terminergebnis(ergebnis).label}"):
        if ergebnis == Terminergebnis.ARBEITSUNFAEHIG:
            _au_pruefen(einladung, au_von, au_bis)
            einladung.au_von, einladung.au_bis = au_von, au_bis
        if ergebnis == Terminergebnis.VERLEGT:
            if neuer_beginn is None:
                raise Fachfehler({"neuer_beginn": "Bitte geben Sie den neuen Termin an."})
            neuer_beginn = _beginn_pruefen(neuer_beginn, person.jobcenter, "neuer_beginn")
            if neuer_beginn == einladung.beginn:
                raise Fachfehler(
                    {"neuer_beginn": "Der neue Termin ist derselbe wie der bisherige."}
                )
            # The old one no longer blocks its time.
            einladung.ergebnis = Terminergebnis.VERLEGT
            einladung.save(update_fields=["ergebnis"])
            try:
                neu = _einladung_anlegen(
                    acting_user=acting_user,
                    person=person,
                    beginn=neuer_beginn,
                    angaben={feld: getattr(einladung, feld) for feld in ANGABEN},
                    plan=einladung.plan,
                    ifk=einladung.ifk,
                    erste=_war_erste(einladung),
                )
            except Fachfehler as e:
                # Name the field the user filled in (the new time), not the old one's.
                meldungen = e.message_dict
                raise Fachfehler(
                    {
                        ("neuer_beginn" if feld == "beginn" else feld): text[0]
                        for feld, text in meldungen.items()
                    }
                ) from e
            einladung.verlegt_auf = neu
        einladung.ergebnis = ergebnis
        einladung.ergebnis_am = heute
        einladung.grund = grund
        einladung.version += 1
        speichern(einladung)
        wiedervorlage_erledigen(ursache=einladung, art=Fristart.TERMIN)
        if einladung.quelle_eintrag_id is not None:
            wiedervorlage_erledigen(ursache=einladung.quelle_eintrag, art=Fristart.TERMIN)
        if ergebnis == Terminergebnis.NICHT_ERSCHIENEN and einladung.mit_rechtsfolgenbelehrung:
            wiedervorlage_setzen_fuer(
                leistungsberechtigter=person,
                ursache=einladung,
                art=Fristart.ANHOERUNG_EINLEITEN,
                faellig_am=jobcenter_arbeitstage_nach(person.jobcenter, heute, 1),
            )
        naechste_frist_aktualisieren(person.pk)
    return einladung


# --- The hearing --------------------------------------------------------------


def fruehere_verstoesse(person: Leistungsberechtigter, tat_am: datetime.date):
    """The person's breaches before ``tat_am``, as the engine counts them."""
    return [
        recht.FruehererVerstoss(v.art, v.tat_am, zaehlt=v.zaehlt)
        for v in Pflichtverletzung.objects.filter(leistungsberechtigter=person, tat_am__lt=tat_am)
    ]


def folge_des_versaeumnisses(einladung: Einladung, festgestellt_am: datetime.date) -> recht.Folge:
    """The consequence a miss of this appointment would have if no wichtiger
    Grund is found: judged by the law on the day of the appointment, counting
    the person's earlier misses that law counts."""
    tag = termin_tag(einladung)
    return recht.folge_fuer_verstoss(
        Verstossart.MELDEVERSAEUMNIS,
        tag,
        fruehere=fruehere_verstoesse(einladung.leistungsberechtigter, tag),
        festgestellt_am=festgestellt_am,
    )


def antwortfrist(jobcenter, versandt_am: datetime.date) -> recht.Fristende:
    """§ 24 SGB X: the letter counts as known on the day § 37 SGB X names;
    the answer is due the given number of the Jobcenter's working days later
    (its own setting, else the Rechtsstand's default)."""
    bekannt = recht.bekanntgabe(zur_post_am=versandt_am, bundesland=jobcenter.bundesland)
    schliesstage = jobcenter.schliesstage.filter(
        datum__gt=bekannt.datum, datum__lte=bekannt.datum + datetime.timedelta(days=120)
    ).values_list("datum", flat=True)
    return recht.anhoerung_antwort_bis(
        bekanntgabe_am=bekannt.datum,
        bundesland=jobcenter.bundesland,
        schliesstage=list(schliesstage),
        arbeitstage=jobcenter.anhoerung_frist_arbeitstage,
    )


@transaction.atomic
def anhoerung_einleiten(*, acting_user, einladung: Einladung) -> Anhoerung:
    """Hear the person about a missed appointment before anything follows
    (§ 24 SGB X): the letter goes out today with a deadline in working days
    of the Jobcenter's calendar; the form of the hearing is the one the
    Rechtsstand names for the consequence at stake."""
    einladung = _einladung_sperren(acting_user, einladung, None)
    if einladung.ergebnis != Terminergebnis.NICHT_ERSCHIENEN:
        raise Fachfehler("Eine Anhörung gibt es nur zu einem versäumten Termin.")
    if Anhoerung.objects.filter(einladung=einladung).exists():
        raise Fachfehler("Zu diesem Termin ist die Anhörung schon eingeleitet.")
    if not einladung.mit_rechtsfolgenbelehrung:
        raise Fachfehler(
            "Die Einladung ging ohne Rechtsfolgenbelehrung hinaus: das Versäumnis hat keine "
            "Minderung zur Folge, eine Anhörung ist nicht nötig."
        )
    heute = lebenszyklus.heute()
    person = einladung.leistungsberechtigter
    folge = folge_des_versaeumnisses(einladung, heute)
    frist = antwortfrist(person.jobcenter, heute)
    with im_namen_von(acting_user, "Anhörung zu einem versäumten Termin eingeleitet"):
        anhoerung = Anhoerung(
            einladung=einladung,
            form=folge.stufe.anhoerung,
            versandt_am=heute,
            antwort_bis=frist.datum,
        )
        speichern(anhoerung)
        if einladung.plan is not None and heute >= einladung.plan.begonnen_am:
            akt_festhalten(
                plan=einladung.plan,
                art=Aktart.ANHOERUNG,
                am=heute,
                acting_user=acting_user,
                tat_am=termin_tag(einladung),
            )
        wiedervorlage_erledigen(ursache=einladung, art=Fristart.ANHOERUNG_EINLEITEN)
        wiedervorlage_setzen_fuer(
            leistungsberechtigter=person,
            ursache=anhoerung,
            art=Fristart.ANHOERUNG_FESTSTELLEN,
            faellig_am=anhoerung.antwort_bis,
        )
        naechste_frist_aktualisieren(person.pk)
        anhoerung_brief_beauftragen(anhoerung)
    return anhoerung


def _anhoerung_sperren(acting_user, anhoerung: Anhoerung, version: int) -> Anhoerung:
    anhoerung = (
        Anhoerung.objects.select_for_update(of=("self",))
        .select_related("einladung__leistungsberechtigter__jobcenter", "einladung__plan")
        .get(pk=anhoerung.pk)
    )
    if not access.darf_bearbeiten(acting_user, anhoerung):
        raise KeinZugriff()
    if anhoerung.version != version:
        raise Konflikt("Die Anhörung")
    if not anhoerung.ist_offen:
        raise Fachfehler(
            f"Zu dieser Anhörung ist schon entschieden: {anhoerung.get_feststellung_display()}."
        )
    return anhoerung


def _tag_ab(tag, feld: str, frueher: datetime.date) -> None:
    tag_pruefen(tag, feld)
    if tag < frueher:
        raise Fachfehler({feld: f"Das Datum liegt vor dem {_tag(frueher)}."})


@transaction.atomic
def anhoerung_antwort_festhalten(
    *, acting_user, anhoerung: Anhoerung, antwort: str, antwort_am: datetime.date, version: int
) -> Anhoerung:
    """Record the person's answer (also a late one: it is considered as long
    as nothing is decided)."""
    anhoerung = _anhoerung_sperren(acting_user, anhoerung, version)
    fehler: dict[str, str] = {}
    antwort = _text(fehler, "antwort", antwort, "Bitte geben Sie die Antwort der Person wieder.")
    if fehler:
        raise Fachfehler(fehler)
    _tag_ab(antwort_am, "antwort_am", anhoerung.versandt_am)
    with im_namen_von(acting_user, "Antwort auf die Anhörung festgehalten"):
        anhoerung.antwort = antwort
        anhoerung.antwort_am = antwort_am
        anhoerung.version += 1
        speichern(anhoerung)
    return anhoerung


@transaction.atomic
def persoenlich_angehoert(
    *, acting_user, anhoerung: Anhoerung, am: datetime.date, vermerk: str, version: int
) -> Anhoerung:
    """Record that the person was heard in person (or offered it and did not
    come: say so in the note), as the Rechtsstand demands before its harshest
    step."""
    anhoerung = _anhoerung_sperren(acting_user, anhoerung, version)
    fehler: dict[str, str] = {}
    vermerk = _text(fehler, "vermerk", vermerk, "Bitte halten Sie fest, was die Person gesagt hat.")
    if fehler:
        raise Fachfehler(fehler)
    _tag_ab(am, "am", termin_tag(anhoerung.einladung))
    with im_namen_von(acting_user, "Persönliche Anhörung festgehalten"):
        anhoerung.persoenlich_am = am
        anhoerung.persoenlich_vermerk = vermerk
        anhoerung.version += 1
        speichern(anhoerung)
    return anhoerung


def _mitteilung_text(mitteilung: Leistungsmitteilung, anhoerung: Anhoerung, folge) -> str:
    einladung = anhoerung.einladung
    person = mitteilung.leistungsberechtigter
    zeilen = [
        "Mitteilung an die Leistungssachbearbeitung: Meldeversäumnis ohne wichtigen Grund.",
        "",
        f"Kundennummer: {person.kundennummer}",
        f"Versäumter Termin: {timezone.localtime(einladung.beginn):%d.%m.%Y, %H:%M} Uhr",
        f"Zweck: {einladung.zweck}",
        "Einladung mit Rechtsfolgenbelehrung: ja",
        f"Anhörung: Brief vom {_tag(anhoerung.versandt_am)}, Antwort bis "
        f"{_tag(anhoerung.antwort_bis)}",
        "Antwort der Person: "
        + (f"am {_tag(anhoerung.antwort_am)}" if anhoerung.antwort_am else "keine"),
    ]
    if anhoerung.persoenlich_am:
        zeilen.append(f"Persönlich angehört am {_tag(anhoerung.persoenlich_am)}")
    zeilen += [
        f"Festgestellt am {_tag(anhoerung.festgestellt_am)}: kein wichtiger Grund. "
        f"Begründung: {anhoerung.begruendung}",
        "",
        f"Meldeversäumnisse zwischen {_tag(mitteilung.fenster_von)} und "
        f"{_tag(mitteilung.fenster_bis)} (dieses mitgezählt): "
        f"{mitteilung.relevante_versaeumnisse}",
        f"Folge nach dem Rechtsstand: {mitteilung.folge}",
        f"Rechtsstand: {folge.rechtsstand_begruendung}",
        f"Feststellbar bis: {_tag(folge.feststellbar_bis)}",
    ]
    if anhoerung.festgestellt_am > folge.feststellbar_bis:
        zeilen.append(
            "Achtung: Die Frist zur Feststellung einer Minderung ist abgelaufen "
            "(§ 31b Abs. 1 Satz 3 SGB II)."
        )
    if mitteilung.berichtet:
        zeilen.append("Hinweis: Die Werte sind berichtet, nicht am Gesetzestext geprüft.")
    zeilen += ["", "Über die Minderung entscheidet die Leistungssachbearbeitung."]
    return "\n".join(zeilen)


def _mitteilung_machen(anhoerung: Anhoerung, folge: recht.Folge) -> Leistungsmitteilung:
    einladung = anhoerung.einladung
    person = einladung.leistungsberechtigter
    leiter = folge.rechtsstand.meldeversaeumnis
    text = folge.begruendung
    if folge.berichtet:
        text += " (Werte berichtet, nicht am Gesetzestext geprüft)"
    mitteilung = Leistungsmitteilung(
        anhoerung=anhoerung,
        leistungsberechtigter=person,
        relevante_versaeumnisse=folge.nummer,
        fenster_von=folge.tat_am - relativedelta(months=leiter.fenster_monate),
        fenster_bis=folge.tat_am,
        folge=text,
        rechtsstand=folge.rechtsstand.schluessel,
        berichtet=folge.berichtet,
        empfaenger=person.jobcenter.leistung_postfach,
    )
    mitteilung.nachricht = nachricht_an_postfach_aufgeben(
        jobcenter=person.jobcenter,
        adresse=mitteilung.empfaenger,
        art=Nachrichtenart.LEISTUNG,
        betreff=f"Meldeversäumnis ohne wichtigen Grund, Kundennummer {person.kundennummer}",
        text=_mitteilung_text(mitteilung, anhoerung, folge),
    )
    speichern(mitteilung)
    return mitteilung


@transaction.atomic
def anhoerung_feststellen(
    *,
    acting_user,
    anhoerung: Anhoerung,
    wichtiger_grund: bool,
    begruendung: str,
    version: int,
) -> Anhoerung:
    """Decide after the hearing whether a wichtiger Grund excused the miss.

    With one, the miss does not count. Without one it is recorded as a
    Meldeversäumnis through the breach engine (judged by the law on the day
    of the appointment), and the benefits team receives the notice with the
    count of relevant misses in the Rechtsstand's window and the consequence
    it names. Refused while the answer period runs without an answer (§ 24
    SGB X), and where the Rechtsstand demands a personal hearing for the
    consequence at stake until it is recorded."""
    anhoerung = _anhoerung_sperren(acting_user, anhoerung, version)
    if not isinstance(wichtiger_grund, bool):
        raise Fachfehler(
            {"wichtiger_grund": "Bitte entscheiden Sie: wichtiger Grund ja oder nein."}
        )
    fehler: dict[str, str] = {}
    begruendung = _text(fehler, "begruendung", begruendung, "Bitte begründen Sie die Entscheidung.")
    if fehler:
        raise Fachfehler(fehler)
    heute = lebenszyklus.heute()
    einladung = anhoerung.einladung
    person = einladung.leistungsberechtigter
    mitteilung = None
    with im_namen_von(acting_user, "Entscheidung nach der Anhörung"):
        if wichtiger_grund:
            anhoerung.feststellung = Feststellung.WICHTIGER_GRUND
        else:
            if (
                heute <= anhoerung.antwort_bis
                and anhoerung.antwort_am is None
                and anhoerung.persoenlich_am is None
            ):
                raise Fachfehler(
                    {
                        "wichtiger_grund": "Die Person kann noch bis zum "
                        f"{_tag(anhoerung.antwort_bis)} antworten. Ohne wichtigen Grund "
                        "entscheiden Sie erst nach ihrer Antwort oder nach dieser Frist."
                    }
                )
            folge = folge_des_versaeumnisses(einladung, heute)
            anhoerung.form = folge.stufe.anhoerung
            if folge.persoenliche_anhoerung_erforderlich and anhoerung.persoenlich_am is None:
                raise Fachfehler(
                    {
                        "persoenlich_am": "Vor dieser Folge ("
                        f"{folge.stufe.beschreibung()}) muss die Person persönlich angehört "
                        "worden sein: "
                        f"{Anhoerungsform(folge.stufe.anhoerung).label}. Bitte halten Sie "
                        "zuerst die persönliche Anhörung fest."
                    }
                )
            tag = termin_tag(einladung)
            anhoerung.pflichtverletzung = pflichtverletzung_festhalten(
                acting_user=acting_user,
                plan=einladung.plan,
                leistungsberechtigter=person,
                art=Verstossart.MELDEVERSAEUMNIS,
                tat_am=tag,
                festgestellt_am=heute,
                beschreibung=f"Termin am {timezone.localtime(einladung.beginn):%d.%m.%Y, %H:%M} "
                f"Uhr ohne wichtigen Grund versäumt ({einladung.zweck}). {begruendung}",
            )
            anhoerung.feststellung = Feststellung.KEIN_WICHTIGER_GRUND
        anhoerung.festgestellt_am = heute
        anhoerung.begruendung = begruendung
        anhoerung.version += 1
        speichern(anhoerung)
        if not wichtiger_grund:
            mitteilung = _mitteilung_machen(anhoerung, folge)
        wiedervorlage_erledigen(ursache=anhoerung, art=Fristart.ANHOERUNG_FESTSTELLEN)
        naechste_frist_aktualisieren(person.pk)
    if mitteilung is not None:
        anhoerung.mitteilung = mitteilung
    return anhoerung
