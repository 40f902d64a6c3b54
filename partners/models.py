"""Organisations the Jobcenter works with: the kommunaler Träger, the
Kooperationspartner with their Ansprechpartner and Angebote, and the
Kooperationsvereinbarungen (seeds 002, 003, 004)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from kooperation.audit import Auditiert
from kooperation.katalog import Handlungsbedarf, Leistung16a
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
        gueltig = set(Handlungsbedarf.values)
        if not isinstance(self.bereiche, list) or not set(self.bereiche) <= gueltig:
            raise ValidationError(
                {"bereiche": "Bitte nur Handlungsbedarfe aus dem Katalog angeben."}
            )

    def __str__(self) -> str:
        return self.titel


class Formalisierung(models.TextChoices):
    MUENDLICH = "muendlich", "Mündliche Absprache"
    PROTOKOLL = "protokoll", "Protokoll"
    SCHRIFTLICH = "schriftlich", "Schriftliche Vereinbarung"


class Laufzeitart(models.TextChoices):
    UNBEFRISTET = "unbefristet", "Unbefristet mit Kündigungsfrist"
    BEFRISTET = "befristet", "Befristet"
    VERLAENGERND = "verlaengernd", "Verlängert sich, wenn nicht gekündigt"


class Kooperationsphase(models.TextChoices):
    """The phases of the partner guide (seed 004, Abbildung 1 and 2)."""

    BEDARFSANALYSE = "I", "I Bedarfsanalyse"
    RECHERCHE = "IIA", "II A Recherche"
    ANSPRACHE = "IIB", "II B Ansprache"
    ZIELE = "IIC", "II C Ziele"
    KONKRETISIERUNG = "IID", "II D Konkretisierung"
    FORMALISIERUNG = "IIE", "II E Formalisierung"
    PFLEGE = "III", "III Pflege"


class Kooperationsvereinbarung(Auditiert, Zeitstempel):
    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.PROTECT,
        related_name="vereinbarungen",
        verbose_name="Jobcenter",
    )
    titel = models.CharField("Titel", max_length=300)
    praeambel = models.TextField("Präambel", blank=True)
    ziele = models.TextField("Ziele", blank=True)
    ebenen = models.TextField(
        "Ebenen der Zusammenarbeit", blank=True, help_text="Einzelfall, Projekte, Gremien"
    )
    treffen_rhythmus_monate = models.PositiveSmallIntegerField(
        "Treffen alle … Monate", null=True, blank=True
    )
    datenschutz = models.TextField("Datenschutz", blank=True)
    formalisierung = models.CharField(
        "Form", max_length=12, choices=Formalisierung.choices, default=Formalisierung.SCHRIFTLICH
    )
    phase = models.CharField(
        "Phase", max_length=3, choices=Kooperationsphase.choices, default=Kooperationsphase.PFLEGE
    )
    beginn = models.DateField("Beginn")
    laufzeitart = models.CharField("Laufzeit", max_length=12, choices=Laufzeitart.choices)
    ende = models.DateField("Ende (befristet)", null=True, blank=True)
    kuendigungsfrist_monate = models.PositiveSmallIntegerField(
        "Kündigungsfrist (Monate)", null=True, blank=True
    )
    verlaengerung_monate = models.PositiveSmallIntegerField(
        "Verlängerung um (Monate)", null=True, blank=True
    )
    parteien = models.ManyToManyField(
        Partner,
        through="Vertragspartei",
        related_name="vereinbarungen",
        verbose_name="Vertragsparteien",
    )

    class Meta:
        verbose_name = "Kooperationsvereinbarung"
        verbose_name_plural = "Kooperationsvereinbarungen"
        ordering = ["-beginn"]
        constraints = [
            models.CheckConstraint(
                name="vereinbarung_laufzeit_vollstaendig",
                condition=(
                    Q(laufzeitart="befristet", ende__isnull=False)
                    | Q(laufzeitart="unbefristet", kuendigungsfrist_monate__isnull=False)
                    | Q(
                        laufzeitart="verlaengernd",
                        ende__isnull=False,
                        kuendigungsfrist_monate__isnull=False,
                        verlaengerung_monate__gte=1,
                    )
                ),
                violation_error_message=(
                    "Zur Laufzeit fehlen Angaben: befristet braucht ein Ende, unbefristet eine "
                    "Kündigungsfrist, selbstverlängernd Ende der ersten Laufzeit, "
                    "Kündigungsfrist und Verlängerung."
                ),
            ),
            models.CheckConstraint(
                name="vereinbarung_ende_nach_beginn",
                condition=Q(ende__isnull=True) | Q(ende__gt=models.F("beginn")),
                violation_error_message="Das Ende liegt vor dem Beginn.",
            ),
        ]

    def __str__(self) -> str:
        return self.titel


class Vertragspartei(models.Model):
    vereinbarung = models.ForeignKey(
        Kooperationsvereinbarung, on_delete=models.CASCADE, related_name="vertragsparteien"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, verbose_name="Partner")
    vertreten_durch = models.CharField("vertreten durch", max_length=200, blank=True)

    class Meta:
        verbose_name = "Vertragspartei"
        verbose_name_plural = "Vertragsparteien"
        constraints = [
            models.UniqueConstraint(fields=["vereinbarung", "partner"], name="partei_einmalig")
        ]

    def __str__(self) -> str:
        return str(self.partner)


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
