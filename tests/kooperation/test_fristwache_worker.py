"""The deadline watch through the real broker: a worker killed in the middle
of a run loses nothing, and after the retried run every reminder exists
exactly once (second CI pass: PostgreSQL and Redis)."""

import signal
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kooperation.access import Rolle
from kooperation.celery import app as celery_app
from kooperation.models import Erinnerung, Fristart, Team, Wiedervorlage
from kooperation.tasks import fristwache
from tests.kooperation.worker import worker_starten

ANZAHL = 3000
# Small blocks make the run long enough to be killed half-way; a short
# visibility timeout lets Redis hand the unacknowledged task to the next worker.
UMGEBUNG = {"CELERY_VISIBILITY_TIMEOUT": "5", "FRISTWACHE_BLOCKGROESSE": "10"}


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_abgeschossener_worker_verliert_nichts_und_erinnert_nichts_doppelt(welt, monkeypatch):
    ifk = welt.users[Rolle.IFK]
    ifk.email = "ifk@jobcenter.invalid"
    ifk.save()
    heute = timezone.localdate()
    typ = ContentType.objects.get_for_model(Team)
    fristen = Wiedervorlage.objects.bulk_create(
        Wiedervorlage(
            jobcenter=welt.jc,
            art=Fristart.TERMIN,
            faellig_am=heute,
            zustaendig=ifk,
            team=welt.team,
            ursache_typ=typ,
            ursache_id=i,
        )
        for i in range(1, ANZAHL + 1)
    )
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)

    erster = worker_starten(**UMGEBUNG)
    try:
        auftrag = fristwache.delay()
        bis = time.monotonic() + 120
        while Erinnerung.objects.count() < ANZAHL // 5:
            assert time.monotonic() < bis, "Die Fristwache hat nicht begonnen."
            assert erster.poll() is None
            time.sleep(0.02)
        erster.send_signal(signal.SIGKILL)
        erster.wait(timeout=30)
    finally:
        if erster.poll() is None:
            erster.kill()
    zwischenstand = Erinnerung.objects.count()
    assert 0 < zwischenstand < ANZAHL, "Der Worker sollte mitten im Lauf sterben."

    zweiter = worker_starten(**UMGEBUNG)
    try:
        # The same task, handed out again because it was never acknowledged (the
        # worker sweeps for such messages about every 100 s).
        ergebnis = auftrag.get(timeout=300)
        assert ergebnis["erinnerungen"]["faellig"] == ANZAHL - zwischenstand
    finally:
        zweiter.terminate()
        zweiter.wait(timeout=30)

    erinnerungen = list(
        Erinnerung.objects.values_list("wiedervorlage_id", "stufe", "empfaenger_id")
    )
    assert len(erinnerungen) == ANZAHL
    assert set(erinnerungen) == {(wv.pk, "faellig", ifk.pk) for wv in fristen}
    assert not Wiedervorlage.objects.exclude(erinnerungsstufe="faellig").exists()
