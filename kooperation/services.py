"""Writes shared by every app: saving a validated row; filing, moving and
closing Wiedervorlagen."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import Erinnerungsstufe, Fristart, Wiedervorlage, WiedervorlageStatus


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
