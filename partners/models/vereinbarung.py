"""Kooperationsvereinbarungen (seeds 002, 003) in the phases of the partner guide
(seed 004), with their parties, signed versions, meetings and open tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kooperation.audit import Auditiert
from kooperation.models import Jobcenter, Zeitstempel

from .partner import Partner


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
    verantwortlich = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="betreute_vereinbarungen",
        verbose_name="verantwortlich im Jobcenter",
        help_text="Erhält die Wiedervorlagen zu Kündigung und Ende.",
    )
    gekuendigt_am = models.DateField(
        "Kündigung zugegangen am",
        null=True,
        blank=True,
        help_text="Für die Rechtzeitigkeit zählt der Zugang, nicht die Absendung.",
    )
    # Computed by ``partners.laufzeit`` when the agreement is saved (design.md:
    # deadlines are stored when their cause is recorded, and indexed).
    laeuft_bis = models.DateField("läuft bis", null=True, blank=True, db_index=True)
    naechste_verlaengerung = models.DateField(
        "nächste Verlängerung", null=True, blank=True, db_index=True
    )
    kuendigung_bis = models.DateField(
        "letzter Tag für die Kündigung", null=True, blank=True, db_index=True
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


class Vereinbarungsdokument(Auditiert, Zeitstempel):
    """A signed version of an agreement (changes need writing: seeds 002, 003),
    kept as a document with its number and date of signature."""

    vereinbarung = models.ForeignKey(
        Kooperationsvereinbarung,
        on_delete=models.CASCADE,
        related_name="dokumente",
        verbose_name="Vereinbarung",
    )
    fassung = models.PositiveSmallIntegerField("Fassung")
    unterzeichnet_am = models.DateField("unterzeichnet am")
    datei = models.FileField("Datei", upload_to="vereinbarungen/%Y/", blank=True)
    bemerkung = models.CharField("Bemerkung", max_length=300, blank=True)

    class Meta:
        verbose_name = "Unterzeichnete Fassung"
        verbose_name_plural = "Unterzeichnete Fassungen"
        ordering = ["vereinbarung", "-fassung"]
        constraints = [
            models.UniqueConstraint(
                fields=["vereinbarung", "fassung"],
                name="vereinbarungsdokument_fassung_einmalig",
                violation_error_message="Diese Fassung ist schon abgelegt.",
            )
        ]

    def audit_jobcenter_id(self):
        return self.vereinbarung.jobcenter_id

    def __str__(self) -> str:
        return f"Fassung {self.fassung} vom {self.unterzeichnet_am:%d.%m.%Y}"


class Kooperationstreffen(Auditiert, Zeitstempel):
    """A meeting in the agreed rhythm (seed 002: half-yearly review meeting;
    seed 004 phase III: care of the cooperation) and its minutes."""

    vereinbarung = models.ForeignKey(
        Kooperationsvereinbarung,
        on_delete=models.CASCADE,
        related_name="treffen",
        verbose_name="Vereinbarung",
    )
    datum = models.DateField("Datum", db_index=True)
    thema = models.CharField("Thema", max_length=200, blank=True)
    protokoll = models.TextField("Protokoll", blank=True)
    protokoll_datei = models.FileField("Protokoll (Datei)", upload_to="protokolle/%Y/", blank=True)

    class Meta:
        verbose_name = "Kooperationstreffen"
        verbose_name_plural = "Kooperationstreffen"
        ordering = ["vereinbarung", "datum"]
        constraints = [
            models.UniqueConstraint(fields=["vereinbarung", "datum"], name="treffen_einmal_je_tag")
        ]

    def audit_jobcenter_id(self):
        return self.vereinbarung.jobcenter_id

    @property
    def protokolliert(self) -> bool:
        return bool(self.protokoll or self.protokoll_datei)

    def __str__(self) -> str:
        return f"Treffen am {self.datum:%d.%m.%Y}"


class Phasenaufgabe(Zeitstempel):
    """Something still to do in one phase of the partner guide (seed 004),
    so each cooperation shows what is open at its stage."""

    vereinbarung = models.ForeignKey(
        Kooperationsvereinbarung,
        on_delete=models.CASCADE,
        related_name="aufgaben",
        verbose_name="Vereinbarung",
    )
    phase = models.CharField("Phase", max_length=3, choices=Kooperationsphase.choices)
    text = models.CharField("Aufgabe", max_length=300)
    erledigt_am = models.DateField("erledigt am", null=True, blank=True)

    class Meta:
        verbose_name = "Aufgabe in der Phase"
        verbose_name_plural = "Aufgaben in den Phasen"
        ordering = ["vereinbarung", "phase", "pk"]

    @property
    def offen(self) -> bool:
        return self.erledigt_am is None

    def __str__(self) -> str:
        return self.text
