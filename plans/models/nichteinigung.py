"""When no plan is agreed: the Schlichtung (§ 15a SGB II, Rechtsstand 2023) and
the obligations set by Verwaltungsakt (Rechtsstand 2026, reported)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kooperation.audit import Auditiert
from kooperation.models import Zeitstempel
from kooperation.recht import Anlass
from kooperation.rechtsregeln import Aktart

from .plan import Kooperationsplan


class SchlichtungErgebnis(models.TextChoices):
    EINIGUNG = "einigung", "Einigung"
    KEINE_EINIGUNG = "keine_einigung", "Keine Einigung"


class Schlichtung(Auditiert, Zeitstempel):
    """§ 15a SGB II (Rechtsstand 1 July 2023): at most four weeks, with a person
    not involved so far; only where the plan's Rechtsstand provides for it."""

    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.PROTECT,
        related_name="schlichtungen",
        verbose_name="Kooperationsplan",
    )
    beantragt_von = models.CharField(
        "beantragt von",
        max_length=10,
        choices=[("person", "Leistungsberechtigte Person"), ("jobcenter", "Jobcenter")],
    )
    begonnen_am = models.DateField("begonnen am")
    ende_spaetestens = models.DateField("endet spätestens am", db_index=True)
    schlichter = models.CharField("Schlichtende Person", max_length=200)
    beendet_am = models.DateField("beendet am", null=True, blank=True)
    ergebnis = models.CharField(
        "Ergebnis", max_length=15, choices=SchlichtungErgebnis.choices, blank=True
    )

    class Meta:
        verbose_name = "Schlichtung"
        verbose_name_plural = "Schlichtungen"
        constraints = [
            models.CheckConstraint(
                name="schlichtung_zeitraum",
                condition=Q(ende_spaetestens__gte=models.F("begonnen_am"))
                & (Q(beendet_am__isnull=True) | Q(beendet_am__gte=models.F("begonnen_am"))),
            ),
            models.CheckConstraint(
                name="schlichtung_ende_mit_ergebnis",
                condition=Q(beendet_am__isnull=True, ergebnis="")
                | Q(beendet_am__isnull=False, ergebnis__gt=""),
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(beendet_am__isnull=True),
                name="eine_laufende_schlichtung_je_plan",
            ),
        ]

    def audit_jobcenter_id(self):
        return self.plan.leistungsberechtigter.jobcenter_id

    def __str__(self) -> str:
        return f"Schlichtung ab {self.begonnen_am:%d.%m.%Y}"


class Punktart(models.TextChoices):
    PFLICHT = "pflicht", "Pflicht der Person"
    ANGEBOT = "angebot", "Angebot des Jobcenters"


