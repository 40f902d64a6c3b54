"""Accounts: API tokens, role requests and the audit trail's seals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from knox.models import AbstractAuthToken

from ..access import Rolle
from ..audit import Auditiert
from .jobcenter import Jobcenter


class ApiToken(AbstractAuthToken):
    """An API client's token (django-rest-knox): only its SHA-512 digest and a
    15-character lookup prefix are stored, so the key is shown once, when it
    is made. ``zuletzt_benutzt`` is written at most once a minute
    (kooperation/tokens.py)."""

    # An id of its own: knox's primary key is the digest, which would then
    # travel into every audit entry about the token.
    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=128, unique=True)
    bezeichnung = models.CharField("Bezeichnung", max_length=100, blank=True)
    zuletzt_benutzt = models.DateTimeField("zuletzt benutzt", null=True, blank=True)

    class Meta:
        verbose_name = "API-Token"
        verbose_name_plural = "API-Tokens"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Token von {self.user} ({self.created:%d.%m.%Y})"


class RollenantragStatus(models.TextChoices):
    OFFEN = "offen", "offen"
    GENEHMIGT = "genehmigt", "genehmigt"
    ABGELEHNT = "abgelehnt", "abgelehnt"


class Rollenantrag(Auditiert, models.Model):
    """A role that reads personal data, requested for an account by one person
    and granted only when a second person of the Jobcenter's Administration
    approves (four-eyes principle; kooperation/konten.py)."""

    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.PROTECT, related_name="rollenantraege", verbose_name="Jobcenter"
    )
    konto = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rollenantraege",
        verbose_name="Konto",
    )
    rolle = models.CharField("Rolle", max_length=20)
    begruendung = models.TextField("Begründung", max_length=1000)
    status = models.CharField(
        "Status", max_length=10, choices=RollenantragStatus.choices, default="offen"
    )
    beantragt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="beantragt von",
    )
    beantragt_am = models.DateTimeField("beantragt am", auto_now_add=True)
    entschieden_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="entschieden von",
    )
    entschieden_am = models.DateTimeField("entschieden am", null=True, blank=True)

    class Meta:
        verbose_name = "Rollenantrag"
        verbose_name_plural = "Rollenanträge"
        ordering = ["-beantragt_am"]
        constraints = [
            models.CheckConstraint(
                name="rollenantrag_nicht_fuer_sich",
                condition=~Q(konto=models.F("beantragt_von")),
                violation_error_message="Eine Rolle kann man nicht für sich selbst beantragen.",
            ),
            models.CheckConstraint(
                name="rollenantrag_vier_augen",
                condition=Q(entschieden_von__isnull=True)
                | (
                    ~Q(entschieden_von=models.F("beantragt_von"))
                    & ~Q(entschieden_von=models.F("konto"))
                ),
                violation_error_message=(
                    "Über einen Antrag entscheidet eine zweite Person, nicht wer ihn stellte "
                    "und nicht wer die Rolle bekommt."
                ),
            ),
            models.UniqueConstraint(
                fields=["konto"],
                condition=Q(status="offen"),
                name="rollenantrag_ein_offener",
                violation_error_message="Für dieses Konto ist schon ein Antrag offen.",
            ),
            models.CheckConstraint(
                name="rollenantrag_entschieden_mit_datum",
                condition=Q(status="offen", entschieden_am__isnull=True)
                | (~Q(status="offen") & Q(entschieden_am__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rollen_bezeichnung} für {self.konto}"

    @property
    def rollen_bezeichnung(self) -> str:
        try:
            return str(Rolle(self.rolle).label)
        except ValueError:
            return self.rolle


class AuditSiegel(models.Model):
    """One link of the audit trail's hash chain (kooperation/auditkette.py):
    the entry's position, its id, the previous link's hash and the hash over
    that and the entry's content. A deleted or edited entry, or a missing
    link, breaks the chain where ``manage.py audit_pruefen`` looks."""

    nummer = models.PositiveBigIntegerField("Nummer", unique=True)
    eintrag_id = models.PositiveBigIntegerField("Protokolleintrag", unique=True)
    vorgaenger = models.CharField("Hash des Vorgängers", max_length=64)
    # SHA-256 of what the entry says (kooperation.auditkette.INHALT); empty
    # for seals made before content and frame were hashed apart.
    inhalt = models.CharField("Hash des Inhalts", max_length=64, blank=True, default="")
    hash = models.CharField("Hash", max_length=64)

    class Meta:
        verbose_name = "Siegel des Audit-Protokolls"
        verbose_name_plural = "Siegel des Audit-Protokolls"
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer}: {self.hash[:12]}"
