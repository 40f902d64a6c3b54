"""Accounts: roles granted by two people, password links, the second factor,
API tokens and the login lock. Every change here leaves an audit entry on
the account, never with a secret in it (no password, key or code)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from . import access
from .access import Rolle
from .anmeldesperre import konto_entsperren
from .audit import im_namen_von, in_anfrage
from .errors import Fachfehler, KeinZugriff
from .forms import PasswortLinkFormular
from .kontobuch import konto_protokollieren
from .models import ApiToken, Rollenantrag, RollenantragStatus, User

# Roles that open personal data: granted only on a request approved by a
# second person (``rollenantrag_*``). The Administration sets the others
# (Geschäftsführung, Administration) in the user form.
PERSONENDATEN_ROLLEN = (Rolle.IFK, Rolle.TEAMLEITUNG, Rolle.TRAEGER, Rolle.API_CLIENT)
OHNE_PERSONENDATEN = (Rolle.GESCHAEFTSFUEHRUNG, Rolle.ADMINISTRATION)


class PasswortAenderungProtokollieren:
    """A "password validator" that validates nothing: Django calls its
    ``password_changed`` after every saved password change, wherever it came
    from (own change, link, shell), and it writes the audit entry."""

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk:
            # In a request by whoever is signed in, else by the account
            # itself (the password link); at the shell by nobody we know.
            anfrage, angemeldet = in_anfrage()
            akteur = (angemeldet or user) if anfrage else None
            konto_protokollieren(user, "Passwort geändert", akteur)

    def get_help_text(self) -> str:
        return ""


# --- Administration of accounts ---------------------------------------------


def passwort_link_senden(*, konto, request, akteur=None) -> bool:
    """Send ``konto`` the one-time link to set its password (Django's token
    generator: the link dies with the next password change or login).
    Nobody sets a password for someone else. False if the account has no
    e-mail address or is inactive."""
    if not (konto.is_active and konto.email):
        return False
    form = PasswortLinkFormular({"email": konto.email}, konto=konto, akteur=akteur)
    if not form.is_valid():
        return False
    form.save(
        request=request,
        use_https=request.is_secure(),
        subject_template_name="registration/mail_passwort_link_betreff.txt",
        email_template_name="registration/mail_passwort_link.txt",
    )
    return True


def darf_konto_verwalten(acting_user, konto) -> bool:
    """Operators manage every account but their own; the Administration the
    accounts of its Jobcenter but its own and operators'."""
    if konto.pk == acting_user.pk:
        return False
    if acting_user.is_superuser and acting_user.is_active:
        return True
    return (
        access.darf_verwalten(acting_user)
        and not konto.is_superuser
        and konto.jobcenter_id == acting_user.jobcenter_id
    )


def zweiten_faktor_zuruecksetzen(*, acting_user, konto) -> int:
    """Remove every second-factor device of ``konto``; it sets up a new one at
    its next login. Done by a second person: nobody resets their own."""
    if not darf_konto_verwalten(acting_user, konto):
        raise KeinZugriff("Den zweiten Faktor dieses Kontos können Sie nicht zurücksetzen.")
    with transaction.atomic():
        anzahl = TOTPDevice.objects.filter(user=konto).count()
        for modell in (TOTPDevice, StaticDevice, WebAuthnCredential):
            for geraet in modell.objects.filter(user=konto):
                geraet.delete()
        konto_protokollieren(konto, "Zweiter Faktor zurückgesetzt", acting_user)
    return anzahl


def anmeldesperre_aufheben(*, acting_user, konto) -> int:
    if not darf_konto_verwalten(acting_user, konto):
        raise KeinZugriff("Die Anmeldesperre dieses Kontos können Sie nicht aufheben.")
    anzahl = konto_entsperren(konto.get_username())
    konto_protokollieren(konto, "Anmeldesperre aufgehoben", acting_user)
    return anzahl


def api_token_widerrufen(*, acting_user, token) -> None:
    if not (
        (acting_user.is_superuser and acting_user.is_active)
        or (
            access.darf_verwalten(acting_user)
            and token.user.jobcenter_id == acting_user.jobcenter_id
            and not token.user.is_superuser
        )
    ):
        raise KeinZugriff("Diesen Token können Sie nicht widerrufen.")
    with im_namen_von(acting_user, "API-Token widerrufen"):
        token.delete()


def api_token_erzeugen(*, konto, gueltig_tage: int | None, bezeichnung: str = "", akteur=None):
    """A new token for ``konto``; returns (token, key). The key exists only in
    this answer: the database keeps its digest."""
    ablauf = datetime.timedelta(days=gueltig_tage) if gueltig_tage else None
    with im_namen_von(akteur, "API-Token erzeugt"):
        return ApiToken.objects.create(konto, expiry=ablauf, bezeichnung=bezeichnung)


