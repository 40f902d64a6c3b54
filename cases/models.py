"""Leistungsberechtigte, their gesetzliche Vertreter, their Einwilligungen to
share data with a partner, and the Potenzialanalysen (§ 15 Abs. 1 SGB II)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from kooperation.audit import Auditiert
from kooperation.katalog import Bedarfsbereich
from kooperation.models import Jobcenter, Team, Zeitstempel
from partners.models import Partner

from .suchname import suchname

# Plausibility limits of the Bedarfsgemeinschaft's fields.
BG_HOECHSTENS = 20
KIND_HOECHSTENS_JAHRE = 24
TEXT_KURZ = 500


# Ages of the children as "3, 7": whole years from 0 to 24 (children up to 24
# can belong to the Bedarfsgemeinschaft, § 7 Abs. 3 Nr. 4 SGB II), at most
# BG_HOECHSTENS of them. A pattern, so the API's schema states it exactly.
_ALTER = f"(0?[0-9]|1[0-9]|2[0-{KIND_HOECHSTENS_JAHRE - 20}])"
# Empty is "no children" (blank fields skip validators), not part of the pattern.
KINDERALTER_MUSTER = rf"^ *{_ALTER} *(, *{_ALTER} *){{0,{BG_HOECHSTENS - 1}}}$"
kinderalter_pruefen = RegexValidator(
    KINDERALTER_MUSTER,
    f"Alter der Kinder: ganze Jahre von 0 bis {KIND_HOECHSTENS_JAHRE}, "
    "durch Komma getrennt (z. B. 3, 7).",
)


class Phase(models.TextChoices):
    """Where a person stands, kept on the person for the caseload's filters."""

    NEU = "neu", "Neu"
    POTENZIALANALYSE = "potenzialanalyse", "Potenzialanalyse läuft"
    PLANUNG = "planung", "Plan in Arbeit"
    ABSTIMMUNG = "abstimmung", "Abstimmung mit dem kommunalen Träger"
    VEREINBART = "vereinbart", "Plan vereinbart"
    UEBERPRUEFUNG = "ueberpruefung", "Plan in Überprüfung"
    NICHTEINIGUNG = "nichteinigung", "Keine Einigung"
    KEIN_PLAN = "kein_plan", "Kein Plan"


class Haushalt(models.TextChoices):
    ALLEINSTEHEND = "alleinstehend", "alleinstehend"
    ALLEINERZIEHEND = "alleinerziehend", "alleinerziehend"
    PAAR_OHNE_KINDER = "paar", "Paar ohne Kinder"
    PAAR_MIT_KINDERN = "paar_kinder", "Paar mit Kindern"
    BEI_ELTERN = "eltern", "lebt bei den Eltern"


class Sprache(models.TextChoices):
    """Languages the plan's headings can be printed in besides German."""

    DEUTSCH = "de", "Deutsch"
    ENGLISCH = "en", "Englisch"
    TUERKISCH = "tr", "Türkisch"
    ARABISCH = "ar", "Arabisch"
    UKRAINISCH = "uk", "Ukrainisch"
    RUSSISCH = "ru", "Russisch"


