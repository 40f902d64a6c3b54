"""The outbox's migration keeps what was sent before it: reminders mailed
under the old ``gesendet_am`` are carried by a sent Nachricht, not sent again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

VORHER = [("kooperation", "0006_kontoschutz")]
NACHHER = [("kooperation", "0007_postausgang")]


@pytest.fixture
def zurueck_auf_den_neuesten_stand():
    """Tests after this one expect the schema of today."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("zurueck_auf_den_neuesten_stand")
def test_gesendete_erinnerungen_bleiben_gesendet():
    executor = MigrationExecutor(connection)
    executor.migrate(VORHER)
    alt = executor.loader.project_state(VORHER).apps
    jc = alt.get_model("kooperation", "Jobcenter").objects.create(name="Alt", bundesland="BW")
    user = alt.get_model("kooperation", "User").objects.create(
        username="alt", email="alt@jobcenter.invalid", jobcenter=jc
    )
    typ = alt.get_model("contenttypes", "ContentType").objects.get(
        app_label="kooperation", model="jobcenter"
    )
    wv = alt.get_model("kooperation", "Wiedervorlage").objects.create(
        jobcenter=jc,
        art="termin",
        faellig_am=datetime.date(2026, 11, 25),
        ursache_typ=typ,
        ursache_id=jc.pk,
        zustaendig=user,
    )
    gesendet = timezone.now() - datetime.timedelta(days=3)
    Erinnerung = alt.get_model("kooperation", "Erinnerung")
    for stufe, am in (("vorab", gesendet), ("faellig", gesendet), ("ueberfaellig", None)):
        Erinnerung.objects.create(
            wiedervorlage=wv,
            stufe=stufe,
            faellig_am=wv.faellig_am,
            empfaenger=user,
            gesendet_am=am,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(NACHHER)
    neu = executor.loader.project_state(NACHHER).apps
    Nachricht = neu.get_model("kooperation", "Nachricht")
    nachricht = Nachricht.objects.get()
    assert (nachricht.gesendet_am, nachricht.adresse, nachricht.art) == (
        gesendet,
        "alt@jobcenter.invalid",
        "fristen",
    )
    erinnerungen = dict(
        neu.get_model("kooperation", "Erinnerung").objects.values_list("stufe", "nachricht_id")
    )
    assert erinnerungen == {"vorab": nachricht.pk, "faellig": nachricht.pk, "ueberfaellig": None}