# --- Roles with personal data: four eyes -------------------------------------


def rollenantrag_pruefen(*, acting_user, konto, rolle: str, begruendung: str) -> None:
    """Whether ``acting_user`` may request ``rolle`` for ``konto`` (raises)."""
    if rolle not in PERSONENDATEN_ROLLEN:
        raise Fachfehler({"rolle": "Diese Rolle vergibt die Administration direkt am Konto."})
    if konto.pk == acting_user.pk:
        raise Fachfehler({"konto": "Eine Rolle kann man nicht für sich selbst beantragen."})
    if konto.is_superuser or konto.jobcenter_id is None:
        raise Fachfehler({"konto": "Dieses Konto gehört zu keinem Jobcenter."})
    if not darf_konto_verwalten(acting_user, konto):
        raise KeinZugriff("Für dieses Konto können Sie keine Rolle beantragen.")
    if not begruendung.strip():
        raise Fachfehler({"begruendung": "Bitte begründen Sie den Antrag."})
    if Rollenantrag.objects.filter(konto=konto, status=RollenantragStatus.OFFEN).exists():
        raise Fachfehler({"konto": "Für dieses Konto ist schon ein Antrag offen."})


def rollenantrag_stellen(*, acting_user, konto, rolle: str, begruendung: str) -> Rollenantrag:
    """Request a role that reads personal data for ``konto``. Made by the
    Administration of the account's Jobcenter or an operator, never for
    oneself; granted only when a second person approves
    (``rollenantrag_entscheiden``)."""
    with transaction.atomic(), im_namen_von(acting_user, "Rolle beantragt"):
        rollenantrag_pruefen(
            acting_user=acting_user, konto=konto, rolle=rolle, begruendung=begruendung
        )
        antrag = Rollenantrag(
            jobcenter_id=konto.jobcenter_id,
            konto=konto,
            rolle=rolle,
            begruendung=begruendung.strip(),
            beantragt_von=acting_user,
        )
        antrag.full_clean()
        antrag.save()
    return antrag


def rollenantrag_entscheiden(*, acting_user, antrag, genehmigen: bool) -> Rollenantrag:
    """Approve or refuse a role request. Only the Administration of the same
    Jobcenter decides, and never the person who requested it or who would
    get the role (four-eyes principle). Approval makes the role the
    account's only one."""
    if not (access.darf_verwalten(acting_user) and acting_user.jobcenter_id == antrag.jobcenter_id):
        raise KeinZugriff("Über Rollenanträge entscheidet die Administration des Jobcenters.")
    if acting_user.pk in (antrag.beantragt_von_id, antrag.konto_id):
        raise Fachfehler(
            "Über diesen Antrag muss eine zweite Person entscheiden: nicht wer ihn stellte "
            "und nicht wer die Rolle bekommt."
        )
    grund = "Rollenantrag genehmigt" if genehmigen else "Rollenantrag abgelehnt"
    with transaction.atomic(), im_namen_von(acting_user, grund):
        antrag = Rollenantrag.objects.select_for_update().get(pk=antrag.pk)
        if antrag.status != RollenantragStatus.OFFEN:
            raise Fachfehler("Über diesen Antrag wurde schon entschieden.")
        antrag.status = RollenantragStatus.GENEHMIGT if genehmigen else RollenantragStatus.ABGELEHNT
        antrag.entschieden_von = acting_user
        antrag.entschieden_am = timezone.now()
        antrag.full_clean()
        antrag.save()
        if genehmigen:
            konto = User.objects.select_for_update().get(pk=antrag.konto_id)
            gruppe = Group.objects.get(name=access.rollen_gruppenname(Rolle(antrag.rolle)))
            konto.groups.set([gruppe])
            if konto.is_staff:
                konto.is_staff = False
                konto.save(update_fields=["is_staff"])
    return antrag


# --- Recovery codes ----------------------------------------------------------


def wiederherstellungscodes_erzeugen(konto) -> list[str]:
    """New one-time recovery codes (django-otp's static device); the old ones
    stop working. Returned once, to be shown once."""
    with transaction.atomic():
        geraet, _ = StaticDevice.objects.get_or_create(
            user=konto, defaults={"name": "Wiederherstellungscodes"}
        )
        geraet.token_set.all().delete()
        codes = [
            StaticToken.random_token() for _ in range(settings.ZWEI_FAKTOR_WIEDERHERSTELLUNGSCODES)
        ]
        StaticToken.objects.bulk_create(StaticToken(device=geraet, token=c) for c in codes)
        konto_protokollieren(konto, "Wiederherstellungscodes erzeugt", konto, anzahl=len(codes))
    return codes
