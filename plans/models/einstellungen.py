"""A Jobcenter's settings that belong to the plans: after which time a case
with "kein Plan" comes up again, per reason."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kooperation.models import Jobcenter, Zeitstempel

from .plan import KeinPlanGrund

# After how many calendar days a case with "kein Plan" comes up again, per
# reason, when the Jobcenter has set nothing for it. Practice, not statute:
# an imminent job is checked soon (did it start?), a coming pension or a long
# school time only after half a year.
WIEDERVORLAGE_NACH_KEIN_PLAN: dict[str, int] = {
    KeinPlanGrund.ARBEITSAUFNAHME: 30,
    KeinPlanGrund.RENTE: 180,
    KeinPlanGrund.LEISTUNGSENDE: 90,
    KeinPlanGrund.SCHULE: 180,
    KeinPlanGrund.DIENST: 180,
    KeinPlanGrund.KEINE_EINIGUNG: 30,
}


class KeinPlanWiedervorlage(Zeitstempel):
    """The Jobcenter's own look-again time for one reason of "kein Plan"."""

    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.CASCADE,
        related_name="kein_plan_wiedervorlagen",
        verbose_name="Jobcenter",
    )
    grund = models.CharField("Grund für „kein Plan“", max_length=20, choices=KeinPlanGrund.choices)
    nach_tagen = models.PositiveSmallIntegerField(
        "Wiedervorlage nach (Kalendertagen)",
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="Nach wie vielen Tagen der Fall wieder vorgelegt wird, um zu prüfen, "
        "ob jetzt ein Plan möglich ist.",
    )

    class Meta:
        verbose_name = "Wiedervorlage nach „kein Plan“"
        verbose_name_plural = "Wiedervorlagen nach „kein Plan“ (je Grund)"
        ordering = ["jobcenter", "grund"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "grund"], name="kein_plan_wiedervorlage_je_grund"
            ),
            models.CheckConstraint(
                name="kein_plan_wiedervorlage_bereich",
                condition=models.Q(nach_tagen__gte=1, nach_tagen__lte=730),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_grund_display()}: nach {self.nach_tagen} Tagen"
