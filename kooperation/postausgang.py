"""The one mail path: every e-mail is written into the outbox (``Nachricht``)
in the transaction of its cause and sent from there.

1. ``nachricht_aufgeben`` writes the row inside the caller's transaction. Once
   that transaction commits, a thin task is published for it
   (``tasks.nachricht_veroeffentlichen``, connected in ``apps.py``); with no
   broker configured the task runs in-process at once.
2. ``nachricht_zustellen`` (the task ``nachricht_senden``) sends it: the row is
   locked with SKIP LOCKED, so two workers never send the same mail, and
   marked sent in the same transaction. A failure is written to the row
   (``versuche``, ``letzter_fehler``) and raised for the task's retry.
3. ``nachzuholende`` finds what was never sent (the broker was down, the
   retries ran out); the periodic task ``postausgang_nachholen`` publishes it
   again, together with the work other apps left undone
   (``nachholen_eintragen``: agreed plans without their PDF).

The mail texts name no Leistungsberechtigter: deadline mails give the kind,
the date and the case number only."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Nachricht, Nachrichtenart

# Unsent rows older than this are published again by the sweeper; younger
# ones may still be on their way through the broker.
NACHHOLEN_NACH = datetime.timedelta(seconds=settings.POSTAUSGANG_NACHHOLEN_NACH_S)
# After this many failed attempts a row waits for someone to look at it.
HOECHSTENS_VERSUCHE = 10
FEHLER_LAENGE = 1000


def nachricht_aufgeben(
    *, empfaenger, art: Nachrichtenart, betreff: str, text: str
) -> Nachricht | None:
    """Record an e-mail to a member of staff in the current transaction; it
    is sent once the transaction commits. Nobody to write to (no user, no
    address): nothing is recorded."""
    if empfaenger is None or not empfaenger.email:
        return None
    nachricht = Nachricht(
        jobcenter_id=empfaenger.jobcenter_id,
        empfaenger=empfaenger,
        adresse=empfaenger.email,
        art=art,
        betreff=betreff[:200],
        text=text,
    )
    nachricht.full_clean()
    nachricht.save()
    return nachricht


def nachricht_an_postfach_aufgeben(
    *, jobcenter, adresse: str, art: Nachrichtenart, betreff: str, text: str
) -> Nachricht | None:
    """Record an e-mail to a team's mailbox (not a user) of ``jobcenter`` in
    the current transaction; sent once it commits. No address: nothing."""
    if not adresse:
        return None
    nachricht = Nachricht(
        jobcenter=jobcenter, adresse=adresse, art=art, betreff=betreff[:200], text=text
    )
    nachricht.full_clean()
    nachricht.save()
    return nachricht


def nachricht_zustellen(*, nachricht_id: int) -> bool:
    """Send one e-mail of the outbox, once. Returns False when there is
    nothing to do (sent already, gone, or in another worker's hands)."""
    fehler: Exception | None = None
    with transaction.atomic():
        nachricht = (
            Nachricht.objects.select_for_update(skip_locked=True)
            .filter(pk=nachricht_id, gesendet_am__isnull=True)
            .first()
        )
        if nachricht is None:
            return False
        nachricht.versuche += 1
        try:
            send_mail(
                subject=nachricht.betreff,
                message=nachricht.text,
                from_email=None,
                recipient_list=[nachricht.adresse],
            )
        except Exception as e:  # recorded on the row, then raised for the retry
            fehler = e
            nachricht.letzter_fehler = f"{type(e).__name__}: {e}"[:FEHLER_LAENGE]
        else:
            nachricht.gesendet_am = timezone.now()
            nachricht.letzter_fehler = ""
        nachricht.save(update_fields=["versuche", "gesendet_am", "letzter_fehler"])
    if fehler is not None:
        raise fehler
    return True


def nachzuholende(jetzt: datetime.datetime | None = None) -> QuerySet[Nachricht]:
    """Unsent e-mails that should have gone out by now, oldest first."""
    jetzt = jetzt or timezone.now()
    return Nachricht.objects.filter(
        gesendet_am__isnull=True,
        erstellt_am__lt=jetzt - NACHHOLEN_NACH,
        versuche__lt=HOECHSTENS_VERSUCHE,
    ).order_by("erstellt_am", "pk")


# Work other apps record in their own rows and publish again when it was lost
# (name -> function that publishes it and returns how many).
NACHHOLER: dict[str, Callable[[], int]] = {}


def nachholen_eintragen(name: str, nachholer: Callable[[], int]) -> None:
    """Add an app's sweep (called from its ``AppConfig.ready``)."""
    NACHHOLER[name] = nachholer
