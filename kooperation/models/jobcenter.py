"""The Jobcenter and its settings, its closing days, teams and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..audit import Auditiert


class Zeitstempel(models.Model):
    """Abstract base: when a row was made and last changed."""

    erstellt_am = models.DateTimeField("erstellt am", auto_now_add=True)
    geaendert_am = models.DateTimeField("geändert am", auto_now=True)

    class Meta:
        abstract = True


class Bundesland(models.TextChoices):
    """ISO 3166-2:DE subdivision codes, as the ``holidays`` package expects them."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class Organisationsform(models.TextChoices):
    GEMEINSAME_EINRICHTUNG = "gE", "Gemeinsame Einrichtung (§ 44b SGB II)"
    ZUGELASSENER_KOMMUNALER_TRAEGER = "zkT", "Zugelassener kommunaler Träger (§ 6a SGB II)"


class Abstimmungsmodus(models.TextChoices):
    """When a plan is coordinated with the kommunaler Träger (seed 000, Rz. 15)."""

    ALLE = "alle", "Jeder Kooperationsplan"
    NUR_16A = "nur_16a", "Nur Pläne mit Leistungen nach § 16a SGB II"
    KEINE = "keine", "Keine Einzelabstimmung (zugelassener kommunaler Träger)"


class Abstimmungszeitpunkt(models.TextChoices):
    """Rz. 16: the moment of the Abstimmung must be set."""

    VOR_GESPRAECH = "vor", "Vor dem Gespräch mit der Person"
    NACH_GESPRAECH = "nach", "Nach dem Gespräch mit der Person"


# Retention defaults (README, "Aufbewahrung und Löschung"). The dashboard
# looks back at most 24 months; a case is deleted no earlier than two years
# after it ended, so its figures never change (plans/services/loeschung.py).
AUFBEWAHRUNG_FALL_JAHRE = 5
AUFBEWAHRUNG_FALL_MINDESTENS = 2
AUFBEWAHRUNG_NACHRICHTEN_MONATE = 12
AUFBEWAHRUNG_AUDIT_JAHRE = 2


