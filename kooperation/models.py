"""What every app shares: the Jobcenter and its settings, teams and users,
the Rechtsstand (legal rules with a start date) and the Wiedervorlagen
(deadlines) that every app files when their cause is recorded."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from knox.models import AbstractAuthToken

from . import recht
from .audit import Auditiert


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
    anschrift = models.TextField("Anschrift", blank=True)
    telefon = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    website = models.URLField("Internetseite", blank=True)
    oeffnungszeiten = models.CharField("Öffnungszeiten", max_length=200, blank=True)

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


class RechtsstandQuerySet(models.QuerySet):
    def am(self, datum: datetime.date) -> Rechtsstand:
        """The Rechtsstand in force on ``datum``: the latest one that started by then."""
        rechtsstand = self.filter(gueltig_ab__lte=datum).order_by("-gueltig_ab").first()
        if rechtsstand is None:
            raise Rechtsstand.DoesNotExist(
                f"Für den {datum:%d.%m.%Y} ist kein Rechtsstand erfasst."
            )
        return rechtsstand

    def zu(self, regeln: recht.Rechtsstand) -> Rechtsstand:
        """The row mirroring an entry of ``kooperation/rechtsstaende.py``, e.g.
        the one ``recht.fuer_akt(...)`` chose, for an act's foreign key."""
        return self.get(schluessel=regeln.schluessel)