class Pflichtenfestsetzung(Auditiert, Zeitstempel):
    """Obligations demanded with legal force, with a Rechtsfolgenbelehrung — a
    separate document, not the plan: the Aufforderung of § 15 Abs. 5 and 6
    SGB II (Bürgergeld) or the Bescheid setting obligations (Neue
    Grundsicherung), whichever the Rechtsstand of its day provides. Issued
    once; never changed."""

    plan = models.ForeignKey(
        Kooperationsplan,
        on_delete=models.PROTECT,
        related_name="festsetzungen",
        verbose_name="Kooperationsplan",
    )
    art = models.CharField(
        "Art",
        max_length=20,
        choices=[c for c in Aktart.choices if c[0] in ("aufforderung", "verwaltungsakt")],
        default=Aktart.VERWALTUNGSAKT,
    )
    anlass = models.CharField(
        "Anlass", max_length=20, choices=Anlass.choices, default=Anlass.NICHTEINIGUNG
    )
    erlassen_am = models.DateField("erlassen am")
    pflichten = models.TextField("Festgesetzte Pflichten")
    begruendung = models.TextField("Begründung")
    rechtsfolgenbelehrung = models.TextField("Rechtsfolgenbelehrung")
    angebote = models.TextField(
        "Was das Jobcenter anbietet",
        blank=True,
        help_text="Die Unterstützung des Jobcenters, z. B. Kosten für Bewerbungen.",
    )
    gueltig_bis = models.DateField("gilt bis", null=True, blank=True)
    ueberpruefen_am = models.DateField("überprüfen am", null=True, blank=True)
    zur_post_am = models.DateField("zur Post gegeben am", null=True, blank=True)
    uebergeben_am = models.DateField("persönlich übergeben am", null=True, blank=True)
    bekanntgabe_am = models.DateField("bekannt gegeben am", null=True, blank=True)
    bekanntgabe_begruendung = models.TextField("Bekanntgabe: warum dieser Tag", blank=True)
    widerspruch_bis = models.DateField("Widerspruch bis", null=True, blank=True)
    rechtsbehelfsbelehrung = models.TextField("Rechtsbehelfsbelehrung", blank=True)
    beendet_am = models.DateField(
        "Pflichten enden am",
        null=True,
        blank=True,
        help_text="Der Tag, an dem ein neu vereinbarter Plan oder ein neuer Bescheid sie ablöst.",
    )
    # The letter the person receives, rendered once after issue and served
    # unchanged ever after (like the agreed plan's PDF).
    pdf = models.FileField("PDF", upload_to="bescheide/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(
        "SHA-256 des PDF",
        max_length=64,
        blank=True,
        help_text="SHA-256 des Briefs als PDF; leer, solange er noch erstellt wird. "
        "Abruf: …/kooperationsplaene/{plan}/bescheide/{id}/pdf/.",
    )
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="erstellt von",
    )

    class Meta:
        verbose_name = "Festsetzung der Pflichten (Verwaltungsakt)"
        verbose_name_plural = "Festsetzungen der Pflichten (Verwaltungsakt)"
        ordering = ["-erlassen_am"]
        indexes = [
            # Letters still without their PDF (the outbox's sweep).
            models.Index(fields=["geaendert_am"], name="festsetzung_ohne_pdf", condition=Q(pdf="")),
        ]

    def __str__(self) -> str:
        was = "Aufforderung" if self.art == Aktart.AUFFORDERUNG else "Bescheid"
        return f"{was} vom {self.erlassen_am:%d.%m.%Y}"

    def audit_jobcenter_id(self):
        return self.plan.leistungsberechtigter.jobcenter_id

    # What may still be filled in once after issue: the day its obligations
    # end, and the letter's PDF with its hash.
    NACH_ERLASS_EINMAL = ("beendet_am", "pdf", "pdf_sha256")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            alt = (
                type(self)
                .objects.filter(pk=self.pk)
                .values(*[f.attname for f in self._meta.concrete_fields])
                .first()
            )
            if alt is not None:
                for feld, wert in alt.items():
                    neu = getattr(self, feld)
                    if feld == "geaendert_am" or neu == wert:
                        continue
                    if feld in self.NACH_ERLASS_EINMAL and wert in (None, ""):
                        continue
                    raise ValidationError("Ein erlassener Verwaltungsakt wird nicht geändert.")
        super().save(*args, **kwargs)

    @property
    def pflicht_punkte(self) -> list:
        """The obligations in order (from the prefetched items if there)."""
        return [p for p in self.punkte.all() if p.art == Punktart.PFLICHT]

    @property
    def angebot_punkte(self) -> list:
        return [p for p in self.punkte.all() if p.art == Punktart.ANGEBOT]

    @property
    def in_kraft(self) -> bool:
        return self.art == Aktart.VERWALTUNGSAKT and self.beendet_am is None


