"""Plans built through the services, as the application builds them."""

import datetime

from kooperation.access import Rolle
from kooperation.katalog import Leistung16a
from plans.models import PlanEintrag, Planteil
from plans.services.abstimmung import abstimmung_anfragen
from plans.services.entwurf import kooperationsplan_anlegen
from plans.services.vereinbarung import planversion_vereinbaren


def entwurf(
    welt, person=None, begonnen_am=datetime.date(2026, 10, 5), ziel="Ich will als Köchin arbeiten."
):
    ifk = welt.users[Rolle.IFK]
    plan = kooperationsplan_anlegen(
        acting_user=ifk,
        leistungsberechtigter=person or welt.eigener_fall,
        begonnen_am=begonnen_am,
    )
    version = plan.versionen.get()
    version.ziel = ziel
    version.save()
    PlanEintrag.objects.create(
        version=version, teil=Planteil.WEG, text="Ich suche mir einen Deutsch-Kurs."
    )
    return version


def vereinbart(welt, **kwargs):
    version = entwurf(welt, **kwargs)
    return planversion_vereinbaren(
        acting_user=welt.users[Rolle.IFK],
        version=version,
        vereinbart_am=version.plan.begonnen_am + datetime.timedelta(days=2),
    )


def in_abstimmung(welt, angefragt_am=datetime.date(2026, 10, 6)):
    """A draft with a § 16a item, sent to the kommunaler Träger."""
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Schuldnerberatung bei der Stadt",
        leistung_16a=Leistung16a.SCHULDNERBERATUNG,
    )
    return abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK], version=version, angefragt_am=angefragt_am
    )


def pflicht(was: str, wie_oft: str = "4 im Monat", nachweis: str = "Liste zeigen", bis=None):
    """One obligation of a Bescheid as the services take it."""
    return {"was": was, "wie_oft": wie_oft, "nachweis": nachweis, "bis": bis}


def angebot(was: str, wie_oft: str = "", bis=None):
    """One offer of the Jobcenter in a Bescheid."""
    return {"was": was, "wie_oft": wie_oft, "nachweis": "", "bis": bis}
