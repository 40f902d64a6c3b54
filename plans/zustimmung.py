"""The kommunaler Träger's consent to a plan version: whether it is needed and
whether it is there (§ 15 Abs. 2 Satz 1 SGB II; seed 000 Rz. 15–16). Reads
only; the lifecycle's guards and the services both ask here."""

from __future__ import annotations

from django.db.models import Q

from kooperation.models import Abstimmungsmodus

from .models import AbstimmungPosition, AbstimmungStatus, PlanVersion

# A decision that counts as consent: approved, or approved with changes the
# IFK has confirmed.
ZUSTIMMUNG = Q(status=AbstimmungStatus.ZUGESTIMMT) | Q(
    status=AbstimmungStatus.GEAENDERT, aenderung_bestaetigt_am__isnull=False
)


def abstimmung_erforderlich(version: PlanVersion) -> bool:
    """§ 15 Abs. 2 Satz 1 SGB II asks for it in every case; practice asks only
    when § 16a services are in the plan (Rz. 15). The Jobcenter decides; with
    a zugelassener kommunaler Träger (§ 6a) the step falls away."""
    jobcenter = version.plan.leistungsberechtigter.jobcenter
    if jobcenter.abstimmung_entfaellt:
        return False
    if jobcenter.abstimmungsmodus == Abstimmungsmodus.ALLE:
        return True
    return version.eintraege.exclude(leistung_16a="").exists()


def eintraege_16a(version: PlanVersion):
    return version.eintraege.exclude(leistung_16a="").select_related("angebot", "handlungsbedarf")


def zugestimmte_eintrag_ids(version: PlanVersion) -> set[int]:
    """§ 16a items of ``version`` the Träger agreed to (changes confirmed)."""
    positionen = AbstimmungPosition.objects.filter(eintrag__version=version)
    return set(
        positionen.filter(
            Q(status=AbstimmungStatus.ZUGESTIMMT)
            | Q(
                status=AbstimmungStatus.GEAENDERT, abstimmung__aenderung_bestaetigt_am__isnull=False
            )
        ).values_list("eintrag_id", flat=True)
    )


def letzte_entscheidungen(version: PlanVersion) -> dict[int, AbstimmungPosition]:
    """The Träger's latest decision on each § 16a item of ``version`` (item id
    to position), for the editor and the guards."""
    positionen = (
        AbstimmungPosition.objects.filter(eintrag__version=version)
        .exclude(status=AbstimmungStatus.OFFEN)
        .select_related("abstimmung")
        .order_by("abstimmung__entschieden_am", "pk")
    )
    return {p.eintrag_id: p for p in positionen}


def abgelehnt_unveraendert(version: PlanVersion) -> list:
    """§ 16a items the Träger rejected and nobody changed since: asking again
    with the same text would only bring the same answer."""
    entscheidungen = letzte_entscheidungen(version)
    return [
        e
        for e in eintraege_16a(version)
        if (p := entscheidungen.get(e.pk)) is not None
        and p.status == AbstimmungStatus.ABGELEHNT
        and e.geaendert_am <= p.geaendert_am
    ]


def abstimmung_offen(version: PlanVersion) -> bool:
    return version.abstimmungen.filter(status=AbstimmungStatus.OFFEN).exists()


def abstimmung_fehlt(version: PlanVersion) -> str | None:
    """Why ``version`` still lacks the Träger's consent, or None if it has it
    (or needs none)."""
    if not abstimmung_erforderlich(version):
        return None
    offen = list(eintraege_16a(version).exclude(pk__in=zugestimmte_eintrag_ids(version)))
    if offen:
        entscheidungen = letzte_entscheidungen(version)
        stand = {e.pk: getattr(entscheidungen.get(e.pk), "status", "") for e in offen}
        abgelehnt = [e for e in offen if stand[e.pk] == AbstimmungStatus.ABGELEHNT]
        geaendert = [e for e in offen if stand[e.pk] == AbstimmungStatus.GEAENDERT]
        nie = [e for e in offen if e not in abgelehnt and e not in geaendert]
        gruende = []
        if geaendert:
            gruende.append(
                "Der kommunale Träger hat mit Änderungen zugestimmt ("
                + ", ".join(e.get_leistung_16a_display() for e in geaendert)
                + "): Bitte übernehmen Sie seine Änderungen."
            )
        if abgelehnt:
            gruende.append(
                "Der kommunale Träger hat abgelehnt: "
                + ", ".join(e.get_leistung_16a_display() for e in abgelehnt)
                + ". Bitte ändern oder entfernen Sie den Eintrag und fragen Sie erneut an."
            )
        if nie:
            gruende.append(
                "Der kommunale Träger hat noch nicht allen Leistungen nach § 16a zugestimmt: "
                + ", ".join(e.get_leistung_16a_display() for e in nie)
                + "."
            )
        return " ".join(gruende)
    if not eintraege_16a(version).exists() and not version.abstimmungen.filter(ZUSTIMMUNG).exists():
        return "Der kommunale Träger hat diesem Plan noch nicht zugestimmt."
    return None
