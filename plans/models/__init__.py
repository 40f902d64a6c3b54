"""The models of ``plans``, one module per seam (Django finds them here).

- ``plan``: Kooperationsplan, PlanVersion, PlanEintrag and their states;
- ``abstimmung``: TraegerAbstimmung and AbstimmungPosition;
- ``nichteinigung``: Schlichtung, Pflichtenfestsetzung and its items (BescheidPunkt);
- ``partnerplan``: Partnerplan;
- ``rechtsakt``: the legal acts on a plan with the Rechtsstand each followed,
  and recorded breaches;
- ``ueberpruefung``: the review of an agreed plan and its steps;
- ``termin``: invitations to appointments, their outcome, the hearing after a
  missed appointment and the notice to the benefits team;
- ``einstellungen``: the Jobcenter's settings for plans (look-again times).
"""

from .abstimmung import AbstimmungPosition, AbstimmungStatus, TraegerAbstimmung
from .einstellungen import WIEDERVORLAGE_NACH_KEIN_PLAN, KeinPlanWiedervorlage
from .nichteinigung import (
    BescheidPunkt,
    Pflichtenfestsetzung,
    Punktart,
    Schlichtung,
    SchlichtungErgebnis,
    punkt_fehler,
)
from .partnerplan import Partnerplan
from .plan import (
    KeinPlanGrund,
    Kooperationsplan,
    PlanEintrag,
    PlanStatus,
    Planteil,
    PlanVersion,
    VersionStatus,
    VersionUnveraenderlich,
)
from .rechtsakt import Pflichtverletzung, Rechtsakt
from .termin import (
    Anhoerung,
    Einladung,
    Feststellung,
    Leistungsmitteilung,
    Terminergebnis,
    Terminform,
)
from .ueberpruefung import (
    SchrittStand,
    Ueberpruefung,
    UeberpruefungErgebnis,
    UeberpruefungSchritt,
)

__all__ = [
    "Anhoerung",
    "Einladung",
    "Feststellung",
    "Leistungsmitteilung",
    "Terminergebnis",
    "Terminform",
    "WIEDERVORLAGE_NACH_KEIN_PLAN",
    "KeinPlanWiedervorlage",
    "AbstimmungPosition",
    "AbstimmungStatus",
    "KeinPlanGrund",
    "Kooperationsplan",
    "Partnerplan",
    "BescheidPunkt",
    "Pflichtenfestsetzung",
    "Punktart",
    "punkt_fehler",
    "Pflichtverletzung",
    "PlanEintrag",
    "PlanStatus",
    "PlanVersion",
    "Planteil",
    "Rechtsakt",
    "Schlichtung",
    "SchlichtungErgebnis",
    "SchrittStand",
    "TraegerAbstimmung",
    "Ueberpruefung",
    "UeberpruefungErgebnis",
    "UeberpruefungSchritt",
    "VersionStatus",
    "VersionUnveraenderlich",
]
