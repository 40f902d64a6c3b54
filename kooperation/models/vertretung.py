"""Cover for an absent Integrationsfachkraft: for a period a named colleague
of the same team sees and works her cases (the access policy reads it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ..audit import Auditiert
from .jobcenter import Jobcenter, Zeitstempel


class VertretungQuerySet(models.QuerySet):
    def laufend_am(self, tag):
        """Covers in force on ``tag``: begun, not past their last day, not ended early."""
        return self.filter(von__lte=tag, bis__gte=tag, beendet_am__isnull=True)


class Vertretung(Auditiert, Zeitstempel):
    """An IFK's absence from ``von`` to ``bis`` (both inclusive), with the
    colleague who covers her cases. Ended early, it ends at once
    (``beendet_am``); the row stays as the record of who acted for whom."""

    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.CASCADE, related_name="vertretungen", verbose_name="Jobcenter"
    )
    abwesend = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="abwesenheiten",
        verbose_name="abwesende Integrationsfachkraft",
    )
    vertreter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vertretungen",
        verbose_name="Vertretung",
    )
    von = models.DateField("abwesend ab")
    bis = models.DateField("abwesend bis einschließlich")
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="erfasst von",
    )
    beendet_am = models.DateTimeField("vorzeitig beendet am", null=True, blank=True)
    beendet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="beendet von",
    )

    objects = VertretungQuerySet.as_manager()

    class Meta:
        verbose_name = "Vertretung"
        verbose_name_plural = "Vertretungen"
        ordering = ["-von", "pk"]
        constraints = [
            models.CheckConstraint(
                name="vertretung_bis_nach_von",
                condition=Q(bis__gte=F("von")),
                violation_error_message="Das Ende der Abwesenheit liegt vor ihrem Beginn.",
            ),
            models.CheckConstraint(
                name="vertretung_nicht_sich_selbst",
                condition=~Q(abwesend=F("vertreter")),
                violation_error_message="Niemand vertritt sich selbst.",
            ),
        ]
        indexes = [
            # The access policy asks on every request: whom does this user cover today?
            models.Index(fields=["vertreter", "von", "bis"], name="vertretung_vertreter"),
            models.Index(fields=["abwesend", "von", "bis"], name="vertretung_abwesend"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.vertreter} vertritt {self.abwesend} ({self.von:%d.%m.%Y}–{self.bis:%d.%m.%Y})"
        )
