"""The Rechtsstand: the legal rules in force from a start date (the list itself
is ``kooperation/rechtsstaende.py``)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from .. import recht


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
