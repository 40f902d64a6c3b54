"""Access rules of the ``partners`` models, added to the one policy
(``kooperation.access``) when the app is ready.

Partner data is configuration: read by the whole Jobcenter, changed by its
Administration. The contingents are the kommunaler Träger's own decision:
only its staff grant them (seed 000 Rz. 16)."""

from __future__ import annotations

from django.db.models import QuerySet

from kooperation import access
from kooperation.access import Konfiguration, Traegerdaten

from .models import Angebot, Rahmenabstimmung

KONTINGENT = Traegerdaten(traeger="traeger", jobcenter="angebot__jobcenter")

REGELN = {
    "partners.kommunalertraeger": Konfiguration(jobcenter="jobcenter"),
    "partners.partner": Konfiguration(jobcenter="jobcenter"),
    "partners.ansprechpartner": Konfiguration(jobcenter="partner__jobcenter"),
    "partners.angebot": Konfiguration(jobcenter="jobcenter"),
    "partners.kooperationsvereinbarung": Konfiguration(jobcenter="jobcenter"),
    "partners.vertragspartei": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    "partners.vereinbarungsdokument": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    "partners.kooperationstreffen": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    "partners.phasenaufgabe": Konfiguration(jobcenter="vereinbarung__jobcenter"),
    # Places taken and free: kept by the services, not edited in the admin.
    "partners.belegung": Konfiguration(jobcenter="angebot__jobcenter", verwaltung=False),
    "partners.rahmenabstimmung": KONTINGENT,
}


def darf_partner_sehen(user) -> bool:
    """Partners, Angebote and Vereinbarungen are for the Jobcenter's own
    staff (case workers, leads, management, administration): the pages and
    the API alike. Neither the kommunaler Träger's portal (it sees its
    contingents through ``Traegerdaten``) nor a Fachverfahren's token."""
    return access.darf_bedarfsanalyse_sehen(user)


def darf_rahmenabstimmung_erteilen(user, angebot: Angebot) -> bool:
    """A contingent for ``angebot`` is granted by the staff of its Träger."""
    return access.darf_bearbeiten(user, Rahmenabstimmung(angebot=angebot, traeger=angebot.traeger))


def angebote_fuer_rahmenabstimmungen(user) -> QuerySet[Angebot]:
    """The § 16a Angebote the user may grant contingents for: the same rule
    as ``darf_rahmenabstimmung_erteilen``, along the Angebot's own paths."""
    regel = Traegerdaten(traeger="traeger", jobcenter="jobcenter")
    return (
        access.sichtbar(user, Angebot.objects.exclude(leistung_16a=""))
        .filter(regel.bearbeitbar_q(user))
        .distinct()
    )