class Jobcenter(Auditiert, Zeitstempel):
    name = models.CharField("Name", max_length=200, unique=True)
    bundesland = models.CharField("Bundesland", max_length=2, choices=Bundesland.choices)
    organisationsform = models.CharField(
        "Organisationsform",
        max_length=3,
        choices=Organisationsform.choices,
        default=Organisationsform.GEMEINSAME_EINRICHTUNG,
    )
    abstimmungsmodus = models.CharField(
        "Abstimmung mit dem kommunalen Träger",
        max_length=10,
        choices=Abstimmungsmodus.choices,
        default=Abstimmungsmodus.NUR_16A,
    )
    abstimmungszeitpunkt = models.CharField(
        "Zeitpunkt der Abstimmung",
        max_length=4,
        choices=Abstimmungszeitpunkt.choices,
        default=Abstimmungszeitpunkt.VOR_GESPRAECH,
    )
    entwurf_frist_arbeitstage = models.PositiveSmallIntegerField(
        "Frist für den Planentwurf (Arbeitstage nach der Potenzialanalyse)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Praxis nach der Kommentierung (Rz. 17): „2 Arbeitswochen“ = 10 Arbeitstage.",
    )
    abstimmung_frist_arbeitstage = models.PositiveSmallIntegerField(
        "Antwortfrist des kommunalen Trägers (Arbeitstage)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    anhoerung_frist_arbeitstage = models.PositiveSmallIntegerField(
        "Antwortfrist der Anhörung (Arbeitstage)",
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(30)],
        help_text=(
            "Leer: die Vorgabe des geltenden Rechtsstands. § 24 SGB X verlangt eine angemessene "
            "Frist und nennt keine Zahl."
        ),
    )
    leistung_postfach = models.EmailField(
        "Postfach der Leistungssachbearbeitung",
        blank=True,
        help_text=(
            "Hierhin gehen die Mitteilungen nach einem versäumten Termin ohne wichtigen Grund. "
            "Leer: die Mitteilung liegt nur in der Anwendung vor."
        ),
    )
    # Retention (Löschkonzept): defaults and their reasons in README
    # ("Aufbewahrung und Löschung"); each is the Jobcenter's decision.
    aufbewahrung_fall_jahre = models.PositiveSmallIntegerField(
        "Aufbewahrung der Fall- und Plandaten (Jahre nach Ende des Falls)",
        default=AUFBEWAHRUNG_FALL_JAHRE,
        validators=[MinValueValidator(AUFBEWAHRUNG_FALL_MINDESTENS), MaxValueValidator(30)],
        help_text=(
            "Person, Potenzialanalysen, Pläne mit ihren PDFs, Abstimmungen, Einwilligungen und "
            "Fristen werden so viele Jahre nach dem Ende des Falls gelöscht. Mindestens "
            f"{AUFBEWAHRUNG_FALL_MINDESTENS} Jahre, damit die Kennzahlen gleich bleiben."
        ),
    )
    aufbewahrung_nachrichten_monate = models.PositiveSmallIntegerField(
        "Aufbewahrung versandter Nachrichten (Monate)",
        default=AUFBEWAHRUNG_NACHRICHTEN_MONATE,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="E-Mails an Mitarbeitende (Erinnerungen, Hinweise) nach dem Versand.",
    )
    aufbewahrung_audit_jahre = models.PositiveSmallIntegerField(
        "Aufbewahrung des Audit-Protokolls (Jahre)",
        default=AUFBEWAHRUNG_AUDIT_JAHRE,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=(
            "Einträge über Lese- und Schreibzugriffe. Das Protokoll ist eine Kette für die ganze "
            "Installation: es gilt die längste Frist aller Jobcenter."
        ),
    )
    anschrift = models.TextField("Anschrift", blank=True)
    telefon = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    website = models.URLField("Internetseite", blank=True)
    oeffnungszeiten = models.CharField("Öffnungszeiten", max_length=200, blank=True)
    stammdaten_aus_fachverfahren = models.BooleanField(
        "Stammdaten aus dem Fachverfahren",
        default=False,
        help_text=(
            "Name, Geburtsdatum, Kundennummer, Anschrift und Kontakt kommen über die "
            "Schnittstelle; im Browser sind sie dann nur zu lesen."
        ),
    )

    class Meta:
        verbose_name = "Jobcenter"
        verbose_name_plural = "Jobcenter"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="jobcenter_zkt_ohne_abstimmung",
                condition=~Q(organisationsform="zkT") | Q(abstimmungsmodus="keine"),
                violation_error_message=(
                    "Bei einem zugelassenen kommunalen Träger (§ 6a SGB II) entfällt die "
                    "Abstimmung: wählen Sie „Keine Einzelabstimmung“."
                ),
            ),
            models.CheckConstraint(
                name="jobcenter_entwurf_frist_bereich",
                condition=Q(entwurf_frist_arbeitstage__gte=1, entwurf_frist_arbeitstage__lte=60),
            ),
            models.CheckConstraint(
                name="jobcenter_aufbewahrung_bereich",
                condition=Q(
                    aufbewahrung_fall_jahre__gte=AUFBEWAHRUNG_FALL_MINDESTENS,
                    aufbewahrung_fall_jahre__lte=30,
                    aufbewahrung_nachrichten_monate__gte=1,
                    aufbewahrung_nachrichten_monate__lte=120,
                    aufbewahrung_audit_jahre__gte=1,
                    aufbewahrung_audit_jahre__lte=10,
                ),
            ),
            models.CheckConstraint(
                name="jobcenter_anhoerung_frist_bereich",
                condition=Q(anhoerung_frist_arbeitstage__isnull=True)
                | Q(anhoerung_frist_arbeitstage__gte=5, anhoerung_frist_arbeitstage__lte=30),
            ),
            models.CheckConstraint(
                name="jobcenter_abstimmung_frist_bereich",
                condition=Q(
                    abstimmung_frist_arbeitstage__gte=1, abstimmung_frist_arbeitstage__lte=30
                ),
            ),
        ]
        # Capabilities that make up the roles (see kooperation.access).
        permissions = [
            ("faelle_bearbeiten", "Eigene Fälle bearbeiten"),
            ("team_faelle_lesen", "Fälle des eigenen Teams lesen"),
            ("team_leiten", "Team leiten (Eskalationen, Zuweisung)"),
            ("jobcenter_faelle_lesen", "Alle Fälle des Jobcenters lesen (Schnittstelle)"),
            ("abstimmungen_entscheiden", "Träger-Abstimmungen entscheiden"),
            ("kennzahlen_sehen", "Kennzahlen des Jobcenters sehen"),
            ("jobcenter_verwalten", "Jobcenter, Teams und Partner verwalten"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def abstimmung_entfaellt(self) -> bool:
        return (
            self.organisationsform == Organisationsform.ZUGELASSENER_KOMMUNALER_TRAEGER
            or self.abstimmungsmodus == Abstimmungsmodus.KEINE
        )


class Schliesstag(models.Model):
    """A local closing day (e.g. 24 or 31 December), not a working day for deadlines."""

    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.CASCADE, related_name="schliesstage", verbose_name="Jobcenter"
    )
    datum = models.DateField("Datum")
    bezeichnung = models.CharField("Bezeichnung", max_length=100, blank=True)

    class Meta:
        verbose_name = "Schließtag"
        verbose_name_plural = "Schließtage"
        ordering = ["datum"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "datum"], name="schliesstag_einmalig")
        ]

    def __str__(self) -> str:
        return f"{self.datum:%d.%m.%Y} {self.bezeichnung}".strip()


class Team(Zeitstempel):
    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.PROTECT, related_name="teams", verbose_name="Jobcenter"
    )
    name = models.CharField("Name", max_length=100)
    region = models.CharField("Region", max_length=100, blank=True)

    class Meta:
        verbose_name = "Team"
        verbose_name_plural = "Teams"
        ordering = ["jobcenter", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "name"], name="team_name_einmalig")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff (or an API client) of exactly one Jobcenter.

    The role is the user's group (see ``kooperation.access.Rolle``)."""

    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mitarbeitende",
        verbose_name="Jobcenter",
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mitglieder",
        verbose_name="Team",
    )
    telefon = models.CharField("Telefon", max_length=50, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "Benutzer"
        verbose_name_plural = "Benutzer"
        swappable = "AUTH_USER_MODEL"

    def clean(self) -> None:
        super().clean()
        if self.team_id and self.team.jobcenter_id != self.jobcenter_id:
            raise ValidationError({"team": "Das Team gehört zu einem anderen Jobcenter."})

    def __str__(self) -> str:
        return self.get_full_name() or self.username
