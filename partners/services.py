"""Writes on partner data: the kommunaler Träger's advance approvals, and
partners and Kooperationsvereinbarungen. Partner data is configuration: the
Administration of the Jobcenter changes it (``access.darf_bearbeiten``),
everyone in the Jobcenter reads it; contingents are granted by the Träger."""

from __future__ import annotations

import datetime

import django.dispatch
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone

from kooperation import access
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Fristart
from kooperation.services import speichern, wiedervorlage_erledigen, wiedervorlage_setzen

from .access import darf_rahmenabstimmung_erteilen
from .kapazitaet import zeitraum_von
from .laufzeit import fristen
from .models import (
    Angebot,
    Ansprechpartner,
    Kooperationsphase,
    Kooperationstreffen,
    Kooperationsvereinbarung,
    Laufzeitart,
    Partner,
    Phasenaufgabe,
    Rahmenabstimmung,
    Vereinbarungsdokument,
)

# Sent inside the transaction that records a new central contact. The apps that
# know who works with a partner (``plans``: plan items, ``cases``: consents)
# listen and announce it; ``partners`` cannot import them.
ansprechpartner_gewechselt = django.dispatch.Signal()

# How far ahead meetings in the agreed rhythm are scheduled.
TREFFEN_VORLAUF_MONATE = 12


def _pruefen(acting_user, obj) -> None:
    if not access.darf_bearbeiten(acting_user, obj):
        raise KeinZugriff("Partnerdaten ändert die Administration des Jobcenters.")


def vereinbarung_fristen_setzen(
    vereinbarung: Kooperationsvereinbarung, stichtag: datetime.date
) -> None:
    """Store term end, next renewal and last notice day, and file them as
    Wiedervorlagen for the person responsible (seed 002: renews by a year
    unless cancelled half a year before; seed 003: six months' notice)."""
    f = fristen(vereinbarung, stichtag)
    vereinbarung.laeuft_bis = f.laeuft_bis
    vereinbarung.naechste_verlaengerung = f.naechste_verlaengerung
    vereinbarung.kuendigung_bis = f.kuendigung_bis
    vereinbarung.save(update_fields=["laeuft_bis", "naechste_verlaengerung", "kuendigung_bis"])
    gemeinsam = {
        "ursache": vereinbarung,
        "jobcenter": vereinbarung.jobcenter,
        "zustaendig": vereinbarung.verantwortlich,
        "team": None,
        "leistungsberechtigter_id": None,
    }
    if f.kuendigung_bis:
        wiedervorlage_setzen(art=Fristart.KUENDIGUNG, faellig_am=f.kuendigung_bis, **gemeinsam)
    else:
        wiedervorlage_erledigen(ursache=vereinbarung, art=Fristart.KUENDIGUNG)
    endet = f.laeuft_bis and (
        vereinbarung.laufzeitart == Laufzeitart.BEFRISTET or vereinbarung.gekuendigt_am
    )
    if endet:
        wiedervorlage_setzen(art=Fristart.VEREINBARUNG_ENDE, faellig_am=f.laeuft_bis, **gemeinsam)
    else:
        wiedervorlage_erledigen(ursache=vereinbarung, art=Fristart.VEREINBARUNG_ENDE)


def treffen_planen(
    vereinbarung: Kooperationsvereinbarung, stichtag: datetime.date
) -> list[Kooperationstreffen]:
    """Schedule the meetings of the agreed rhythm for the coming year, counted
    from the last meeting held (or the start). Idempotent: one meeting per day."""
    rhythmus = vereinbarung.treffen_rhythmus_monate
    if not rhythmus:
        return []
    # Anchored on the last meeting that took place, so planning again (on
    # every save) finds the same dates instead of pushing the series on.
    letztes = vereinbarung.treffen.filter(datum__lte=stichtag).order_by("-datum").first()
    basis = letztes.datum if letztes else vereinbarung.beginn
    bis = stichtag + relativedelta(months=TREFFEN_VORLAUF_MONATE)
    if (
        vereinbarung.laeuft_bis
        and vereinbarung.laeuft_bis < bis
        and not (vereinbarung.naechste_verlaengerung)
    ):
        bis = vereinbarung.laeuft_bis
    neu = []
    k = 1
    while (datum := basis + relativedelta(months=k * rhythmus)) <= bis:
        if datum >= stichtag:
            treffen, angelegt = Kooperationstreffen.objects.get_or_create(
                vereinbarung=vereinbarung, datum=datum, defaults={"thema": "Regeltreffen"}
            )
            if angelegt:
                neu.append(treffen)
        k += 1
    return neu


