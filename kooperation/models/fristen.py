"""Deadlines: the Wiedervorlagen every app files when their cause is recorded,
the Jobcenter's settings for reminding them, and the reminders themselves."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..audit import Auditiert
from .jobcenter import Jobcenter, Team, Zeitstempel
from .nachricht import Nachricht


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
    NACH_SCHLICHTUNG = "nach_schlichtung", "Erneut ansprechen nach Schlichtung ohne Einigung"
    NACH_KEIN_PLAN = "nach_kein_plan", "Erneut prüfen, ob ein Plan möglich ist"
    ANHOERUNG_EINLEITEN = "anhoerung_einleiten", "Anhörung einleiten (Termin versäumt)"
    ANHOERUNG_FESTSTELLEN = "anhoerung_ergebnis", "Nach der Anhörung entscheiden"


# Deadlines of a legal or agreed step: they end when that step is recorded
# (a draft presented, the review, the Träger's answer, the end of the
# Schlichtung), never by ticking them off, so the figures the Geschäftsführung
# reads from them stay true.
ENDEN_MIT_IHREM_SCHRITT = frozenset(
    {
        Fristart.PLANENTWURF,
        Fristart.UEBERPRUEFUNG,
        Fristart.ABSTIMMUNG,
        Fristart.NACHVERHANDLUNG,
        Fristart.AENDERUNG_BESTAETIGEN,
        Fristart.SCHLICHTUNG,
        Fristart.ANHOERUNG_EINLEITEN,
        Fristart.ANHOERUNG_FESTSTELLEN,
    }
)


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
    a generic reference; ``leistungsberechtigter_id`` names the person (a plain
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
    leistungsberechtigter_id = models.PositiveBigIntegerField(
        "Leistungsberechtigte Person", null=True, blank=True, db_index=True
    )
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

    @property
    def von_hand_erledigbar(self) -> bool:
        return self.art not in ENDEN_MIT_IHREM_SCHRITT

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
    Fristart.NACH_SCHLICHTUNG: (2, 5),
    Fristart.NACH_KEIN_PLAN: (5, 10),
    Fristart.ANHOERUNG_EINLEITEN: (0, 3),
    Fristart.ANHOERUNG_FESTSTELLEN: (0, 5),
}
# After how many calendar days a case comes up again, per occasion, when the
# Jobcenter has set nothing (``FristEinstellung.nach_tagen``). Practice, not
# statute.
WIEDERVORLAGE_NACH_TAGEN: dict[str, int] = {
    Fristart.NACH_SCHLICHTUNG: 14,
    Fristart.NACH_KEIN_PLAN: 90,
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
    nach_tagen = models.PositiveSmallIntegerField(
        "Wiedervorlage nach (Kalendertagen)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=(
            "Nur für „Erneut ansprechen nach Schlichtung“ und „Erneut prüfen, ob ein Plan "
            "möglich ist“: nach wie vielen Tagen der Fall wieder vorgelegt wird. Leer: Vorgabe."
        ),
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

    def clean(self) -> None:
        super().clean()
        if self.nach_tagen is not None and self.art not in WIEDERVORLAGE_NACH_TAGEN:
            raise ValidationError(
                {"nach_tagen": "Nur für die Wiedervorlage nach Schlichtung oder „kein Plan“."}
            )

    def __str__(self) -> str:
        return f"{self.get_art_display()}: {self.vorlauf_arbeitstage}/{self.eskalation_arbeitstage}"


class Erinnerung(models.Model):
    """One reminder of one stage of a Wiedervorlage to one person.

    The unique constraint makes the watch idempotent: running it twice, or
    on two workers at once, inserts each reminder once (database, not
    memory). ``faellig_am`` is the due date it was made for, so a deadline
    that moves is reminded again for its new date. ``nachricht`` is the
    e-mail that carries it, set in the transaction that writes that e-mail
    into the outbox (one e-mail per person gathers their reminders)."""

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
    nachricht = models.ForeignKey(
        Nachricht,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erinnerungen",
        verbose_name="Nachricht",
    )

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
                name="erinnerung_ohne_nachricht",
                condition=Q(nachricht__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stufe_display()}: {self.wiedervorlage}"
