"""Writes on partner data: the kommunaler Träger's advance approvals."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from kooperation import access
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff

from .kapazitaet import zeitraum_von
from .models import Angebot, Rahmenabstimmung


@transaction.atomic
def rahmenabstimmung_erteilen(
    *, acting_user, angebot: Angebot, tag: datetime.date, kontingent: int
) -> Rahmenabstimmung:
    """Seed 000 Rz. 16: the kommunaler Träger approves in advance a number of
    cases of one of its § 16a Angebote for one period (the Angebot's month,
    quarter or year containing ``tag``). Items inside it need no single-case
    request. Raising the number of an existing contingent is allowed, lowering
    it below what is already used is not."""
    traeger = angebot.traeger
    if (
        traeger is None
        or not access.darf_abstimmungen_entscheiden(acting_user)
        or not traeger.mitarbeitende.filter(pk=acting_user.pk).exists()
    ):
        raise KeinZugriff("Kontingente vergibt der kommunale Träger für seine Angebote.")
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
        rahmen.full_clean()
        try:
            rahmen.save()
        except IntegrityError as e:  # a concurrent grant for the same period
            raise Fachfehler("Für diesen Zeitraum wurde gerade ein Kontingent erteilt.") from e
    return rahmen