class Rechtsstand(models.Model):
    """Mirror of the entries in ``kooperation/rechtsstaende.py``, for foreign
    keys and the admin, brought in line after every ``migrate``.

    The rules themselves live in the code (``self.regeln``); which Rechtsstand
    an act follows is decided per act by its date with the transition rules
    (``kooperation.recht.fuer_akt``). The columns besides ``parameter`` repeat
    a few values for older readers; ``parameter`` holds every value with its
    source, so a new entry or parameter needs no migration."""

    schluessel = models.SlugField("Schlüssel", unique=True)
    bezeichnung = models.CharField("Bezeichnung", max_length=200)
    gueltig_ab = models.DateField("gültig ab", unique=True)
    leistung = models.CharField(
        "Name der Leistung", max_length=100, help_text="z. B. Bürgergeld, Grundsicherungsgeld"
    )
    schlichtung_vorgesehen = models.BooleanField(
        "Schlichtung bei Nichteinigung (§ 15a SGB II)", default=False
    )
    schlichtung_hoechstdauer_wochen = models.PositiveSmallIntegerField(
        "Höchstdauer der Schlichtung (Wochen)", null=True, blank=True
    )
    verwaltungsakt_bei_nichteinigung = models.BooleanField(
        "Pflichten per Verwaltungsakt mit Rechtsfolgenbelehrung", default=False
    )
    ueberpruefung_spaetestens_monate = models.PositiveSmallIntegerField(
        "Überprüfung spätestens nach (Monaten)", default=6
    )
    rechtsfolgenbelehrung = models.TextField(
        "Rechtsfolgenbelehrung für festgesetzte Pflichten",
        blank=True,
        help_text="Nur wo Pflichten per Verwaltungsakt festgesetzt werden können.",
    )
    erste_einladung_ohne_rechtsfolgenbelehrung = models.BooleanField(
        "Erste Einladung ohne Rechtsfolgenbelehrung (§ 15 Abs. 4)", default=True
    )
    quelle = models.TextField("Quelle", blank=True)
    parameter = models.JSONField(
        "Parameter mit Quellen",
        default=list,
        blank=True,
        help_text="Aus kooperation/rechtsstaende.py übernommen: Wert, Quelle, berichtet.",
    )
    berichtet = models.BooleanField(
        "enthält berichtete Werte",
        default=False,
        help_text="Mindestens ein Wert ist berichtet, nicht am Gesetzestext geprüft.",
    )

    objects = RechtsstandQuerySet.as_manager()

    class Meta:
        verbose_name = "Rechtsstand"
        verbose_name_plural = "Rechtsstände"
        ordering = ["gueltig_ab"]
        constraints = [
            models.CheckConstraint(
                name="rechtsstand_schlichtung_mit_dauer",
                condition=Q(schlichtung_vorgesehen=False)
                | Q(schlichtung_hoechstdauer_wochen__gte=1),
                violation_error_message="Eine Schlichtung braucht eine Höchstdauer.",
            ),
            models.CheckConstraint(
                name="rechtsstand_verwaltungsakt_mit_belehrung",
                condition=Q(verwaltungsakt_bei_nichteinigung=False)
                | Q(rechtsfolgenbelehrung__gt=""),
                violation_error_message="Ein Verwaltungsakt braucht eine Rechtsfolgenbelehrung.",
            ),
            models.CheckConstraint(
                name="rechtsstand_ueberpruefung_bereich",
                condition=Q(
                    ueberpruefung_spaetestens_monate__gte=1,
                    ueberpruefung_spaetestens_monate__lte=24,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bezeichnung} (ab {self.gueltig_ab:%d.%m.%Y})"

    @property
    def regeln(self) -> recht.Rechtsstand:
        """The entry this row mirrors, with every rule and its source."""
        return recht.nach_schluessel(self.schluessel)


class Fristart(models.TextChoices):
    PLANENTWURF = "planentwurf", "Entwurf des Kooperationsplans"
    UEBERPRUEFUNG = "ueberpruefung", "Überprüfung des Kooperationsplans"
    ABSTIMMUNG = "abstimmung", "Antwort des kommunalen Trägers"
    NACHVERHANDLUNG = "nachverhandlung", "Plan neu verhandeln (Träger hat abgelehnt)"
    AENDERUNG_BESTAETIGEN = "aenderung", "Änderung des Trägers bestätigen"
    SCHLICHTUNG = "schlichtung", "Ende der Schlichtung"
    TERMIN = "termin", "Vereinbarter Termin"
    NACHWEIS = "nachweis", "Nachweis der Eigenbemühungen"
    KUENDIGUNG = "kuendigung", "Letzter Tag zur Kündigung einer Vereinbarung"
    VEREINBARUNG_ENDE = "vereinbarung_ende", "Ende einer befristeten Vereinbarung"


class WiedervorlageStatus(models.TextChoices):
    OFFEN = "offen", "offen"
    ERLEDIGT = "erledigt", "erledigt"


class Erinnerungsstufe(models.TextChoices):
    """How far the deadline watch has taken a Wiedervorlage, in order."""

    KEINE = "", "noch keine Erinnerung"
    VORAB = "vorab", "vorab erinnert"
    FAELLIG = "faellig", "heute fällig"
    UEBERFAELLIG = "ueberfaellig", "überfällig"
    ESKALATION = "eskalation", "an die Teamleitung eskaliert"


# The stages a scan still has to look at (all but the last).
ERINNERUNGSSTUFEN_OFFEN = [
    Erinnerungsstufe.KEINE,
    Erinnerungsstufe.VORAB,
    Erinnerungsstufe.FAELLIG,
    Erinnerungsstufe.UEBERFAELLIG,
]


class WiedervorlageQuerySet(models.QuerySet):
    def offen(self):
        return self.filter(status=WiedervorlageStatus.OFFEN)

    def ueberfaellig(self, heute: datetime.date):
        return self.offen().filter(faellig_am__lt=heute)


class Wiedervorlage(Auditiert, Zeitstempel):
    """A deadline, stored with its due date when its cause is recorded.

    It lives here, below the other apps, because every app files deadlines
    (the Potenzialanalyse in ``cases``, plans and Abstimmungen in ``plans``,
    agreements in ``partners``) and apps only depend to the right. The cause is
    a generic reference; ``fall_id`` names the Leistungsberechtigter (a plain
    id for the same reason). One deadline per cause and kind: moving a deadline
    updates the row, and running a scan twice cannot file it twice."""

    jobcenter = models.ForeignKey(
        Jobcenter, on_delete=models.CASCADE, related_name="wiedervorlagen", verbose_name="Jobcenter"
    )
    art = models.CharField("Art", max_length=20, choices=Fristart.choices)
    faellig_am = models.DateField("fällig am")
    status = models.CharField(
        "Status", max_length=10, choices=WiedervorlageStatus.choices, default="offen"
    )
    zustaendig = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wiedervorlagen",
        verbose_name="zuständig",
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="Team"
    )
    ursache_typ = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    ursache_id = models.PositiveBigIntegerField()
    ursache = GenericForeignKey("ursache_typ", "ursache_id")
    fall_id = models.PositiveBigIntegerField("Fall", null=True, blank=True, db_index=True)
    erledigt_am = models.DateTimeField("erledigt am", null=True, blank=True)
    # Progress of the deadline watch for the current due date; reset when the
    # deadline moves. Escalated rows drop out of the watch's partial index, so
    # a scan costs what is due, not what is stored.
    erinnerungsstufe = models.CharField(
        "Erinnerung",
        max_length=12,
        choices=Erinnerungsstufe.choices,
        blank=True,
        default=Erinnerungsstufe.KEINE,
    )

    objects = WiedervorlageQuerySet.as_manager()

    class Meta:
        verbose_name = "Wiedervorlage"
        verbose_name_plural = "Wiedervorlagen"
        ordering = ["faellig_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["ursache_typ", "ursache_id", "art"], name="wiedervorlage_je_ursache"
            ),
            models.CheckConstraint(
                name="wiedervorlage_erledigt_mit_datum",
                condition=Q(status="offen", erledigt_am__isnull=True)
                | Q(status="erledigt", erledigt_am__isnull=False),
            ),
        ]
        indexes = [
            # The deadline watch: open items by due date (range scans).
            models.Index(fields=["status", "faellig_am"], name="wv_status_faellig"),
            models.Index(fields=["zustaendig", "status", "faellig_am"], name="wv_zustaendig"),
            models.Index(fields=["team", "status", "faellig_am"], name="wv_team"),
            # Covering (PostgreSQL): the watch reads only this index, never
            # the table, so a run costs what is due, not what is stored.
            models.Index(
                fields=["faellig_am"],
                name="wv_fristwache",
                condition=Q(status="offen", erinnerungsstufe__in=ERINNERUNGSSTUFEN_OFFEN),
                include=["id", "jobcenter", "art", "erinnerungsstufe", "zustaendig", "team"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} bis {self.faellig_am:%d.%m.%Y}"


# Lead time and escalation delay per kind when a Jobcenter has set none
# (Arbeitstage). Practice, not statute: the Jobcenter changes them in the admin.
FRIST_VORGABEN: dict[str, tuple[int, int]] = {
    Fristart.PLANENTWURF: (3, 2),
    Fristart.UEBERPRUEFUNG: (10, 5),
    Fristart.ABSTIMMUNG: (1, 2),
    Fristart.NACHVERHANDLUNG: (2, 2),
    Fristart.AENDERUNG_BESTAETIGEN: (2, 2),
    Fristart.SCHLICHTUNG: (3, 0),
    Fristart.TERMIN: (2, 2),
    Fristart.NACHWEIS: (3, 5),
    Fristart.KUENDIGUNG: (20, 0),
    Fristart.VEREINBARUNG_ENDE: (20, 5),
}
# A kind added later without an entry above is watched all the same.
FRIST_VORGABE_SONST = (2, 2)


class FristEinstellung(Zeitstempel):
    """A Jobcenter's lead time and escalation delay for one kind of deadline."""

    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.CASCADE,
        related_name="fristeinstellungen",
        verbose_name="Jobcenter",
    )
    art = models.CharField("Art der Frist", max_length=20, choices=Fristart.choices)
    vorlauf_arbeitstage = models.PositiveSmallIntegerField(
        "Vorab erinnern (Arbeitstage vor Fälligkeit)",
        validators=[MaxValueValidator(60)],
        help_text="0 = keine Vorab-Erinnerung, nur am Fälligkeitstag.",
    )
    eskalation_arbeitstage = models.PositiveSmallIntegerField(
        "An die Teamleitung eskalieren (Arbeitstage nach Fälligkeit)",
        validators=[MaxValueValidator(60)],
        help_text="0 = am ersten Tag der Überfälligkeit.",
    )

    class Meta:
        verbose_name = "Fristeinstellung"
        verbose_name_plural = "Fristeinstellungen"
        ordering = ["jobcenter", "art"]
        constraints = [
            models.UniqueConstraint(fields=["jobcenter", "art"], name="fristeinstellung_je_art"),
            models.CheckConstraint(
                name="fristeinstellung_bereich",
                condition=Q(vorlauf_arbeitstage__lte=60, eskalation_arbeitstage__lte=60),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()}: {self.vorlauf_arbeitstage}/{self.eskalation_arbeitstage}"


class Erinnerung(models.Model):
    """One reminder of one stage of a Wiedervorlage to one person.

    The unique constraint makes the watch idempotent: running it twice, or
    on two workers at once, inserts each reminder once (database, not
    memory). ``faellig_am`` is the due date it was made for, so a deadline
    that moves is reminded again for its new date. ``gesendet_am`` is set in
    the transaction that sends the e-mail."""

    wiedervorlage = models.ForeignKey(
        Wiedervorlage,
        on_delete=models.CASCADE,
        related_name="erinnerungen",
        verbose_name="Wiedervorlage",
    )
    stufe = models.CharField("Stufe", max_length=12, choices=Erinnerungsstufe.choices)
    faellig_am = models.DateField("für die Fälligkeit am")
    empfaenger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="erinnerungen",
        verbose_name="an",
    )
    erstellt_am = models.DateTimeField("erstellt am", auto_now_add=True)
    gesendet_am = models.DateTimeField("E-Mail gesendet am", null=True, blank=True)

    class Meta:
        verbose_name = "Erinnerung"
        verbose_name_plural = "Erinnerungen"
        ordering = ["-erstellt_am"]
        constraints = [
            models.UniqueConstraint(
                fields=["wiedervorlage", "stufe", "faellig_am", "empfaenger"],
                name="erinnerung_einmalig",
            ),
        ]
        indexes = [
            models.Index(
                fields=["empfaenger"],
                name="erinnerung_unversandt",
                condition=Q(gesendet_am__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stufe_display()}: {self.wiedervorlage}"


# --- Accounts: API tokens, role requests, the audit trail's seals -----------


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
        from .access import Rolle

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
    hash = models.CharField("Hash", max_length=64)

    class Meta:
        verbose_name = "Siegel des Audit-Protokolls"
        verbose_name_plural = "Siegel des Audit-Protokolls"
        ordering = ["nummer"]

    def __str__(self) -> str:
        return f"{self.nummer}: {self.hash[:12]}"
