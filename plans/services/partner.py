"""Partners at case level: a partner's own plan referenced from the
Kooperationsplan (seed 004: both plans must fit together), and a new central
contact announced to the IFKs who work with the partner.

Announces a new central Ansprechpartner to the IFKs who work with that
partner (seed 002, no. III: changes are announced without delay).

Who works with a partner is known here, not in ``partners``: the responsible
IFKs of people whose current plan has an item with one of the partner's
Angebote, or who gave a consent for the partner that is not withdrawn. One
e-mail per IFK goes into the outbox with the change (``kooperation.postausgang``)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from cases.models import Einwilligung
from kooperation import access
from kooperation.audit import im_namen_von
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.models import Nachrichtenart, User
from kooperation.postausgang import nachricht_aufgeben
from kooperation.services import speichern

from ..models import (
    Partnerplan,
    PlanEintrag,
    PlanStatus,
)


@transaction.atomic
def partnerplan_verweisen(
    *,
    acting_user,
    plan,
    partner,
    titel: str,
    stand,
    aktenzeichen: str = "",
    notiz: str = "",
):
    """Reference a partner's own case-level plan (e.g. the Integrationsplan of
    an Integrationsmanager, seed 003) from the Kooperationsplan, so the two
    fit together (seed 004: case-level cooperation)."""
    if not access.darf_bearbeiten(acting_user, plan):
        raise KeinZugriff()
    if partner.jobcenter_id != plan.leistungsberechtigter.jobcenter_id:
        raise Fachfehler({"partner": "Dieser Partner gehört zu einem anderen Jobcenter."})
    with im_namen_von(acting_user, "Plan eines Partners verwiesen"):
        verweis = Partnerplan(
            plan=plan,
            partner=partner,
            titel=titel,
            stand=stand,
            aktenzeichen=aktenzeichen,
            notiz=notiz,
        )
        speichern(verweis)
    return verweis


def ifks_des_partners(partner) -> list[User]:
    """The IFKs with a case that works with ``partner`` (one query each)."""
    aus_plaenen = PlanEintrag.objects.filter(
        angebot__partner=partner,
        version__plan__status__in=[
            PlanStatus.ENTWURF,
            PlanStatus.ABSTIMMUNG,
            PlanStatus.VEREINBART,
            PlanStatus.UEBERPRUEFUNG,
        ],
    ).values("version__plan__leistungsberechtigter__zustaendig_id")
    aus_einwilligungen = Einwilligung.objects.filter(
        partner=partner, widerrufen_am__isnull=True
    ).values("leistungsberechtigter__zustaendig_id")
    return list(
        User.objects.filter(jobcenter_id=partner.jobcenter_id, is_active=True, email__gt="")
        .filter(Q(pk__in=aus_plaenen) | Q(pk__in=aus_einwilligungen))
        .order_by("username")
    )


def wechsel_ankuendigen(sender, *, partner, neu, bisherige, **kwargs) -> None:
    empfaenger = ifks_des_partners(partner)
    if not empfaenger:
        return
    vorher = ", ".join(a.name for a in bisherige) or "niemand"
    betreff = f"Neue Ansprechperson bei {partner}"
    text = (
        f"Bei {partner} ist ab {neu.gueltig_ab:%d.%m.%Y} {neu.name}"
        f"{', ' + neu.funktion if neu.funktion else ''} die zentrale Ansprechperson "
        f"(bisher: {vorher}).\n"
        f"Telefon: {neu.telefon or '–'}\nE-Mail: {neu.email or '–'}\n\n"
        "Sie erhalten diese Nachricht, weil Sie Fälle betreuen, die mit diesem Partner "
        "zusammenarbeiten."
    )
    for ifk in empfaenger:
        nachricht_aufgeben(
            empfaenger=ifk, art=Nachrichtenart.ANSPRECHPARTNER, betreff=betreff, text=text
        )
