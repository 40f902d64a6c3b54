"""A partner's own case-level plan, referenced from the Kooperationsplan."""

from __future__ import annotations

from django.db import models

from kooperation.audit import Auditiert
from kooperation.models import Zeitstempel

from .plan import Kooperationsplan


class Partnerplan(Auditiert, Zeitstempel):
    """A reference from a Kooperationsplan to a partner's own case-level plan
    (e.g. the Integrationsplan of an Integrationsmanager, seed 003), so the
    IFK's plan and the partner's plan fit together (seed 004)."""

    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.CASCADE,
        related_name="partnerplaene",
        verbose_name="Kooperationsplan",
    )
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="+", verbose_name="Partner"
    )
    titel = models.CharField("Titel", max_length=200, help_text="z. B. Integrationsplan")
    aktenzeichen = models.CharField("Aktenzeichen beim Partner", max_length=100, blank=True)
    stand = models.DateField("Stand vom")
    notiz = models.TextField("Wie beide Pläne zusammenpassen", blank=True)

    class Meta:
        verbose_name = "Plan eines Partners"
        verbose_name_plural = "Pläne von Partnern"
        ordering = ["plan", "-stand"]

    def audit_jobcenter_id(self):
        return self.plan.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"{self.titel} ({self.partner}, Stand {self.stand:%d.%m.%Y})"
