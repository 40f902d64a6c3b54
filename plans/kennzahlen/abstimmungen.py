"""Per § 16a Angebot: requests to the kommunaler Träger, its decisions and how
long the answers took, for the report to the Trägerversammlung (§ 44c SGB II)."""

from __future__ import annotations

from django.db.models import Avg, Count, DateTimeField, DurationField, ExpressionWrapper, F, Max, Q
from django.db.models.functions import Cast

from kooperation import access
from kooperation.errors import KeinZugriff
from kooperation.katalog import Leistung16a
from kooperation.kleinzahlen import KLEIN, ist_klein, sperren

from ..models import AbstimmungPosition, AbstimmungStatus


def abstimmungen_je_angebot(*, user) -> list[dict]:
    """Per § 16a Angebot: requests, decisions and how long answers took (in
    days), as the basis of a report to the Trägerversammlung (§ 44c SGB II).
    Aggregates only."""
    if not access.darf_kennzahlen_sehen(user):
        raise KeinZugriff()
    # timestamp − timestamp is an interval on every backend (date − date is an
    # integer on PostgreSQL).
    dauer = ExpressionWrapper(
        F("abstimmung__entschieden_am")
        - Cast("abstimmung__angefragt_am", output_field=DateTimeField()),
        output_field=DurationField(),
    )
    zeilen = (
        AbstimmungPosition.objects.filter(abstimmung__traeger__jobcenter_id=user.jobcenter_id)
        .values("eintrag__angebot__titel", "eintrag__leistung_16a")
        .annotate(
            anfragen=Count("pk"),
            im_kontingent=Count("pk", filter=Q(rahmenabstimmung__isnull=False)),
            zugestimmt=Count("pk", filter=Q(status=AbstimmungStatus.ZUGESTIMMT)),
            geaendert=Count("pk", filter=Q(status=AbstimmungStatus.GEAENDERT)),
            abgelehnt=Count("pk", filter=Q(status=AbstimmungStatus.ABGELEHNT)),
            offen=Count("pk", filter=Q(status=AbstimmungStatus.OFFEN)),
            dauer_mittel=Avg(
                dauer, filter=Q(rahmenabstimmung__isnull=True) & ~Q(status=AbstimmungStatus.OFFEN)
            ),
            dauer_max=Max(
                dauer, filter=Q(rahmenabstimmung__isnull=True) & ~Q(status=AbstimmungStatus.OFFEN)
            ),
        )
        .order_by("eintrag__leistung_16a", "eintrag__angebot__titel")
    )
    ergebnis = []
    for z in zeilen:
        z["dauer_mittel_tage"] = (
            round(z["dauer_mittel"].total_seconds() / 86400, 1) if z["dauer_mittel"] else None
        )
        z["dauer_max_tage"] = z["dauer_max"].days if z["dauer_max"] else None
        z["leistung"] = Leistung16a(z["eintrag__leistung_16a"]).label
        ergebnis.append(_kleine_sperren(z))
    return ergebnis


def _kleine_sperren(z: dict) -> dict:
    """Each request concerns one person: the decisions add up to the
    requests, and answer times of fewer than five are not shown."""
    status = ["zugestimmt", "geaendert", "abgelehnt", "offen"]
    gezeigt = sperren(
        {k: z[k] for k in ["anfragen", "im_kontingent", *status]}, [("anfragen", status)]
    )
    gemessen = z["anfragen"] - z["offen"] - z["im_kontingent"]
    z.update(gezeigt)
    if ist_klein(gemessen):
        z["dauer_mittel_tage"] = z["dauer_max_tage"] = KLEIN
    return z
