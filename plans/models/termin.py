"""Appointments: the invitation (§ 59 SGB II with § 309 SGB III), its outcome,
the hearing after a missed appointment (§ 24 SGB X) and the notice to the
benefits team.

An invitation belongs to a person and, where there is one, to her plan: the
first invitation after the Potenzialanalyse comes before any plan. Whether it
carries a Rechtsfolgenbelehrung is decided by the Rechtsstand in force on the
day of the invitation and stored with it, so a later change of the law does
not rewrite what the person was told."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cases.models import Leistungsberechtigter, Sprache
from kooperation import recht
from kooperation.audit import Auditiert
from kooperation.models import Zeitstempel
from kooperation.rechtsregeln import Anhoerungsform

from .nichteinigung import BescheidPunkt
from .plan import Kooperationsplan, PlanEintrag
from .rechtsakt import Pflichtverletzung, Unveraenderlich

# An appointment lasts at least this long and at most a working day.
DAUER_MINDESTENS = 5
DAUER_HOECHSTENS = 480


class Terminform(models.TextChoices):
    VOR_ORT = "vor_ort", "vor Ort"
    TELEFON = "telefon", "Telefon"
    VIDEO = "video", "Video"


class Terminergebnis(models.TextChoices):
    OFFEN = "offen", "offen"
    ERSCHIENEN = "erschienen", "erschienen"
    NICHT_ERSCHIENEN = "nicht_erschienen", "nicht erschienen"
    ABGESAGT = "abgesagt", "abgesagt mit wichtigem Grund"
    ARBEITSUNFAEHIG = "arbeitsunfaehig", "arbeitsunfähig"
    VERLEGT = "verlegt", "verlegt"


class Feststellung(models.TextChoices):
    OFFEN = "offen", "offen"
    WICHTIGER_GRUND = "wichtiger_grund", "wichtiger Grund liegt vor"
    KEIN_WICHTIGER_GRUND = "kein_wichtiger_grund", "kein wichtiger Grund"


def rechtsstand_name(schluessel: str) -> str:
    """The Rechtsstand's name as people know it ("Neue Grundsicherung"),
    the stored key if that Rechtsstand is no longer configured."""
    try:
        return recht.nach_schluessel(schluessel).bezeichnung
    except recht.KeinRechtsstand:
        return schluessel


class Einladung(Auditiert, Zeitstempel):
    """One invitation to one appointment, with its outcome."""

    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.PROTECT,
        related_name="einladungen",
        verbose_name="Leistungsberechtigte Person",
    )
    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="einladungen",
        verbose_name="Kooperationsplan",
    )
    # An agreed item's or a Bescheid item's appointment becomes at most one
    # invitation (the database says so, not the code that creates it).
    quelle_eintrag = models.OneToOneField(
        PlanEintrag,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="einladung",
        verbose_name="aus dem Planeintrag",
    )
    quelle_punkt = models.OneToOneField(
        BescheidPunkt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="einladung",
        verbose_name="aus dem Bescheidpunkt",
    )
    ifk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="einladungen",
        verbose_name="Termin bei",
    )
    beginn = models.DateTimeField("Beginn")
    dauer_minuten = models.PositiveSmallIntegerField(
        "Dauer (Minuten)",
        default=30,
        validators=[MinValueValidator(DAUER_MINDESTENS), MaxValueValidator(DAUER_HOECHSTENS)],
    )
    form = models.CharField("Form", max_length=10, choices=Terminform.choices)
    ort = models.CharField(
        "Ort", max_length=200, blank=True, help_text="Raum und Anschrift; nötig für „vor Ort“."
    )
    zweck = models.TextField("Zweck des Termins")
    ansprechperson = models.CharField(
        "Fragen Sie nach", max_length=200, blank=True, help_text="Wen die Person am Empfang nennt."
    )
    mitbringen = models.TextField("Bitte mitbringen", blank=True)
    dolmetschen = models.CharField(
        "Dolmetschen",
        max_length=2,
        choices=Sprache.choices,
        blank=True,
        help_text="Leer: kein Dolmetschen nötig.",
    )
    mit_rechtsfolgenbelehrung = models.BooleanField("mit Rechtsfolgenbelehrung", default=True)
    rechtsstand = models.CharField(
        "Rechtsstand",
        max_length=40,
        help_text="Schlüssel des Rechtsstands am Tag der Einladung.",
    )
    brief_pdf = models.FileField("Brief (PDF)", upload_to="termine/einladungen/%Y/%m/", blank=True)
    brief_sha256 = models.CharField("SHA-256 des Briefs", max_length=64, blank=True)
    ergebnis = models.CharField(
        "Ergebnis",
        max_length=20,
        choices=Terminergebnis.choices,
        default=Terminergebnis.OFFEN,
    )
    ergebnis_am = models.DateField("Ergebnis festgehalten am", null=True, blank=True)
    grund = models.TextField("Grund", blank=True, help_text="Der Grund und sein Nachweis.")
    au_von = models.DateField("arbeitsunfähig von", null=True, blank=True)
    au_bis = models.DateField("arbeitsunfähig bis", null=True, blank=True)
    verlegt_auf = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verlegt_von",
        verbose_name="verlegt auf",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "Einladung"
        verbose_name_plural = "Einladungen"
        ordering = ["beginn", "pk"]
        indexes = [
            models.Index(fields=["ifk", "beginn"], name="einladung_ifk_beginn"),
            models.Index(
                fields=["leistungsberechtigter", "beginn"], name="einladung_person_beginn"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="einladung_au_zeitraum",
                condition=Q(au_von__isnull=True)
                | Q(au_bis__isnull=True)
                | Q(au_bis__gte=models.F("au_von")),
                violation_error_message="Das Ende der Arbeitsunfähigkeit liegt vor ihrem Beginn.",
            ),
            models.CheckConstraint(
                name="einladung_au_nur_bei_arbeitsunfaehig",
                condition=Q(ergebnis="arbeitsunfaehig", au_von__isnull=False, au_bis__isnull=False)
                | (~Q(ergebnis="arbeitsunfaehig") & Q(au_von__isnull=True, au_bis__isnull=True)),
                violation_error_message=(
                    "Der Zeitraum der Arbeitsunfähigkeit gehört genau zum Ergebnis "
                    "„arbeitsunfähig“."
                ),
            ),
            models.CheckConstraint(
                name="einladung_vor_ort_mit_ort",
                condition=~Q(form="vor_ort") | Q(ort__gt=""),
                violation_error_message="Ein Termin vor Ort braucht einen Ort.",
            ),
            models.CheckConstraint(
                name="einladung_dauer_bereich",
                condition=Q(
                    dauer_minuten__gte=DAUER_MINDESTENS, dauer_minuten__lte=DAUER_HOECHSTENS
                ),
            ),
        ]

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    @property
    def ist_offen(self) -> bool:
        return self.ergebnis == Terminergebnis.OFFEN

    @property
    def rechtsstand_name(self) -> str:
        return rechtsstand_name(self.rechtsstand)

    def __str__(self) -> str:
        return f"Termin am {self.beginn:%d.%m.%Y}"


class Anhoerung(Auditiert, Zeitstempel):
    """The hearing after a missed appointment (§ 24 SGB X): the letter with
    its deadline, the answer, a personal hearing where the Rechtsstand demands
    one, and the finding."""

    einladung = models.OneToOneField(
        Einladung, on_delete=models.PROTECT, related_name="anhoerung", verbose_name="Einladung"
    )
    form = models.CharField(
        "Form der Anhörung",
        max_length=30,
        choices=Anhoerungsform.choices,
        default=Anhoerungsform.SCHRIFTLICH,
    )
    versandt_am = models.DateField("versandt am")
    antwort_bis = models.DateField("Antwort bis", db_index=True)
    brief_pdf = models.FileField("Brief (PDF)", upload_to="termine/anhoerungen/%Y/%m/", blank=True)
    brief_sha256 = models.CharField("SHA-256 des Briefs", max_length=64, blank=True)
    antwort = models.TextField("Antwort der Person", blank=True)
    antwort_am = models.DateField("Antwort am", null=True, blank=True)
    persoenlich_am = models.DateField("persönlich angehört am", null=True, blank=True)
    persoenlich_vermerk = models.TextField("Vermerk zur persönlichen Anhörung", blank=True)
    feststellung = models.CharField(
        "Feststellung",
        max_length=20,
        choices=Feststellung.choices,
        default=Feststellung.OFFEN,
    )
    festgestellt_am = models.DateField("festgestellt am", null=True, blank=True)
    begruendung = models.TextField("Begründung", blank=True)
    pflichtverletzung = models.OneToOneField(
        Pflichtverletzung,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anhoerung",
        verbose_name="Pflichtverletzung",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "Anhörung"
        verbose_name_plural = "Anhörungen"
        ordering = ["antwort_bis", "pk"]
        constraints = [
            models.CheckConstraint(
                name="anhoerung_frist_nach_versand",
                condition=Q(antwort_bis__gt=models.F("versandt_am")),
            ),
            models.CheckConstraint(
                name="anhoerung_festgestellt_mit_datum",
                condition=Q(feststellung="offen", festgestellt_am__isnull=True)
                | (~Q(feststellung="offen") & Q(festgestellt_am__isnull=False)),
            ),
            models.CheckConstraint(
                name="anhoerung_verstoss_nur_ohne_grund",
                condition=Q(pflichtverletzung__isnull=True)
                | Q(feststellung="kein_wichtiger_grund"),
            ),
        ]

    def audit_jobcenter_id(self):
        return self.einladung.leistungsberechtigter.jobcenter_id

    @property
    def ist_offen(self) -> bool:
        return self.feststellung == Feststellung.OFFEN

    def __str__(self) -> str:
        return f"Anhörung vom {self.versandt_am:%d.%m.%Y}"


class Leistungsmitteilung(Unveraenderlich, Auditiert, Zeitstempel):
    """The notice to the benefits team (Leistungssachbearbeitung) after a
    missed appointment without wichtiger Grund: how many relevant misses lie
    within the Rechtsstand's window and the consequence it names. No money:
    the reduction is decided by the benefits team. Never changed once made."""

    meldung = "Eine Mitteilung an die Leistungssachbearbeitung wird nicht geändert."

    anhoerung = models.OneToOneField(
        Anhoerung, on_delete=models.PROTECT, related_name="mitteilung", verbose_name="Anhörung"
    )
    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.PROTECT,
        related_name="leistungsmitteilungen",
        verbose_name="Leistungsberechtigte Person",
    )
    relevante_versaeumnisse = models.PositiveSmallIntegerField(
        "relevante Meldeversäumnisse (mit diesem)"
    )
    fenster_von = models.DateField("Zeitraum von")
    fenster_bis = models.DateField("Zeitraum bis")
    folge = models.TextField("Folge nach dem maßgeblichen Rechtsstand")
    rechtsstand = models.CharField("Rechtsstand", max_length=40)
    berichtet = models.BooleanField("Werte berichtet, nicht geprüft", default=False)
    empfaenger = models.EmailField(
        "Postfach der Leistungssachbearbeitung",
        blank=True,
        help_text="Leer: kein Postfach eingestellt, die Mitteilung liegt nur hier vor.",
    )
    nachricht = models.ForeignKey(
        "kooperation.Nachricht",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Nachricht",
    )

    class Meta:
        verbose_name = "Mitteilung an die Leistungssachbearbeitung"
        verbose_name_plural = "Mitteilungen an die Leistungssachbearbeitung"
        ordering = ["-erstellt_am", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="mitteilung_fenster",
                condition=Q(fenster_bis__gte=models.F("fenster_von")),
            ),
            models.CheckConstraint(
                name="mitteilung_mindestens_eins",
                condition=Q(relevante_versaeumnisse__gte=1),
            ),
        ]

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    @property
    def rechtsstand_name(self) -> str:
        return rechtsstand_name(self.rechtsstand)

    def __str__(self) -> str:
        return f"Mitteilung vom {self.erstellt_am:%d.%m.%Y}"
