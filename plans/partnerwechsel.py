"""Announces a new central Ansprechpartner to the IFKs who work with that
partner (seed 002, no. III: changes are announced without delay).

Who works with a partner is known here, not in ``partners``: the responsible
IFKs of people whose current plan has an item with one of the partner's
Angebote, or who gave a consent for the partner that is not withdrawn. The
mail goes out after the change is committed, one per IFK."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver

from cases.models import Einwilligung
from kooperation.models import User
from partners.services import ansprechpartner_gewechselt

from .models import PlanEintrag, PlanStatus


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


@receiver(ansprechpartner_gewechselt)
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
    nachrichten = [(betreff, text, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in empfaenger]
    transaction.on_commit(lambda: send_mass_mail(nachrichten, fail_silently=False))
