"""The Kooperationsplan (§ 15 Abs. 2–3 SGB II), its versions and their items.

An agreed version is frozen here, in the model: save, update and delete are
refused (design.md), so no path around the services can change it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cases.models import (
    GesetzlicherVertreter,
    Handlungsbedarf,
    Leistungsberechtigter,
    Potenzialanalyse,
)
from kooperation.audit import Auditiert
from kooperation.katalog import Leistung16a
from kooperation.models import Rechtsstand, Zeitstempel
from partners.models import Angebot


class VersionUnveraenderlich(ValidationError):
    """An agreed plan version was about to change."""

    def __init__(self):
        super().__init__(
            "Diese Planversion ist vereinbart und kann nicht mehr geändert werden. "
            "Änderungen gehen nur über eine Fortschreibung (neue Version)."
        )


class PlanStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    ABSTIMMUNG = "abstimmung", "Abstimmung mit dem kommunalen Träger"
    VEREINBART = "vereinbart", "vereinbart"
    UEBERPRUEFUNG = "ueberpruefung", "in Überprüfung"
    NICHTEINIGUNG = "nichteinigung", "keine Einigung (Schlichtung)"
    FESTGESETZT = "festgesetzt", "Pflichten per Verwaltungsakt festgesetzt"
    KEIN_PLAN = "kein_plan", "kein Plan"


class KeinPlanGrund(models.TextChoices):
    """Rz. 20: when a plan does not come about or does not make sense."""

    ARBEITSAUFNAHME = "arbeitsaufnahme", "Arbeitsaufnahme steht unmittelbar bevor"
    RENTE = "rente", "Renteneintritt steht bevor"
    LEISTUNGSENDE = "leistungsende", "Leistungsbezug endet (z. B. Studium)"
    SCHULE = "schule", "Besucht noch längere Zeit die Schule"
    DIENST = "dienst", "Dienst steht bevor (z. B. Freiwilligendienst)"
    KEINE_EINIGUNG = "keine_einigung", "Keine Einigung erzielt"


class Kooperationsplan(Auditiert, Zeitstempel):
    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.PROTECT,
        related_name="plaene",
        verbose_name="Leistungsberechtigte Person",
    )
    potenzialanalyse = models.ForeignKey(
        Potenzialanalyse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plaene",
        verbose_name="Potenzialanalyse",
    )
    rechtsstand = models.ForeignKey(
        Rechtsstand,
        on_delete=models.PROTECT,
        related_name="plaene",
        verbose_name="Rechtsstand",
        help_text="Der Rechtsstand am Tag, an dem der Plan begonnen wurde.",
    )
    begonnen_am = models.DateField("begonnen am")
    status = models.CharField(
        "Status",
        max_length=15,
        choices=PlanStatus.choices,
        default=PlanStatus.ENTWURF,
        db_index=True,
    )
    entwurf_vorgelegt_am = models.DateField(
        "Entwurf vorgelegt am",
        null=True,
        blank=True,
        help_text=(
            "Der Tag, an dem erstmals ein Entwurf mit Ziel und mindestens einem Schritt "
            "gespeichert oder dem Träger vorgelegt wurde: damit ist die Entwurfsfrist gewahrt."
        ),
    )
    kein_plan_grund = models.CharField(
        "Grund für keinen Plan", max_length=20, choices=KeinPlanGrund.choices, blank=True
    )
    kein_plan_erlaeuterung = models.TextField("Erläuterung", blank=True)
    kein_plan_am = models.DateField(
        "„Kein Plan“ festgehalten am",
        null=True,
        blank=True,
        help_text="Am selben Tag lässt sich „Kein Plan“ zurücknehmen.",
    )
    kein_plan_vorher = models.CharField(
        "Stand vor „Kein Plan“", max_length=15, choices=PlanStatus.choices, blank=True
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="erstellt von",
    )

    class Meta:
        verbose_name = "Kooperationsplan"
        verbose_name_plural = "Kooperationspläne"
        ordering = ["-begonnen_am"]
        constraints = [
            models.CheckConstraint(
                name="plan_kein_plan_mit_grund",
                condition=Q(status="kein_plan", kein_plan_grund__gt="")
                | (~Q(status="kein_plan") & Q(kein_plan_grund="")),
                violation_error_message="„Kein Plan“ braucht einen Grund, und nur dann.",
            ),
        ]

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"Kooperationsplan vom {self.begonnen_am:%d.%m.%Y}"


class VersionStatus(models.TextChoices):
    ENTWURF = "entwurf", "Entwurf"
    VEREINBART = "vereinbart", "vereinbart"


class NachVereinbarungGesperrt(models.QuerySet):
    """Bulk writes must not slip past the rule that agreed versions are frozen
    (``status_pfad``: where the rows' version status is)."""

    status_pfad = "status"

    def _vereinbarte_dabei(self) -> bool:
        return self.filter(**{self.status_pfad: VersionStatus.VEREINBART}).exists()

    def update(self, **kwargs):
        if self._vereinbarte_dabei():
            raise VersionUnveraenderlich()
        return super().update(**kwargs)

    def delete(self):
        if self._vereinbarte_dabei():
            raise VersionUnveraenderlich()
        return super().delete()


class PlanVersionQuerySet(NachVereinbarungGesperrt):
    status_pfad = "status"


class PlanVersion(Auditiert, Zeitstempel):
    """One version of a plan. Once agreed it never changes (design.md); a
    Fortschreibung makes the next version. The five parts of the one-page plan
    (seed 001): Der Plan (``ziel``), Der Weg, Gezielte Unterstützung and
    Verabredungen (the items), Bei Fragen und Notfällen (``kontakt``)."""

    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.PROTECT,
        related_name="versionen",
        verbose_name="Kooperationsplan",
    )
    nummer = models.PositiveSmallIntegerField("Version")
    status = models.CharField(
        "Status", max_length=10, choices=VersionStatus.choices, default=VersionStatus.ENTWURF
    )
    ziel = models.TextField(
        "Der Plan: mein Ziel", blank=True, help_text="In den Worten der Person: „Ich will …“"
    )
    kontakt = models.TextField("Bei Fragen und Notfällen", blank=True)
    sonstiges = models.TextField("Was sonst noch wichtig ist", blank=True)
    vereinbart_am = models.DateField("vereinbart am", null=True, blank=True)
    vereinbart_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vereinbart von",
    )
    vertreter_zustimmung_am = models.DateField(
        "Zustimmung der gesetzlichen Vertretung am", null=True, blank=True
    )
    vertreter = models.ForeignKey(
        GesetzlicherVertreter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="zugestimmt hat (gesetzliche Vertretung)",
    )
    ueberpruefung_bis = models.DateField(
        "Überprüfung spätestens am", null=True, blank=True, db_index=True
    )
    lesbarkeit_wstf = models.DecimalField(
        "Wiener Sachtextformel", max_digits=4, decimal_places=1, null=True, blank=True
    )
    pdf = models.FileField("PDF", upload_to="plaene/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField("SHA-256 des PDF", max_length=64, blank=True)
    sperrversion = models.PositiveIntegerField(default=1, editable=False)

    objects = PlanVersionQuerySet.as_manager()

    # Columns that may still be filled once after agreement: the PDF is
    # rendered by a task after the version is frozen, exactly once.
    NACH_VEREINBARUNG_EINMAL = ("pdf", "pdf_sha256")

    class Meta:
        verbose_name = "Planversion"
        verbose_name_plural = "Planversionen"
        ordering = ["plan", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="version_nummer_je_plan"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status="entwurf"),
                name="ein_entwurf_je_plan",
                violation_error_message="Dieser Plan hat schon einen Entwurf.",
            ),
            models.CheckConstraint(
                name="version_vereinbart_vollstaendig",
                condition=Q(status="entwurf", vereinbart_am__isnull=True)
                | Q(
                    status="vereinbart",
                    vereinbart_am__isnull=False,
                    ueberpruefung_bis__isnull=False,
                ),
                violation_error_message=(
                    "Eine vereinbarte Version braucht das Datum der Vereinbarung und der "
                    "Überprüfung."
                ),
            ),
            models.CheckConstraint(
                name="version_ueberpruefung_nach_vereinbarung",
                condition=Q(ueberpruefung_bis__isnull=True)
                | Q(ueberpruefung_bis__gt=models.F("vereinbart_am")),
            ),
        ]
        indexes = [
            # Agreed versions still without their PDF (the outbox's sweep).
            models.Index(
                fields=["geaendert_am"],
                name="version_ohne_pdf",
                condition=Q(status="vereinbart", pdf=""),
            ),
        ]

    def audit_jobcenter_id(self):
        return self.plan.leistungsberechtigter.jobcenter_id

    def save(self, *args, **kwargs):
        if self.pk is not None:
            gespeichert = (
                type(self).objects.filter(pk=self.pk).values(*self._inhaltsfelder()).first()
            )
            if gespeichert and gespeichert["status"] == VersionStatus.VEREINBART:
                self._pruefe_nur_pdf_nachgetragen(gespeichert)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk, status=VersionStatus.VEREINBART).exists():
            raise VersionUnveraenderlich()
        return super().delete(*args, **kwargs)

    @classmethod
    def _inhaltsfelder(cls) -> list[str]:
        return [
            f.attname
            for f in cls._meta.concrete_fields
            if f.attname not in ("geaendert_am", "sperrversion")
        ]

    def _pruefe_nur_pdf_nachgetragen(self, gespeichert: dict) -> None:
        for feld, alt in gespeichert.items():
            neu = getattr(self, feld)
            if feld in self.NACH_VEREINBARUNG_EINMAL:
                if alt and str(neu) != str(alt):
                    raise VersionUnveraenderlich()
            elif neu != alt:
                raise VersionUnveraenderlich()

    @property
    def ist_vereinbart(self) -> bool:
        return self.status == VersionStatus.VEREINBART

    def __str__(self) -> str:
        return f"Version {self.nummer} ({self.get_status_display()})"


