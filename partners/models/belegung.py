"""Places of an Angebot per period (``Belegung``) and the Träger's advance
approvals of cases (``Rahmenabstimmung``, seed 000 Rz. 16)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kooperation.audit import Auditiert
from kooperation.models import Zeitstempel

from .partner import Angebot, KommunalerTraeger


class Belegung(models.Model):
    """The places of one Angebot in one period (month, quarter or year): how
    many there are and how many are taken. ``belegt`` only moves by a
    conditional UPDATE, and the database refuses more than ``plaetze``: two
    IFKs taking the last place at once cannot both get it."""

    angebot = models.ForeignKey(
        Angebot, on_delete=models.CASCADE, related_name="belegungen", verbose_name="Angebot"
    )
    beginn = models.DateField("Zeitraum ab")
    ende = models.DateField("Zeitraum bis")
    plaetze = models.PositiveIntegerField("Plätze")
    belegt = models.PositiveIntegerField("belegt", default=0)

    class Meta:
        verbose_name = "Belegung"
        verbose_name_plural = "Belegungen"
        ordering = ["angebot", "beginn"]
        constraints = [
            models.UniqueConstraint(fields=["angebot", "beginn"], name="belegung_je_zeitraum"),
            models.CheckConstraint(
                name="belegung_nicht_ueber_kapazitaet",
                condition=Q(belegt__lte=models.F("plaetze")),
                violation_error_message="Das Angebot ist in diesem Zeitraum voll.",
            ),
            models.CheckConstraint(
                name="belegung_zeitraum", condition=Q(ende__gte=models.F("beginn"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.angebot}: {self.belegt} von {self.plaetze} ({self.beginn:%d.%m.%Y})"

    @property
    def frei(self) -> int:
        return self.plaetze - self.belegt


class Rahmenabstimmung(Auditiert, Zeitstempel):
    """The kommunaler Träger's advance approval of a contingent per Angebot and
    period (seed 000 Rz. 16: where single-case coordination can be dispensed
    with, no time is lost). Items inside the open contingent are approved at
    once; past it, a single-case request goes out."""

    angebot = models.ForeignKey(
        Angebot,
        on_delete=models.PROTECT,
        related_name="rahmenabstimmungen",
        verbose_name="Angebot",
    )
    traeger = models.ForeignKey(
        KommunalerTraeger,
        on_delete=models.PROTECT,
        related_name="rahmenabstimmungen",
        verbose_name="kommunaler Träger",
    )
    beginn = models.DateField("gilt ab")
    ende = models.DateField("gilt bis")
    kontingent = models.PositiveIntegerField("Kontingent (Fälle)")
    genutzt = models.PositiveIntegerField("genutzt", default=0)
    erteilt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="erteilt von",
    )
    # Withdrawn: the cases already inside keep their approval (they were
    # granted), no further case enters; the contingent shrinks to what is used.
    zurueckgezogen_am = models.DateField("zurückgezogen am", null=True, blank=True)

    class Meta:
        verbose_name = "Rahmenabstimmung (Kontingent)"
        verbose_name_plural = "Rahmenabstimmungen (Kontingente)"
        ordering = ["-beginn"]
        constraints = [
            models.CheckConstraint(
                name="kontingent_nicht_ueberschritten",
                condition=Q(genutzt__lte=models.F("kontingent")),
                violation_error_message="Das Kontingent ist ausgeschöpft.",
            ),
            models.CheckConstraint(
                name="rahmenabstimmung_zeitraum", condition=Q(ende__gte=models.F("beginn"))
            ),
            models.UniqueConstraint(
                fields=["angebot", "beginn"], name="rahmenabstimmung_je_zeitraum"
            ),
        ]
        indexes = [models.Index(fields=["angebot", "beginn", "ende"], name="rahmen_gueltig")]

    def __str__(self) -> str:
        return (
            f"{self.angebot}: {self.genutzt} von {self.kontingent} "
            f"({self.beginn:%d.%m.%Y}–{self.ende:%d.%m.%Y})"
        )

    def audit_jobcenter_id(self):
        return self.traeger.jobcenter_id

    @property
    def frei(self) -> int:
        return self.kontingent - self.genutzt
