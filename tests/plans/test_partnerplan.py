"""A partner's own plan is referenced from the Kooperationsplan (seed 003)."""

import datetime

import pytest
from django.urls import reverse

from kooperation.access import Rolle
from kooperation.errors import KeinZugriff
from plans.services.partner import partnerplan_verweisen
from tests.partners.factories import PartnerFactory
from tests.plans.factories import entwurf


def test_verweis_steht_auf_der_planseite(client, welt):
    version = entwurf(welt)
    partner = PartnerFactory(jobcenter=welt.jc, name="Integrationsmanagement der Stadt")
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        reverse("plans:partnerplan", args=[version.plan.pk]),
        {
            "partner": partner.pk,
            "titel": "Integrationsplan",
            "aktenzeichen": "IM-2026-17",
            "stand": "2026-10-01",
            "notiz": "Sprachkurs zuerst, dann Anerkennung",
        },
    )
    assert antwort.status_code == 302
    seite = client.get(reverse("plans:plan", args=[version.plan.pk])).content.decode()
    assert "Integrationsplan – Integrationsmanagement der Stadt, Az. IM-2026-17" in seite


def test_nur_die_zustaendige_ifk_verweist(welt):
    version = entwurf(welt)
    partner = PartnerFactory(jobcenter=welt.jc)
    with pytest.raises(KeinZugriff):
        partnerplan_verweisen(
            acting_user=welt.users[Rolle.TEAMLEITUNG],
            plan=version.plan,
            partner=partner,
            titel="Integrationsplan",
            stand=datetime.date(2026, 10, 1),
        )
