"""What happens to an account is written down here: its audit entries and
the e-mails it receives (through the outbox, like every e-mail). Apart from
``konten`` so that the forms that send the password link can use it without
an import cycle."""

from __future__ import annotations

from auditlog.models import LogEntry

from .models import Nachrichtenart
from .postausgang import nachricht_aufgeben


def kontomail_aufgeben(*, konto, betreff: str, text: str) -> None:
    """The account mails (password link, second factor reset): written into
    the outbox, sent after commit to the account's address."""
    nachricht_aufgeben(empfaenger=konto, art=Nachrichtenart.KONTO, betreff=betreff, text=text)


def konto_protokollieren(konto, was: str, akteur=None, **angaben) -> None:
    """An audit entry on the account: what happened to it (``was``, German),
    by whom, with details that are no secret."""
    # Without ``akteur`` the request's user (auditlog's context) is the actor.
    LogEntry.objects.log_create(
        konto,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"konto": ["", was], **{k: ["", str(v)] for k, v in angaben.items()}},
        additional_data={"grund": was, "jobcenter_id": konto.jobcenter_id},
        **({"actor": akteur} if akteur is not None else {}),
    )
