"""The legal acts on a plan and the Rechtsstand each followed.

Each act (starting or ending a Schlichtung, an Aufforderung, a Bescheid, a
breach, agreeing or continuing the plan) follows the Rechtsstand in force on
the day of that act, with that Rechtsstand's transition rules
(``kooperation.recht.fuer_akt``). The row keeps which one, the day that
decided it and the sentence saying why, as it was decided: a later change of
the list of Rechtsstände does not rewrite what an act followed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from cases.models import Leistungsberechtigter
from kooperation.audit import Auditiert
from kooperation.models import Rechtsstand, Zeitstempel
from kooperation.rechtsregeln import Aktart, Verstossart

from .plan import Kooperationsplan


class Unveraenderlich:
    """Rows that record what happened once: never changed afterwards."""

    meldung = "Ein festgehaltener Rechtsakt wird nicht geändert."

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(self.meldung)
        super().save(*args, **kwargs)


class Rechtsakt(Unveraenderlich, Auditiert, Zeitstempel):
    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.PROTECT,
        related_name="rechtsakte",
        verbose_name="Kooperationsplan",
    )
    art = models.CharField("Art des Akts", max_length=20, choices=Aktart.choices)
    am = models.DateField("Tag des Akts")
    rechtsstand = models.ForeignKey(
        Rechtsstand,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Rechtsstand",
    )
    stichtag = models.DateField(
        "maßgeblicher Tag",
        help_text="Der Tag, nach dem sich der Rechtsstand richtet (Akt, Beginn oder Tat).",
    )
    begruendung = models.TextField("Warum dieser Rechtsstand")
    uebergangsregel = models.BooleanField("nach einer Übergangsregel", default=False)
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="erfasst von",
    )

    class Meta:
        verbose_name = "Rechtsakt"
        verbose_name_plural = "Rechtsakte"
        ordering = ["am", "pk"]
        constraints = [
            models.CheckConstraint(
                name="rechtsakt_stichtag_nicht_nach_dem_akt",
                condition=models.Q(stichtag__lte=models.F("am")),
            ),
        ]

    def audit_jobcenter_id(self):
        return self.plan.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"{self.get_art_display()} am {self.am:%d.%m.%Y}"


class Pflichtverletzung(Unveraenderlich, Auditiert, Zeitstempel):
    """A breach recorded by the IFK for the benefits team: when it happened,
    when it was recorded, and the consequence the law at the time of the
    breach names (the reduction itself is decided elsewhere).

    It belongs to the person; the plan is named where there is one (a missed
    first appointment after the Potenzialanalyse comes before any plan)."""

    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.PROTECT,
        related_name="pflichtverletzungen",
        verbose_name="Leistungsberechtigte Person",
    )
    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pflichtverletzungen",
        verbose_name="Kooperationsplan",
    )
    art = models.CharField("Art", max_length=20, choices=Verstossart.choices)
    tat_am = models.DateField("Verstoß am")
    festgestellt_am = models.DateField("festgestellt am")
    beschreibung = models.TextField("Was ist passiert")
    wichtiger_grund = models.TextField(
        "Wichtiger Grund", blank=True, help_text="Wenn ein wichtiger Grund vorliegt: welcher."
    )
    folge = models.TextField("Folge nach dem maßgeblichen Rechtsstand")
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="erfasst von",
    )

    class Meta:
        verbose_name = "Pflichtverletzung"
        verbose_name_plural = "Pflichtverletzungen"
        ordering = ["tat_am", "pk"]
        indexes = [
            models.Index(fields=["leistungsberechtigter", "tat_am"], name="verstoss_person_tat"),
        ]
        constraints = [
            models.CheckConstraint(
                name="pflichtverletzung_festgestellt_nach_tat",
                condition=models.Q(festgestellt_am__gte=models.F("tat_am")),
                violation_error_message="Ein Verstoß wird nach der Tat festgestellt.",
            ),
        ]

    @property
    def zaehlt(self) -> bool:
        return not self.wichtiger_grund.strip()

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"{self.get_art_display()} am {self.tat_am:%d.%m.%Y}"