class Sprachniveau(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    MUTTERSPRACHE = "M", "Muttersprache"


def neues_pseudonym() -> str:
    """A case number that says nothing about the person (for the Träger's portal)."""
    return "F-" + secrets.token_hex(5).upper()


class Leistungsberechtigter(Auditiert, Zeitstempel):
    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.PROTECT,
        related_name="leistungsberechtigte",
        verbose_name="Jobcenter",
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="leistungsberechtigte", verbose_name="Team"
    )
    zustaendig = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="faelle",
        verbose_name="zuständige Integrationsfachkraft",
    )
    kundennummer = models.CharField("Kundennummer", max_length=20)
    pseudonym = models.CharField(
        "Pseudonym", max_length=20, unique=True, default=neues_pseudonym, editable=False
    )
    vorname = models.CharField("Vorname", max_length=100)
    nachname = models.CharField("Nachname", max_length=100)
    geburtsdatum = models.DateField("Geburtsdatum")
    strasse = models.CharField("Straße und Hausnummer", max_length=200, blank=True)
    plz = models.CharField("PLZ", max_length=5, blank=True)
    ort = models.CharField("Ort", max_length=100, blank=True)
    telefon = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    sprache = models.CharField(
        "Sprache für den Plan", max_length=2, choices=Sprache.choices, default=Sprache.DEUTSCH
    )
    dolmetscher_noetig = models.BooleanField("Dolmetscher nötig", default=False)
    haushalt = models.CharField("Haushalt", max_length=20, choices=Haushalt.choices, blank=True)
    # The Bedarfsgemeinschaft as far as planning needs it (childcare, care of
    # relatives limit the hours a person can take on).
    bg_personen = models.PositiveSmallIntegerField(
        "Personen in der Bedarfsgemeinschaft",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(BG_HOECHSTENS)],
    )
    kinder_alter = models.CharField(
        "Alter der Kinder",
        max_length=60,
        blank=True,
        validators=[kinderalter_pruefen],
        help_text="Jahre, durch Komma getrennt, z. B. 3, 7",
    )
    pflegeaufgaben = models.TextField(
        "Pflege von Angehörigen",
        max_length=TEXT_KURZ,
        blank=True,
        help_text="Wen die Person pflegt und wie viel Zeit das braucht.",
    )
    phase = models.CharField(
        "Stand", max_length=20, choices=Phase.choices, default=Phase.NEU, db_index=True
    )
    naechste_frist = models.DateField("nächste Frist", null=True, blank=True)
    # From here the retention period runs (Jobcenter.aufbewahrung_fall_jahre).
    fall_beendet_am = models.DateField(
        "Fall beendet am",
        null=True,
        blank=True,
        db_index=True,
        help_text="Ende des Leistungsbezugs oder der Betreuung; danach läuft die Löschfrist.",
    )
    sperrversion = models.PositiveIntegerField(default=1, editable=False)
    # Folded name and Kundennummer for the search (``cases.suchname``); kept in
    # step on save, indexed with pg_trgm on PostgreSQL.
    suchname = models.CharField("Suchschlüssel", max_length=340, editable=False, default="")

    class Meta:
        verbose_name = "Leistungsberechtigte Person"
        verbose_name_plural = "Leistungsberechtigte"
        ordering = ["nachname", "vorname"]
        constraints = [
            models.UniqueConstraint(
                fields=["jobcenter", "kundennummer"], name="kundennummer_je_jobcenter"
            ),
            models.CheckConstraint(
                name="plz_fuenfstellig",
                condition=Q(plz="") | Q(plz__regex=r"^[0-9]{5}$"),
                violation_error_message="Die PLZ hat fünf Ziffern.",
            ),
        ]
        indexes = [
            # Caseload order (next deadline, then name) inside one IFK's or one
            # team's cases: the page is read in index order, never sorted whole.
            # The Jobcenter leads because the policy's scope names it: the
            # page's total count is then an index-only scan.
            models.Index(
                fields=["jobcenter", "zustaendig", "naechste_frist", "nachname", "vorname", "id"],
                name="lb_zustaendig_frist",
            ),
            models.Index(
                fields=["jobcenter", "team", "naechste_frist", "nachname", "vorname", "id"],
                name="lb_team_frist",
            ),
            models.Index(fields=["jobcenter", "nachname", "vorname"], name="lb_name"),
        ]

    def __str__(self) -> str:
        return f"{self.vorname} {self.nachname}"

    def save(self, *args, **kwargs):
        self.suchname_setzen()
        felder = kwargs.get("update_fields")
        if felder is not None and {"vorname", "nachname", "kundennummer"} & set(felder):
            kwargs["update_fields"] = {*felder, "suchname"}
        super().save(*args, **kwargs)

    def suchname_setzen(self) -> Leistungsberechtigter:
        """Compute the search key (also for ``bulk_create``, which skips save)."""
        self.suchname = suchname(
            nachname=self.nachname, vorname=self.vorname, kundennummer=self.kundennummer
        )
        return self

    def alter_am(self, tag: datetime.date) -> int:
        g = self.geburtsdatum
        return tag.year - g.year - ((tag.month, tag.day) < (g.month, g.day))

    def ist_minderjaehrig(self, tag: datetime.date) -> bool:
        return self.alter_am(tag) < 18

    def altersgruppe(self, tag: datetime.date) -> str:
        """Coarse age group, all the kommunaler Träger needs to decide."""
        alter = self.alter_am(tag)
        if alter < 18:
            return "unter 18"
        if alter < 25:
            return "18 bis 24"
        if alter < 50:
            return "25 bis 49"
        return "50 und älter"


class GesetzlicherVertreter(Auditiert, Zeitstempel):
    """For minors the Jobcenter obtains the representative's consent (Rz. 21)."""

    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.CASCADE,
        related_name="vertreter",
        verbose_name="Leistungsberechtigte Person",
    )
    name = models.CharField("Name", max_length=200)
    beziehung = models.CharField("Beziehung", max_length=100, help_text="z. B. Mutter, Vormund")
    telefon = models.CharField("Telefon", max_length=50, blank=True)
    email = models.EmailField("E-Mail", blank=True)
    anschrift = models.TextField("Anschrift", blank=True)

    class Meta:
        verbose_name = "Gesetzliche Vertretung"
        verbose_name_plural = "Gesetzliche Vertretungen"

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"{self.name} ({self.beziehung})"