@transaction.atomic
def vereinbarung_speichern(
    *, acting_user, vereinbarung: Kooperationsvereinbarung, stichtag: datetime.date | None = None
) -> Kooperationsvereinbarung:
    """Save an agreement and compute its deadlines and meetings at once."""
    stichtag = stichtag or timezone.localdate()
    if vereinbarung.jobcenter_id is None:
        vereinbarung.jobcenter_id = acting_user.jobcenter_id
    if not access.darf_verwalten(acting_user) or (
        vereinbarung.jobcenter_id != acting_user.jobcenter_id
    ):
        raise KeinZugriff("Vereinbarungen ändert die Administration des Jobcenters.")
    fehler = {}
    if vereinbarung.gekuendigt_am and vereinbarung.gekuendigt_am < vereinbarung.beginn:
        fehler["gekuendigt_am"] = "Die Kündigung liegt vor dem Beginn."
    verantwortlich = vereinbarung.verantwortlich
    if verantwortlich and verantwortlich.jobcenter_id != vereinbarung.jobcenter_id:
        fehler["verantwortlich"] = "Verantwortlich ist jemand aus dem eigenen Jobcenter."
    if fehler:
        raise Fachfehler(fehler)
    with im_namen_von(acting_user, "Kooperationsvereinbarung gespeichert"):
        speichern(vereinbarung)
        vereinbarung_fristen_setzen(vereinbarung, stichtag)
        treffen_planen(vereinbarung, stichtag)
    return vereinbarung


@transaction.atomic
def vereinbarung_kuendigen(
    *, acting_user, vereinbarung: Kooperationsvereinbarung, zugang: datetime.date
) -> Kooperationsvereinbarung:
    """Record notice received on ``zugang``; the end follows from the term."""
    vereinbarung.gekuendigt_am = zugang
    return vereinbarung_speichern(acting_user=acting_user, vereinbarung=vereinbarung)


@transaction.atomic
def dokument_ablegen(
    *,
    acting_user,
    vereinbarung: Kooperationsvereinbarung,
    unterzeichnet_am: datetime.date,
    datei=None,
    bemerkung: str = "",
) -> Vereinbarungsdokument:
    """Keep a signed version; each gets the next number."""
    _pruefen(acting_user, vereinbarung)
    with im_namen_von(acting_user, "Unterzeichnete Fassung abgelegt"):
        letzte = vereinbarung.dokumente.order_by("-fassung").first()
        dok = Vereinbarungsdokument(
            vereinbarung=vereinbarung,
            fassung=(letzte.fassung + 1) if letzte else 1,
            unterzeichnet_am=unterzeichnet_am,
            bemerkung=bemerkung,
        )
        if datei is not None:
            dok.datei = datei
        speichern(dok)
    return dok


@transaction.atomic
def protokoll_ablegen(
    *, acting_user, treffen: Kooperationstreffen, protokoll: str
) -> Kooperationstreffen:
    """File the minutes of a meeting; the next meeting in the rhythm follows."""
    _pruefen(acting_user, treffen.vereinbarung)
    if not protokoll.strip():
        raise Fachfehler({"protokoll": "Bitte geben Sie das Protokoll ein."})
    with im_namen_von(acting_user, "Protokoll abgelegt"):
        treffen.protokoll = protokoll
        speichern(treffen)
        treffen_planen(treffen.vereinbarung, timezone.localdate())
    return treffen


@transaction.atomic
def kooperationsphase_setzen(
    *, acting_user, vereinbarung: Kooperationsvereinbarung, phase: str
) -> Kooperationsvereinbarung:
    """Move a cooperation to a phase of the partner guide (seed 004)."""
    _pruefen(acting_user, vereinbarung)
    if phase not in Kooperationsphase.values:
        raise Fachfehler({"phase": "Unbekannte Phase."})
    with im_namen_von(acting_user, "Phase der Kooperation geändert"):
        vereinbarung.phase = phase
        speichern(vereinbarung)
    return vereinbarung


@transaction.atomic
def aufgabe_erledigen(
    *, acting_user, aufgabe: Phasenaufgabe, am: datetime.date | None = None
) -> Phasenaufgabe:
    _pruefen(acting_user, aufgabe.vereinbarung)
    aufgabe.erledigt_am = am or timezone.localdate()
    speichern(aufgabe)
    return aufgabe


