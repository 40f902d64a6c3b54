"""The outbox: every e-mail the application sends is first a row here, written
in the same transaction as its cause (a deadline reached, a Träger's decision,
a partner's new contact), and sent from here afterwards. A broker that is down
loses nothing: what was not sent is still here and is sent again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .jobcenter import Jobcenter


class Nachrichtenart(models.TextChoices):
    FRISTEN = "fristen", "Erinnerung an Fristen"
    TRAEGER = "traeger", "Entscheidung des kommunalen Trägers"
    ANSPRECHPARTNER = "ansprechpartner", "Neue Ansprechperson eines Partners"
    KONTO = "konto", "Zugang zum eigenen Konto"
    LEISTUNG = "leistung", "Mitteilung an die Leistungssachbearbeitung"


class Nachricht(models.Model):
    """One e-mail to a member of staff, as it was sent (or is still to be)."""

    jobcenter = models.ForeignKey(
        Jobcenter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="nachrichten",
        verbose_name="Jobcenter",
    )
    empfaenger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nachrichten",
        verbose_name="an",
    )
    adresse = models.EmailField("E-Mail-Adresse")
    art = models.CharField("Art", max_length=20, choices=Nachrichtenart.choices)
    betreff = models.CharField("Betreff", max_length=200)
    text = models.TextField("Text")
    erstellt_am = models.DateTimeField("erstellt am", auto_now_add=True)
    gesendet_am = models.DateTimeField("gesendet am", null=True, blank=True)
    versuche = models.PositiveSmallIntegerField("Versuche", default=0)
    letzter_fehler = models.TextField("letzter Fehler", blank=True)

    class Meta:
        verbose_name = "Nachricht"
        verbose_name_plural = "Nachrichten"
        ordering = ["-erstellt_am", "-pk"]
        indexes = [
            # What is still to be sent, oldest first (the sweeper's scan).
            models.Index(
                fields=["erstellt_am"],
                name="nachricht_unversandt",
                condition=Q(gesendet_am__isnull=True),
            ),
            models.Index(fields=["empfaenger", "erstellt_am"], name="nachricht_empfaenger"),
        ]

    def __str__(self) -> str:
        return f"{self.betreff} an {self.adresse}"
