"""What every app shares, one module per seam (Django finds them here):

- ``jobcenter``: the Jobcenter and its settings, closing days, teams, users;
- ``rechtsstand``: legal rules with a start date;
- ``fristen``: Wiedervorlagen (deadlines), the settings for reminding them,
  and the reminders;
- ``nachricht``: the outbox of e-mails;
- ``konten``: API tokens, role requests, the audit trail's seals;
- ``vertretung``: cover for an absent case worker.
"""

from .fristen import (
    ERINNERUNGSSTUFEN_OFFEN,
    FRIST_VORGABE_SONST,
    FRIST_VORGABEN,
    WIEDERVORLAGE_NACH_TAGEN,
    Erinnerung,
    Erinnerungsstufe,
    Fristart,
    FristEinstellung,
    Wiedervorlage,
    WiedervorlageStatus,
)
from .jobcenter import (
    Abstimmungsmodus,
    Abstimmungszeitpunkt,
    Bundesland,
    Jobcenter,
    Organisationsform,
    Schliesstag,
    Team,
    User,
    Zeitstempel,
)
from .konten import ApiToken, AuditSiegel, Rollenantrag, RollenantragStatus
from .nachricht import Nachricht, Nachrichtenart
from .rechtsstand import Rechtsstand
from .vertretung import Vertretung

__all__ = [
    "ERINNERUNGSSTUFEN_OFFEN",
    "FRIST_VORGABEN",
    "WIEDERVORLAGE_NACH_TAGEN",
    "FRIST_VORGABE_SONST",
    "Abstimmungsmodus",
    "ApiToken",
    "AuditSiegel",
    "Abstimmungszeitpunkt",
    "Bundesland",
    "Erinnerung",
    "Erinnerungsstufe",
    "FristEinstellung",
    "Fristart",
    "Jobcenter",
    "Nachricht",
    "Nachrichtenart",
    "Organisationsform",
    "Rechtsstand",
    "Rollenantrag",
    "RollenantragStatus",
    "Schliesstag",
    "Team",
    "User",
    "Vertretung",
    "Wiedervorlage",
    "WiedervorlageStatus",
    "Zeitstempel",
]