class Einwilligungszweck(models.TextChoices):
    UEBERLEITUNG = "ueberleitung", "Überleitung an den Partner"
    ERSTGESPRAECH = "erstgespraech", "Gemeinsames Erstgespräch"
    ABBRUCH = "abbruch", "Austausch bei drohendem Abbruch"


class Einwilligung(Auditiert, Zeitstempel):
    """Written consent to share data with one partner for one purpose."""

    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.CASCADE,
        related_name="einwilligungen",
        verbose_name="Leistungsberechtigte Person",
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="einwilligungen", verbose_name="Partner"
    )
    zweck = models.CharField("Zweck", max_length=20, choices=Einwilligungszweck.choices)
    erteilt_am = models.DateField("erteilt am")
    schriftlich = models.BooleanField("schriftlich erteilt", default=True)
    widerrufen_am = models.DateField("widerrufen am", null=True, blank=True)

    class Meta:
        verbose_name = "Einwilligung"
        verbose_name_plural = "Einwilligungen"
        constraints = [
            models.CheckConstraint(
                name="einwilligung_widerruf_nach_erteilung",
                condition=Q(widerrufen_am__isnull=True)
                | Q(widerrufen_am__gte=models.F("erteilt_am")),
                violation_error_message="Der Widerruf liegt vor der Erteilung.",
            ),
        ]

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"{self.get_zweck_display()}: {self.partner}"


class RehaBedarf(models.TextChoices):
    JA = "ja", "Ja"
    NEIN = "nein", "Nein"
    UNKLAR = "unklar", "Unklar, wird geklärt"


class PotenzialanalyseStatus(models.TextChoices):
    IN_ARBEIT = "in_arbeit", "in Arbeit"
    ABGESCHLOSSEN = "abgeschlossen", "abgeschlossen"


class Potenzialanalyse(Auditiert, Zeitstempel):
    """§ 15 Abs. 1 SGB II: strengths, skills, suitability, what makes
    integration harder; and whether a need for rehabilitation exists
    (§ 15 Abs. 2 Satz 2 Nr. 6, seed 000 Rz. 18)."""

    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.PROTECT,
        related_name="potenzialanalysen",
        verbose_name="Leistungsberechtigte Person",
    )
    status = models.CharField(
        "Status",
        max_length=15,
        choices=PotenzialanalyseStatus.choices,
        default=PotenzialanalyseStatus.IN_ARBEIT,
    )
    begonnen_am = models.DateField("begonnen am")
    abgeschlossen_am = models.DateField("abgeschlossen am", null=True, blank=True)
    staerken = models.TextField("Stärken (auch Soft Skills)", blank=True)
    qualifikationen = models.TextField("Berufliche Kenntnisse und Abschlüsse", blank=True)
    berufserfahrung = models.TextField("Berufserfahrung", blank=True)
    sprachniveau = models.CharField(
        "Deutschkenntnisse", max_length=2, choices=Sprachniveau.choices, blank=True
    )
    reha_bedarf = models.CharField(
        "Reha-Bedarf geprüft", max_length=6, choices=RehaBedarf.choices, blank=True
    )
    reha_hinweis = models.TextField("Hinweis zum Reha-Bedarf", blank=True)
    entwurf_frist = models.DateField("Planentwurf bis", null=True, blank=True, db_index=True)
    sperrversion = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "Potenzialanalyse"
        verbose_name_plural = "Potenzialanalysen"
        ordering = ["-begonnen_am"]
        constraints = [
            models.CheckConstraint(
                name="pa_abgeschlossen_vollstaendig",
                condition=Q(status="in_arbeit", abgeschlossen_am__isnull=True)
                | Q(
                    status="abgeschlossen",
                    abgeschlossen_am__isnull=False,
                    entwurf_frist__isnull=False,
                    reha_bedarf__in=["ja", "nein", "unklar"],
                ),
                violation_error_message=(
                    "Eine abgeschlossene Potenzialanalyse braucht Abschlussdatum, "
                    "geprüften Reha-Bedarf und Frist für den Planentwurf."
                ),
            ),
            models.CheckConstraint(
                name="pa_abschluss_nach_beginn",
                condition=Q(abgeschlossen_am__isnull=True)
                | Q(abgeschlossen_am__gte=models.F("begonnen_am")),
                violation_error_message="Der Abschluss liegt vor dem Beginn.",
            ),
            models.UniqueConstraint(
                fields=["leistungsberechtigter"],
                condition=Q(status="in_arbeit"),
                name="pa_eine_offene_je_person",
                violation_error_message="Für diese Person läuft schon eine Potenzialanalyse.",
            ),
        ]

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"Potenzialanalyse vom {self.begonnen_am:%d.%m.%Y}"