class Planteil(models.TextChoices):
    WEG = "weg", "Der Weg: meine nächsten Schritte"
    UNTERSTUETZUNG = "unterstuetzung", "Gezielte Unterstützung durch das Jobcenter"
    EIGENBEMUEHUNG = "eigenbemuehung", "Meine Eigenbemühungen"
    TERMIN = "termin", "Verabredungen: nächster Termin"


class PlanEintragQuerySet(NachVereinbarungGesperrt):
    status_pfad = "version__status"


class PlanEintrag(Auditiert, Zeitstempel):
    """One item of a plan version. It may answer a finding of the
    Potenzialanalyse, or stand without one (Rz. 19)."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="eintraege", verbose_name="Version"
    )
    teil = models.CharField("Teil", max_length=20, choices=Planteil.choices)
    reihenfolge = models.PositiveSmallIntegerField("Reihenfolge", default=0)
    text = models.TextField("Text")
    handlungsbedarf = models.ForeignKey(
        Handlungsbedarf,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eintraege",
        verbose_name="beantwortet den Handlungsbedarf",
    )
    angebot = models.ForeignKey(
        Angebot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="eintraege",
        verbose_name="Angebot",
    )
    leistung_16a = models.CharField(
        "Leistung nach § 16a SGB II", max_length=20, choices=Leistung16a.choices, blank=True
    )
    haeufigkeit = models.CharField("Wie oft", max_length=100, blank=True)
    nachweis = models.CharField("Wie nachweisen", max_length=200, blank=True)
    termin = models.DateTimeField("Termin", null=True, blank=True, db_index=True)
    nachweis_bis = models.DateField(
        "Nachweis vorlegen bis",
        null=True,
        blank=True,
        help_text="Eigenbemühungen: bis wann die Person den nächsten Nachweis vorlegt.",
    )

    objects = PlanEintragQuerySet.as_manager()

    class Meta:
        verbose_name = "Planeintrag"
        verbose_name_plural = "Planeinträge"
        ordering = ["version", "teil", "reihenfolge", "pk"]
        constraints = [
            models.CheckConstraint(
                name="eintrag_16a_nur_als_unterstuetzung",
                condition=Q(leistung_16a="") | Q(teil="unterstuetzung"),
                violation_error_message=(
                    "Leistungen nach § 16a SGB II gehören zur gezielten Unterstützung."
                ),
            ),
            models.CheckConstraint(
                name="eintrag_eigenbemuehung_vollstaendig",
                condition=~Q(teil="eigenbemuehung") | (Q(haeufigkeit__gt="") & Q(nachweis__gt="")),
                violation_error_message="Eigenbemühungen brauchen „Wie oft“ und „Wie nachweisen“.",
            ),
            models.CheckConstraint(
                name="eintrag_termin_mit_datum",
                condition=~Q(teil="termin") | Q(termin__isnull=False),
                violation_error_message="Ein Termin braucht Datum und Uhrzeit.",
            ),
        ]

    def audit_jobcenter_id(self):
        return self.version.plan.leistungsberechtigter.jobcenter_id

    def clean(self) -> None:
        super().clean()
        if self.angebot_id and self.angebot.leistung_16a and not self.leistung_16a:
            # An item that books a § 16a service is a § 16a item.
            self.leistung_16a = self.angebot.leistung_16a

    def save(self, *args, **kwargs):
        version_ids = {self.version_id}
        if self.pk is not None:
            alt = type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True).first()
            if alt is not None:
                version_ids.add(alt)
        if PlanVersion.objects.filter(pk__in=version_ids, status=VersionStatus.VEREINBART).exists():
            raise VersionUnveraenderlich()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if PlanVersion.objects.filter(pk=self.version_id, status=VersionStatus.VEREINBART).exists():
            raise VersionUnveraenderlich()
        return super().delete(*args, **kwargs)

    @property
    def ist_16a(self) -> bool:
        return bool(self.leistung_16a)

    def __str__(self) -> str:
        return self.text[:60]
