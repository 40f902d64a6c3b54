"""The kommunaler Träger and the Kooperationspartner with their central
Ansprechpartner, and their Angebote."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from kooperation.audit import Auditiert
from kooperation.katalog import Bedarfsbereich, Leistung16a
from kooperation.models import Jobcenter, Zeitstempel


class KommunalerTraeger(Auditiert, Zeitstempel):
    """The Kreis or kreisfreie Stadt that decides the § 16a items of a gE."""

    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.PROTECT,
        related_name="kommunale_traeger",
        verbose_name="Jobcenter",
    )
    name = models.CharField("Name", max_length=200)
    anschrift = models.TextField("Anschrift", blank=True)
    email = models.EmailField("E-Mail für Abstimmungen", blank=True)
    mitarbeitende = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="kommunale_traeger",
        verbose_name="Sachbearbeitung § 16a",
    )

    class Meta:
        verbose_name = "Kommunaler Träger"
        verbose_name_plural = "Kommunale Träger"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "name"], name="traeger_name_einmalig")
        ]

    def __str__(self) -> str:
        return self.name


class Partnerart(models.TextChoices):
    BILDUNGSTRAEGER = "bildung", "Bildungsträger"
    BESCHAEFTIGUNG = "beschaeftigung", "Beschäftigungsgesellschaft"
    KOMMUNE = "kommune", "Stadt oder Gemeinde"
    WOHLFAHRT = "wohlfahrt", "Wohlfahrtsverband"
    BERATUNG = "beratung", "Beratungsstelle"
    JUGENDHILFE = "jugendhilfe", "Jugendhilfe (SGB VIII)"
    INTEGRATIONSMANAGEMENT = "integration", "Integrationsmanagement"
    ARBEITGEBER = "arbeitgeber", "Arbeitgeber"


class Partner(Auditiert, Zeitstempel):
    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.PROTECT, related_name="partner", verbose_name="Jobcenter"
    )
    name = models.CharField("Name", max_length=200)
    art = models.CharField("Art", max_length=20, choices=Partnerart.choices)
    anschrift = models.TextField("Anschrift", blank=True)
    telefon = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    website = models.URLField("Internetseite", blank=True)
    region = models.CharField("Region", max_length=100, blank=True)

    class Meta:
        verbose_name = "Kooperationspartner"
        verbose_name_plural = "Kooperationspartner"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "name"], name="partner_name_einmalig")
        ]

    def __str__(self) -> str:
        return self.name


class Ansprechpartner(Auditiert, Zeitstempel):
    """A named contact; a change is a new row with its start date (seed 002:
    changes are to be announced without delay)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="ansprechpartner", verbose_name="Partner"
    )
    name = models.CharField("Name", max_length=200)
    funktion = models.CharField("Funktion", max_length=200, blank=True)
    telefon = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    zentral = models.BooleanField("zentrale Ansprechperson", default=False)
    gueltig_ab = models.DateField("zuständig ab")
    gueltig_bis = models.DateField("zuständig bis", null=True, blank=True)

    class Meta:
        verbose_name = "Ansprechpartner"
        verbose_name_plural = "Ansprechpartner"
        ordering = ["partner", "-gueltig_ab"]
        constraints = [
            models.CheckConstraint(
                name="ansprechpartner_zeitraum",
                condition=Q(gueltig_bis__isnull=True) | Q(gueltig_bis__gte=models.F("gueltig_ab")),
                violation_error_message="„zuständig bis“ liegt vor „zuständig ab“.",
            )
        ]

    def audit_jobcenter_id(self):
        return self.partner.jobcenter_id

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"


class Zeitraum(models.TextChoices):
    MONAT = "monat", "Monat"
    QUARTAL = "quartal", "Quartal"
    JAHR = "jahr", "Jahr"


class Angebot(Auditiert, Zeitstempel):
    """A service with its capacity: a § 16a service of the kommunaler Träger,
    or another partner's offer."""

    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.PROTECT, related_name="angebote", verbose_name="Jobcenter"
    )
    titel = models.CharField("Titel", max_length=200)
    beschreibung = models.TextField("Beschreibung", blank=True)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="angebote",
        verbose_name="Anbieter",
    )
    traeger = models.ForeignKey(
        KommunalerTraeger,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="angebote",
        verbose_name="kommunaler Träger",
    )
    leistung_16a = models.CharField(
        "Leistung nach § 16a SGB II", max_length=20, choices=Leistung16a.choices, blank=True
    )
    bereiche = models.JSONField(
        "Handlungsbedarfe, die es abdeckt",
        default=list,
        blank=True,
        help_text="Schlüssel aus dem Katalog der Handlungsbedarfe.",
    )
    zielgruppe = models.CharField("Für wen", max_length=200, blank=True)
    ort = models.CharField("Wo", max_length=200, blank=True)
    plaetze = models.PositiveIntegerField(
        "Plätze je Zeitraum", validators=[MinValueValidator(0)], default=0
    )
    zeitraum = models.CharField(
        "Zeitraum", max_length=10, choices=Zeitraum.choices, default=Zeitraum.QUARTAL
    )
    aktiv = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "Angebot"
        verbose_name_plural = "Angebote"
        ordering = ["titel"]
        constraints = [
            models.CheckConstraint(
                name="angebot_ein_anbieter",
                condition=Q(partner__isnull=False, traeger__isnull=True)
                | Q(partner__isnull=True, traeger__isnull=False),
                violation_error_message=(
                    "Ein Angebot hat genau einen Anbieter: einen Partner oder den "
                    "kommunalen Träger."
                ),
            ),
            models.CheckConstraint(
                name="angebot_16a_beim_traeger",
                condition=Q(leistung_16a="") | Q(traeger__isnull=False),
                violation_error_message=(
                    "Leistungen nach § 16a SGB II verantwortet der kommunale Träger."
                ),
            ),
        ]

    @property
    def ist_16a(self) -> bool:
        return bool(self.leistung_16a)

    def clean(self) -> None:
        super().clean()
        gueltig = set(Bedarfsbereich.values)
        if not isinstance(self.bereiche, list) or not set(self.bereiche) <= gueltig:
            raise ValidationError(
                {"bereiche": "Bitte nur Handlungsbedarfe aus dem Katalog angeben."}
            )

    def __str__(self) -> str:
        return self.titel
