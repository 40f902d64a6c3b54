"""The review of an agreed plan together with the person (§ 15 Abs. 3 SGB II)
and what it found, step by step."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kooperation.audit import Auditiert
from kooperation.models import Zeitstempel

from .plan import Kooperationsplan, PlanEintrag, PlanVersion

# Long texts of a review: enough for a conversation's result, not a file.
NOTIZ_LAENGE = 2000


class UeberpruefungErgebnis(models.TextChoices):
    FORTSCHREIBUNG = "fortschreibung", "Plan fortschreiben (neue Version)"
    BESTAETIGT = "bestaetigt", "Plan gilt weiter (bestätigt)"


class SchrittStand(models.TextChoices):
    ERLEDIGT = "erledigt", "erledigt"
    LAEUFT = "laeuft", "läuft noch"
    PASST_NICHT = "passt_nicht", "passt nicht mehr"


class Ueberpruefung(Auditiert, Zeitstempel):
    """One review of the agreed version with the person: how each step stands,
    a note, the next steps, and the outcome: a Fortschreibung, or the plan
    confirmed with the day of its next review."""

    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.PROTECT,
        related_name="ueberpruefungen",
        verbose_name="Kooperationsplan",
    )
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        related_name="ueberpruefungen",
        verbose_name="überprüfte Version",
    )
    am = models.DateField("überprüft am")
    notiz = models.TextField("Notiz zum Gespräch", max_length=NOTIZ_LAENGE, blank=True)
    naechste_schritte = models.TextField("Nächste Schritte", max_length=NOTIZ_LAENGE, blank=True)
    ergebnis = models.CharField("Ergebnis", max_length=15, choices=UeberpruefungErgebnis.choices)
    naechste_ueberpruefung_am = models.DateField(
        "nächste Überprüfung spätestens am", null=True, blank=True, db_index=True
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="festgehalten von",
    )

    class Meta:
        verbose_name = "Überprüfung"
        verbose_name_plural = "Überprüfungen"
        ordering = ["-am", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="ueberpruefung_bestaetigt_mit_termin",
                condition=Q(ergebnis="bestaetigt", naechste_ueberpruefung_am__isnull=False)
                | Q(ergebnis="fortschreibung", naechste_ueberpruefung_am__isnull=True),
                violation_error_message=(
                    "Ein bestätigter Plan braucht den Tag der nächsten Überprüfung, "
                    "eine Fortschreibung keinen."
                ),
            ),
            models.CheckConstraint(
                name="ueberpruefung_naechste_danach",
                condition=Q(naechste_ueberpruefung_am__isnull=True)
                | Q(naechste_ueberpruefung_am__gt=models.F("am")),
            ),
        ]

    def audit_jobcenter_id(self):
        return self.plan.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"Überprüfung vom {self.am:%d.%m.%Y}"


class UeberpruefungSchritt(Auditiert, Zeitstempel):
    """How one item of the reviewed version stands."""

    ueberpruefung = models.ForeignKey(
        Ueberpruefung,
        on_delete=models.CASCADE,
        related_name="schritte",
        verbose_name="Überprüfung",
    )
    eintrag = models.ForeignKey(
        PlanEintrag, on_delete=models.PROTECT, related_name="+", verbose_name="Eintrag"
    )
    stand = models.CharField("Stand", max_length=15, choices=SchrittStand.choices)
    notiz = models.CharField("Notiz", max_length=500, blank=True)

    class Meta:
        verbose_name = "Schritt einer Überprüfung"
        verbose_name_plural = "Schritte einer Überprüfung"
        ordering = ["ueberpruefung", "eintrag__teil", "eintrag__reihenfolge", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ueberpruefung", "eintrag"], name="ueberpruefung_schritt_je_eintrag"
            ),
        ]

    def audit_jobcenter_id(self):
        return self.ueberpruefung.plan.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"{self.eintrag} ({self.get_stand_display()})"
