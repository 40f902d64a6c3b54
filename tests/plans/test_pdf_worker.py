"""Against the real broker: agreeing a plan hands the PDF to a real worker on
the ``pdf`` queue, which stores it once with its hash (second CI pass)."""

import hashlib
import time

import pytest

from plans.models import PlanVersion
from tests.kooperation.test_celery_worker import worker  # noqa: F401  (fixture)
from tests.plans.factories import vereinbart


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_echter_worker_legt_das_pdf_ab(welt, worker):  # noqa: F811
    version = vereinbart(welt)
    for _ in range(120):
        version = PlanVersion.objects.get(pk=version.pk)
        if version.pdf_sha256:
            break
        time.sleep(0.5)
    assert version.pdf_sha256, "der Worker hat das PDF nicht abgelegt"
    with version.pdf.open("rb") as datei:
        assert hashlib.sha256(datei.read()).hexdigest() == version.pdf_sha256
    assert worker.poll() is None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_echter_worker_legt_den_einladungsbrief_ab(welt, worker):  # noqa: F811
    """Inviting hands the letter to the worker on the ``pdf`` queue as well."""
    from plans.models import Einladung
    from plans.services.termine import einladen
    from tests.plans.test_termin_aus_plan import _arbeitstag, _um

    einladung = einladen(
        acting_user=welt.users["ifk"],
        person=welt.eigener_fall,
        beginn=_um(_arbeitstag(7)),
        form="telefon",
        zweck="Wir sprechen über Ihre Bewerbungen.",
    )
    for _ in range(120):
        einladung = Einladung.objects.get(pk=einladung.pk)
        if einladung.brief_sha256:
            break
        time.sleep(0.5)
    assert einladung.brief_sha256, "der Worker hat den Brief nicht abgelegt"
    with einladung.brief_pdf.open("rb") as datei:
        assert hashlib.sha256(datei.read()).hexdigest() == einladung.brief_sha256
    assert worker.poll() is None
