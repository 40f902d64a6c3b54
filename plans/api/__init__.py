"""The REST endpoints of ``plans`` (``/api/v1/``), listed for the project's
router (``kooperation/api_urls.py``)."""

from kooperation.api_base import KENNUNG

from .abstimmungen import AbstimmungenViewSet
from .plaene import KooperationsplaeneViewSet, PlanEintraegeViewSet, PlanVersionenViewSet
from .termine import AnhoerungenViewSet, EinladungenViewSet

ROUTEN = [
    ("kooperationsplaene", KooperationsplaeneViewSet, "kooperationsplan"),
    (f"kooperationsplaene/(?P<plan_pk>{KENNUNG})/versionen", PlanVersionenViewSet, "planversion"),
    (
        f"kooperationsplaene/(?P<plan_pk>{KENNUNG})/versionen/(?P<version_pk>{KENNUNG})/eintraege",
        PlanEintraegeViewSet,
        "planeintrag",
    ),
    ("abstimmungen", AbstimmungenViewSet, "abstimmung"),
    ("einladungen", EinladungenViewSet, "einladung"),
    ("anhoerungen", AnhoerungenViewSet, "anhoerung"),
]
