"""Writes shared by every app: saving a validated row; filing, moving and
closing Wiedervorlagen; an IFK's absence with the colleague who covers."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from . import access, datumsregeln
from .audit import im_namen_von
from .errors import Fachfehler, KeinZugriff
from .models import (
    Erinnerungsstufe,
    Fristart,
    User,
    Vertretung,
    Wiedervorlage,
    WiedervorlageStatus,
)


def speichern(obj) -> None:
    """Check a row against its model's rules (field errors in German, raised
    as ValidationError before anything is written) and save it."""
    obj.full_clean()
    obj.save()


@transaction.atomic
def wiedervorlage_setzen(
    *,
    ursache,
    art: Fristart,
    faellig_am: datetime.date,
    jobcenter,
    zustaendig=None,
    team=None,
    leistungsberechtigter_id: int | None = None,
) -> Wiedervorlage:
    """File the deadline of ``art`` for ``ursache``, or move it if it exists.

    Called in the transaction that records the cause, so a deadline exists
    exactly when its cause does (design.md: computed once, when the cause is
    recorded). The unique constraint on (cause, kind) keeps it single."""
    typ = ContentType.objects.get_for_model(type(ursache))
    wv = (
        Wiedervorlage.objects.select_for_update()
        .filter(ursache_typ=typ, ursache_id=ursache.pk, art=art)
        .first()
    )
    if wv is None:
        wv = Wiedervorlage(ursache_typ=typ, ursache_id=ursache.pk, art=art)
    if wv.faellig_am != faellig_am or wv.status != WiedervorlageStatus.OFFEN:
        # A moved or reopened deadline is reminded afresh for its new date.
        wv.erinnerungsstufe = Erinnerungsstufe.KEINE
    wv.jobcenter = jobcenter
    wv.faellig_am = faellig_am
    wv.zustaendig = zustaendig
    wv.team = team
    wv.leistungsberechtigter_id = leistungsberechtigter_id
    wv.status = WiedervorlageStatus.OFFEN
    wv.erledigt_am = None
    wv.full_clean(validate_unique=False, validate_constraints=False)
    wv.save()
    return wv


@transaction.atomic
def wiedervorlage_erledigen(*, ursache, art: Fristart) -> Wiedervorlage | None:
    """Close the deadline of ``art`` for ``ursache`` because it was met."""
    typ = ContentType.objects.get_for_model(type(ursache))
    wv = (
        Wiedervorlage.objects.select_for_update()
        .filter(ursache_typ=typ, ursache_id=ursache.pk, art=art, status="offen")
        .first()
    )
    if wv is not None:
        wv.status = WiedervorlageStatus.ERLEDIGT
        wv.erledigt_am = timezone.now()
        wv.save()
    return wv


# An absence is recorded from a month back (recorded on the first day back
# at work) to a year ahead; a longer one is a case for handing the cases to
# another IFK (the Teamleitung's reassignment), not for cover. Practice, not
# statute.
VERTRETUNG_FENSTER = datumsregeln.Datumsfenster(
    "Zeitraum für Abwesenheiten",
    lambda heute: heute - datetime.timedelta(days=30),
    lambda heute: heute + datetime.timedelta(days=365),
)


def _ueberschneidet(qs, von: datetime.date, bis: datetime.date):
    return qs.filter(von__lte=bis, bis__gte=von, beendet_am__isnull=True)


@transaction.atomic
def vertretung_erfassen(
    *, acting_user, abwesend: User, vertreter: User | None, von: datetime.date, bis: datetime.date
) -> Vertretung:
    """Record that ``abwesend`` is away from ``von`` to ``bis`` (inclusive)
    and ``vertreter`` covers her cases meanwhile: sees and works them, every
    step audited as acting for her. The absent IFK records it herself, or the
    lead of her team; the substitute is an IFK of the same team who is not
    away herself then, and covers nobody who covers her."""
    if not access.darf_vertretung_regeln(acting_user, abwesend):
        raise KeinZugriff(
            "Eine Abwesenheit erfasst die Integrationsfachkraft selbst oder ihre Teamleitung."
        )
    if not access.hat_recht(abwesend, "faelle_bearbeiten"):
        raise Fachfehler({"abwesend": "Vertreten wird eine Integrationsfachkraft."})
    fehler: dict[str, str] = {}
    heute = timezone.localdate()
    for feld, wert in (("von", von), ("bis", bis)):
        if wert is None:
            fehler[feld] = "Bitte geben Sie ein Datum an."
        elif not VERTRETUNG_FENSTER.enthaelt(wert):
            fehler[feld] = VERTRETUNG_FENSTER.meldung()
    if not fehler and bis < von:
        fehler["bis"] = "Das Ende der Abwesenheit liegt vor ihrem Beginn."
    if not fehler and bis < heute:
        fehler["bis"] = "Die Abwesenheit ist schon vorbei: eine Vertretung wirkt nur ab heute."
    if vertreter is None:
        fehler["vertreter"] = "Bitte wählen Sie die Vertretung aus."
    elif vertreter.pk == abwesend.pk:
        fehler["vertreter"] = "Niemand vertritt sich selbst."
    elif not (
        vertreter.is_active
        and vertreter.jobcenter_id == abwesend.jobcenter_id
        and vertreter.team_id is not None
        and vertreter.team_id == abwesend.team_id
        and access.hat_recht(vertreter, "faelle_bearbeiten")
    ):
        fehler["vertreter"] = "Vertreten kann nur eine Integrationsfachkraft desselben Teams."
    if fehler:
        raise Fachfehler(fehler)
    # Lock the two accounts' rows so two recordings at once cannot both pass
    # the overlap checks below.
    list(User.objects.select_for_update().filter(pk__in=[abwesend.pk, vertreter.pk]))
    alle = Vertretung.objects.filter(jobcenter_id=abwesend.jobcenter_id)
    if _ueberschneidet(alle.filter(abwesend=abwesend), von, bis).exists():
        raise Fachfehler(
            {"von": "Für diesen Zeitraum ist schon eine Abwesenheit mit Vertretung erfasst."}
        )
    if _ueberschneidet(alle.filter(abwesend=vertreter), von, bis).exists():
        raise Fachfehler({"vertreter": f"{vertreter} ist in diesem Zeitraum selbst abwesend."})
    if _ueberschneidet(alle.filter(vertreter=abwesend), von, bis).exists():
        raise Fachfehler(
            {
                "von": f"{abwesend} vertritt in diesem Zeitraum selbst jemanden: "
                "beenden Sie zuerst diese Vertretung."
            }
        )
    with im_namen_von(acting_user, "Abwesenheit mit Vertretung erfasst"):
        vertretung = Vertretung(
            jobcenter_id=abwesend.jobcenter_id,
            abwesend=abwesend,
            vertreter=vertreter,
            von=von,
            bis=bis,
            erfasst_von=acting_user,
        )
        speichern(vertretung)
    return vertretung


@transaction.atomic
def vertretung_beenden(*, acting_user, vertretung: Vertretung) -> Vertretung:
    """End a cover early (the IFK is back): from now on the substitute no
    longer sees or works the cases. The row stays, as the record of who
    acted for whom."""
    vertretung = Vertretung.objects.select_for_update().get(pk=vertretung.pk)
    if not access.darf_bearbeiten(acting_user, vertretung):
        raise KeinZugriff(
            "Eine Abwesenheit beendet die Integrationsfachkraft selbst oder ihre Teamleitung."
        )
    if vertretung.beendet_am is not None:
        raise Fachfehler("Diese Vertretung ist schon beendet.")
    if vertretung.bis < timezone.localdate():
        raise Fachfehler("Diese Vertretung ist schon abgelaufen.")
    with im_namen_von(acting_user, "Vertretung vorzeitig beendet"):
        vertretung.beendet_am = timezone.now()
        vertretung.beendet_von = acting_user
        speichern(vertretung)
    return vertretung
