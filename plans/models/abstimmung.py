"""The Träger-Abstimmung: a plan version's § 16a items put to the kommunaler
Träger (§ 15 Abs. 2 Satz 1 SGB II; seed 000 Rz. 15–16), decided item by item."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kooperation.audit import Auditiert
from kooperation.models import Zeitstempel
from partners.models import KommunalerTraeger

from .plan import PlanEintrag, PlanVersion


class AbstimmungStatus(models.TextChoices):
    OFFEN = "offen", "offen"
    ZUGESTIMMT = "zugestimmt", "zugestimmt"
    GEAENDERT = "geaendert", "mit Änderungen zugestimmt"
    ABGELEHNT = "abgelehnt", "abgelehnt"


class TraegerAbstimmung(Auditiert, Zeitstempel):
    """The coordination of a plan version with the kommunaler Träger
    (§ 15 Abs. 2 Satz 1 SGB II; seed 000 Rz. 15–16)."""

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        related_name="abstimmungen",
        verbose_name="Planversion",
    )
    traeger = models.ForeignKey(
        KommunalerTraeger,
        on_delete=models.PROTECT,
        related_name="abstimmungen",
        verbose_name="kommunaler Träger",
    )
    status = models.CharField(
        "Status", max_length=12, choices=AbstimmungStatus.choices, default=AbstimmungStatus.OFFEN
    )
    angefragt_am = models.DateField("angefragt am")
    frist = models.DateField("Antwort bis", db_index=True)
    entschieden_am = models.DateTimeField("entschieden am", null=True, blank=True)
    entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entschieden von",
    )
    begruendung = models.TextField("Begründung", blank=True)
    im_kontingent = models.BooleanField(
        "im Rahmen eines Kontingents zugestimmt",
        default=False,
        help_text="Ohne Einzelanfrage zugestimmt (Rahmenabstimmung, Rz. 16).",
    )
    aenderung_bestaetigt_am = models.DateTimeField(
        "Änderungen von der Integrationsfachkraft bestätigt am", null=True, blank=True
    )

    class Meta:
        verbose_name = "Träger-Abstimmung"
        verbose_name_plural = "Träger-Abstimmungen"
        ordering = ["frist"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "traeger"],
                condition=Q(status="offen"),
                name="eine_offene_abstimmung_je_version",
                violation_error_message="Für diese Version läuft schon eine Abstimmung.",
            ),
            models.CheckConstraint(
                name="abstimmung_entscheidung_vollstaendig",
                condition=Q(status="offen", entschieden_am__isnull=True)
                | (~Q(status="offen") & Q(entschieden_am__isnull=False)),
            ),
            models.CheckConstraint(
                name="abstimmung_ablehnung_begruendet",
                condition=~Q(status="abgelehnt") | Q(begruendung__gt=""),
                violation_error_message="Eine Ablehnung braucht eine Begründung.",
            ),
            models.CheckConstraint(
                name="abstimmung_frist_nach_anfrage",
                condition=Q(frist__gte=models.F("angefragt_am")),
            ),
        ]
        indexes = [models.Index(fields=["traeger", "status", "frist"], name="abst_eingang")]

    def audit_jobcenter_id(self):
        return self.traeger.jobcenter_id

    def __str__(self) -> str:
        return f"Abstimmung bis {self.frist:%d.%m.%Y} ({self.get_status_display()})"


class AbstimmungPosition(Auditiert, Zeitstempel):
    """The Träger's decision on one § 16a item of the version under request."""

    abstimmung = models.ForeignKey(
        TraegerAbstimmung,
        on_delete=models.CASCADE,
        related_name="positionen",
        verbose_name="Abstimmung",
    )
    eintrag = models.ForeignKey(
        PlanEintrag, on_delete=models.CASCADE, related_name="positionen", verbose_name="Eintrag"
    )
    status = models.CharField(
        "Entscheidung",
        max_length=12,
        choices=AbstimmungStatus.choices,
        default=AbstimmungStatus.OFFEN,
    )
    begruendung = models.TextField("Begründung", blank=True)
    aenderung = models.TextField("Änderung", blank=True)
    rahmenabstimmung = models.ForeignKey(
        "partners.Rahmenabstimmung",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positionen",
        verbose_name="Kontingent",
    )
    platz_zeitraum = models.DateField(
        "Platz belegt im Zeitraum ab",
        null=True,
        blank=True,
        help_text="Gesetzt, sobald für die Zustimmung ein Platz des Angebots belegt ist.",
    )

    class Meta:
        verbose_name = "Position einer Abstimmung"
        verbose_name_plural = "Positionen einer Abstimmung"
        ordering = ["abstimmung", "eintrag__reihenfolge", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["abstimmung", "eintrag"], name="position_je_eintrag"),
            models.CheckConstraint(
                name="position_ablehnung_begruendet",
                condition=~Q(status="abgelehnt") | Q(begruendung__gt=""),
                violation_error_message="Eine Ablehnung braucht eine Begründung.",
            ),
            models.CheckConstraint(
                name="position_aenderung_beschrieben",
                condition=~Q(status="geaendert") | Q(aenderung__gt=""),
                violation_error_message="Bitte beschreiben Sie die Änderung.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.eintrag} ({self.get_status_display()})"

    def audit_jobcenter_id(self):
        return self.abstimmung.traeger.jobcenter_id
