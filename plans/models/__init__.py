"""The models of ``plans``, one module per seam (Django finds them here).

- ``plan``: Kooperationsplan, PlanVersion, PlanEintrag and their states;
- ``abstimmung``: TraegerAbstimmung and AbstimmungPosition;
- ``nichteinigung``: Schlichtung and Pflichtenfestsetzung;
- ``partnerplan``: Partnerplan.
"""

from .abstimmung import AbstimmungPosition, AbstimmungStatus, TraegerAbstimmung
from .nichteinigung import Pflichtenfestsetzung, Schlichtung, SchlichtungErgebnis
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

__all__ = [
    "AbstimmungPosition",
    "AbstimmungStatus",
    "KeinPlanGrund",
    "Kooperationsplan",
    "Partnerplan",
    "Pflichtenfestsetzung",
    "PlanEintrag",
    "PlanStatus",
    "PlanVersion",
    "Planteil",
    "Schlichtung",
    "SchlichtungErgebnis",
    "TraegerAbstimmung",
    "VersionStatus",
    "VersionUnveraenderlich",
]
