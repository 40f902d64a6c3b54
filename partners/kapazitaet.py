"""Capacity of Angebote and the Träger's contingents. Places are taken by a
conditional UPDATE (``belegt < plaetze``) under a CHECK constraint, so the
last place goes to exactly one caller even when two ask at the same moment."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Angebot, Belegung, Rahmenabstimmung, Zeitraum


def zeitraum_von(angebot: Angebot, tag: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The capacity period of ``angebot`` that contains ``tag``."""
    if angebot.zeitraum == Zeitraum.MONAT:
        beginn = tag.replace(day=1)
        naechster = (beginn + datetime.timedelta(days=32)).replace(day=1)
    elif angebot.zeitraum == Zeitraum.QUARTAL:
        beginn = datetime.date(tag.year, 3 * ((tag.month - 1) // 3) + 1, 1)
        naechster = (beginn + datetime.timedelta(days=93)).replace(day=1)
    else:
        beginn = datetime.date(tag.year, 1, 1)
        naechster = datetime.date(tag.year + 1, 1, 1)
    return beginn, naechster - datetime.timedelta(days=1)


def belegung_fuer(angebot: Angebot, tag: datetime.date) -> Belegung:
    """The period's row, made on first use with the Angebot's current places."""
    beginn, ende = zeitraum_von(angebot, tag)
    try:
        with transaction.atomic():
            belegung, _ = Belegung.objects.get_or_create(
                angebot=angebot, beginn=beginn, defaults={"ende": ende, "plaetze": angebot.plaetze}
            )
    except IntegrityError:  # made by a concurrent caller in the meantime
        belegung = Belegung.objects.get(angebot=angebot, beginn=beginn)
    return belegung


def freie_plaetze(angebot: Angebot, tag: datetime.date) -> int:
    beginn, _ = zeitraum_von(angebot, tag)
    belegung = Belegung.objects.filter(angebot=angebot, beginn=beginn).first()
    return angebot.plaetze if belegung is None else belegung.frei


def freie_plaetze_am(angebote, tag) -> dict[int, int]:
    """Free places of each Angebot in the period of ``tag`` (one query)."""
    angebote = list(angebote)
    belegungen = {
        (b.angebot_id, b.beginn): b
        for b in Belegung.objects.filter(angebot__in=angebote, beginn__lte=tag, ende__gte=tag)
    }
    frei = {}
    for a in angebote:
        b = belegungen.get((a.pk, zeitraum_von(a, tag)[0]))
        frei[a.pk] = a.plaetze if b is None else b.frei
    return frei


def platz_belegen(angebot: Angebot, tag: datetime.date) -> bool:
    """Take one place in the period of ``tag``; False when the Angebot is full."""
    belegung = belegung_fuer(angebot, tag)
    return bool(
        Belegung.objects.filter(pk=belegung.pk, belegt__lt=F("plaetze")).update(
            belegt=F("belegt") + 1
        )
    )


def platz_freigeben(angebot: Angebot, tag: datetime.date) -> None:
    beginn, _ = zeitraum_von(angebot, tag)
    Belegung.objects.filter(angebot=angebot, beginn=beginn, belegt__gt=0).update(
        belegt=F("belegt") - 1
    )


def offene_rahmenabstimmung(angebot: Angebot, tag: datetime.date) -> Rahmenabstimmung | None:
    return (
        Rahmenabstimmung.objects.filter(angebot=angebot, beginn__lte=tag, ende__gte=tag)
        .order_by("-beginn")
        .first()
    )


def kontingent_nutzen(angebot: Angebot, tag: datetime.date) -> Rahmenabstimmung | None:
    """Use one case of the contingent valid on ``tag``; None when there is none
    or it is used up (then a single-case request goes out)."""
    rahmen = offene_rahmenabstimmung(angebot, tag)
    if rahmen is None:
        return None
    genommen = Rahmenabstimmung.objects.filter(pk=rahmen.pk, genutzt__lt=F("kontingent")).update(
        genutzt=F("genutzt") + 1
    )
    return rahmen if genommen else None


def kontingent_zurueckgeben(rahmen: Rahmenabstimmung) -> None:
    Rahmenabstimmung.objects.filter(pk=rahmen.pk, genutzt__gt=0).update(genutzt=F("genutzt") - 1)