class Handlungsbedarf(Auditiert, models.Model):
    """One finding of a Potenzialanalyse, from the fixed catalogue."""

    potenzialanalyse = models.ForeignKey(
        Potenzialanalyse,
        on_delete=models.CASCADE,
        related_name="handlungsbedarfe",
        verbose_name="Potenzialanalyse",
    )
    bereich = models.CharField("Bereich", max_length=20, choices=Bedarfsbereich.choices)
    beschreibung = models.TextField("Beschreibung", blank=True)

    class Meta:
        verbose_name = "Handlungsbedarf"
        verbose_name_plural = "Handlungsbedarfe"
        constraints = [
            models.UniqueConstraint(
                fields=["potenzialanalyse", "bereich"],
                name="handlungsbedarf_einmal_je_pa",
                violation_error_message="Dieser Handlungsbedarf ist schon erfasst.",
            )
        ]

    def __str__(self) -> str:
        return self.get_bereich_display()

    def audit_jobcenter_id(self):
        return self.potenzialanalyse.leistungsberechtigter.jobcenter_id


class Datenweitergabe(Auditiert, Zeitstempel):
    """One sharing of a person's data with a partner (Überleitung, joint first
    conversation, exchange about a threatened drop-out), made only under the
    written consent it names (seeds 002, 003: data only with written consent).
    The row itself is the record of what was shared, when, by whom, why."""

    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.CASCADE,
        related_name="datenweitergaben",
        verbose_name="Leistungsberechtigte Person",
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="datenweitergaben", verbose_name="Partner"
    )
    zweck = models.CharField("Zweck", max_length=20, choices=Einwilligungszweck.choices)
    einwilligung = models.ForeignKey(
        Einwilligung,
        on_delete=models.PROTECT,
        related_name="weitergaben",
        verbose_name="Einwilligung",
    )
    am = models.DateField("am")
    durch = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="durch",
    )
    inhalt = models.TextField("Was wurde weitergegeben?")

    class Meta:
        verbose_name = "Datenweitergabe"
        verbose_name_plural = "Datenweitergaben"
        ordering = ["-am", "-pk"]

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"{self.get_zweck_display()} an {self.partner} am {self.am:%d.%m.%Y}"


class Vermerkart(models.TextChoices):
    GESPRAECH = "gespraech", "Gespräch"
    TELEFONAT = "telefonat", "Telefonat"
    EMAIL = "email", "E-Mail"
    SCHREIBEN = "schreiben", "Schreiben"
    SONSTIGES = "sonstiges", "Sonstiges"


VERMERK_LAENGE = 2000


class Vermerk(Auditiert, models.Model):
    """A dated note of a contact with the person (the case's contact history).
    Append-only: a note is never changed or deleted through the application; a
    correction is a new note that names the one it corrects."""

    leistungsberechtigter = models.ForeignKey(
        Leistungsberechtigter,
        on_delete=models.CASCADE,
        related_name="vermerke",
        verbose_name="Leistungsberechtigte Person",
    )
    art = models.CharField("Art", max_length=10, choices=Vermerkart.choices)
    am = models.DateField("Datum des Kontakts")
    text = models.TextField("Vermerk", max_length=VERMERK_LAENGE)
    verfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="verfasst von",
    )
    erstellt_am = models.DateTimeField("erfasst am", auto_now_add=True)
    # Notes go only with their person; a correction goes with what it corrects.
    berichtigt = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="berichtigungen",
        verbose_name="berichtigt den Vermerk",
    )

    class Meta:
        verbose_name = "Vermerk"
        verbose_name_plural = "Vermerke"
        ordering = ["-am", "-pk"]
        indexes = [
            models.Index(fields=["leistungsberechtigter", "-am", "-id"], name="vermerk_je_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} am {self.am:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                "Ein Vermerk wird nicht geändert: schreiben Sie eine Berichtigung."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Ein Vermerk wird nicht gelöscht: schreiben Sie eine Berichtigung.")

    def audit_jobcenter_id(self):
        return self.leistungsberechtigter.jobcenter_id