def punkt_fehler(
    *,
    art: str,
    was: str,
    wie_oft: str = "",
    nachweis: str = "",
    bis: datetime.date | None = None,
    termin: datetime.datetime | None = None,
    erlassen_am: datetime.date | None = None,
    gueltig_bis: datetime.date | None = None,
) -> dict[str, str]:
    """What is missing or wrong in one item of a Bescheid, by field. An
    obligation says what, how often and how it is proven (draft § 15b: which
    Eigenbemühungen, how often, in which form and by when they are shown);
    by when, if given, lies within the Bescheid's validity. An offer of the
    Jobcenter needs only what it is. One rule for the form, the API and the
    service."""
    fehler = {}
    if not (was or "").strip():
        fehler["was"] = (
            "Bitte schreiben Sie, was die Person tun soll."
            if art == Punktart.PFLICHT
            else "Bitte schreiben Sie, was das Jobcenter anbietet."
        )
    if art == Punktart.PFLICHT:
        if not (wie_oft or "").strip():
            fehler["wie_oft"] = "Bitte geben Sie an, wie oft (z. B. „4 Bewerbungen im Monat“)."
        if not (nachweis or "").strip():
            fehler["nachweis"] = (
                "Bitte geben Sie an, wie die Person es nachweist "
                "(z. B. „Liste der Bewerbungen zeigen“)."
            )
    if bis is not None:
        if erlassen_am is not None and bis <= erlassen_am:
            fehler["bis"] = "Der Tag „bis wann“ liegt nach dem Tag des Bescheids."
        elif gueltig_bis is not None and bis > gueltig_bis:
            fehler["bis"] = (
                f"Der Tag „bis wann“ liegt nach dem Ende des Bescheids "
                f"({gueltig_bis:%d.%m.%Y}). Bitte prüfen Sie ihn."
            )
    if termin is not None:
        tag = timezone.localdate(termin)
        if erlassen_am is not None and tag <= erlassen_am:
            fehler["termin"] = "Der Termin liegt nach dem Tag des Bescheids."
        elif gueltig_bis is not None and tag > gueltig_bis:
            fehler["termin"] = (
                f"Der Termin liegt nach dem Ende des Bescheids ({gueltig_bis:%d.%m.%Y})."
            )
    return fehler


class BescheidPunkt(Auditiert, Zeitstempel):
    """One item of a Bescheid: an obligation of the person (what, how often,
    by when, how it is proven) or an offer of the Jobcenter. Issued with the
    Bescheid and never changed afterwards."""

    festsetzung = models.ForeignKey(
        Pflichtenfestsetzung,
        on_delete=models.CASCADE,
        related_name="punkte",
        verbose_name="Bescheid",
    )
    art = models.CharField("Art", max_length=10, choices=Punktart.choices)
    nummer = models.PositiveSmallIntegerField("Nummer")
    was = models.CharField("Was", max_length=500)
    wie_oft = models.CharField("Wie oft", max_length=100, blank=True)
    bis = models.DateField("Bis wann", null=True, blank=True)
    nachweis = models.CharField("Wie nachweisen", max_length=200, blank=True)
    # An appointment at the Jobcenter the Bescheid names (the Meldepflicht,
    # § 59 SGB II): it becomes an invitation with its letter when issued.
    termin = models.DateTimeField("Termin im Jobcenter", null=True, blank=True)

    class Meta:
        verbose_name = "Punkt des Bescheids"
        verbose_name_plural = "Punkte des Bescheids"
        ordering = ["festsetzung", "art", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["festsetzung", "art", "nummer"], name="bescheidpunkt_nummer_eindeutig"
            ),
        ]

    def audit_jobcenter_id(self):
        return self.festsetzung.plan.leistungsberechtigter.jobcenter_id

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError("Ein erlassener Verwaltungsakt wird nicht geändert.")
        super().save(*args, **kwargs)

    def als_satz(self) -> str:
        """The item as one plain sentence-like line (the Bescheid's text
        summary and the plan page)."""
        teile = [self.was.strip()]
        if self.wie_oft:
            teile.append(f"Wie oft: {self.wie_oft}")
        if self.bis:
            teile.append(f"Bis: {self.bis:%d.%m.%Y}")
        if self.termin:
            teile.append(f"Termin: {timezone.localtime(self.termin):%d.%m.%Y um %H:%M} Uhr")
        if self.nachweis:
            teile.append(f"Nachweis: {self.nachweis}")
        return " – ".join(teile)

    def __str__(self) -> str:
        return self.was