@transaction.atomic
def ansprechpartner_wechseln(
    *,
    acting_user,
    partner: Partner,
    ab: datetime.date,
    name: str,
    funktion: str = "",
    telefon: str = "",
    email: str = "",
) -> Ansprechpartner:
    """Record a new central contact from ``ab``; the previous one's term ends
    the day before. Seed 002 (no. III): changes are announced without delay;
    the listeners of ``ansprechpartner_gewechselt`` tell the IFKs who work
    with the partner."""
    _pruefen(acting_user, partner)
    if not name.strip():
        raise Fachfehler({"name": "Bitte geben Sie den Namen an."})
    with im_namen_von(acting_user, "Ansprechpartner gewechselt"):
        bisherige = list(
            partner.ansprechpartner.select_for_update().filter(
                zentral=True, gueltig_bis__isnull=True
            )
        )
        for alt in bisherige:
            if alt.gueltig_ab >= ab:
                raise Fachfehler(
                    {"ab": f"{alt.name} ist erst ab {alt.gueltig_ab:%d.%m.%Y} zuständig."}
                )
            alt.gueltig_bis = ab - datetime.timedelta(days=1)
            speichern(alt)
        neu = Ansprechpartner(
            partner=partner,
            name=name,
            funktion=funktion,
            telefon=telefon,
            email=email,
            zentral=True,
            gueltig_ab=ab,
        )
        speichern(neu)
        ansprechpartner_gewechselt.send(
            sender=Ansprechpartner, partner=partner, neu=neu, bisherige=bisherige
        )
    return neu


@transaction.atomic
def rahmenabstimmung_erteilen(
    *, acting_user, angebot: Angebot, tag: datetime.date, kontingent: int
) -> Rahmenabstimmung:
    """Seed 000 Rz. 16: the kommunaler Träger approves in advance a number of
    cases of one of its § 16a Angebote for one period (the Angebot's month,
    quarter or year containing ``tag``). Items inside it need no single-case
    request. Raising the number of an existing contingent is allowed, lowering
    it below what is already used is not."""
    if not darf_rahmenabstimmung_erteilen(acting_user, angebot):
        raise KeinZugriff("Kontingente vergibt der kommunale Träger für seine Angebote.")
    traeger = angebot.traeger
    if not angebot.leistung_16a:
        raise Fachfehler({"angebot": "Kontingente gibt es nur für Leistungen nach § 16a."})
    if kontingent < 1:
        raise Fachfehler({"kontingent": "Bitte mindestens einen Fall angeben."})
    if kontingent > angebot.plaetze:
        raise Fachfehler(
            {"kontingent": f"Das Angebot hat nur {angebot.plaetze} Plätze je Zeitraum."}
        )
    beginn, ende = zeitraum_von(angebot, tag)
    with im_namen_von(acting_user, "Rahmenabstimmung erteilt"):
        rahmen = (
            Rahmenabstimmung.objects.select_for_update()
            .filter(angebot=angebot, beginn=beginn)
            .first()
        )
        if rahmen is None:
            rahmen = Rahmenabstimmung(
                angebot=angebot,
                traeger=traeger,
                beginn=beginn,
                ende=ende,
                erteilt_von=acting_user,
            )
        elif kontingent < rahmen.genutzt:
            raise Fachfehler({"kontingent": f"Davon sind schon {rahmen.genutzt} Fälle genutzt."})
        rahmen.kontingent = kontingent
        rahmen.zurueckgezogen_am = None
        rahmen.full_clean()
        try:
            rahmen.save()
        except IntegrityError as e:  # a concurrent grant for the same period
            raise Fachfehler("Für diesen Zeitraum wurde gerade ein Kontingent erteilt.") from e
    return rahmen


@transaction.atomic
def rahmenabstimmung_zurueckziehen(*, acting_user, rahmen: Rahmenabstimmung) -> Rahmenabstimmung:
    """The Träger takes back the rest of a contingent: cases already approved
    inside it stay approved (that approval was given), every further item
    goes to a single-case request again. Granting it anew reopens it."""
    if not darf_rahmenabstimmung_erteilen(acting_user, rahmen.angebot):
        raise KeinZugriff("Kontingente vergibt der kommunale Träger für seine Angebote.")
    with im_namen_von(acting_user, "Rahmenabstimmung zurückgezogen"):
        rahmen = Rahmenabstimmung.objects.select_for_update().get(pk=rahmen.pk)
        if rahmen.zurueckgezogen_am is not None:
            raise Fachfehler("Dieses Kontingent ist schon zurückgezogen.")
        heute = timezone.localdate()
        if rahmen.ende < heute:
            raise Fachfehler("Der Zeitraum dieses Kontingents ist schon vorbei.")
        rahmen.kontingent = rahmen.genutzt
        rahmen.zurueckgezogen_am = heute
        rahmen.save(update_fields=["kontingent", "zurueckgezogen_am", "geaendert_am"])
    return rahmen
