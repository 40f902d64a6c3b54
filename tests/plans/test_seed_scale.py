import pytest
from django.core.management import call_command

from cases.models import Leistungsberechtigter
from kooperation.access import Rolle
from kooperation.models import Jobcenter, Wiedervorlage
from plans.models import Kooperationsplan


@pytest.mark.django_db
def test_seed_scale_legt_personen_und_plaene_an():
    call_command("seed_scale", personen=30, plaene=75, block=7, stdout=None)
    jc = Jobcenter.objects.get(name="Skalierung 1")
    assert Leistungsberechtigter.objects.filter(jobcenter=jc).count() == 30
    assert Kooperationsplan.objects.filter(leistungsberechtigter__jobcenter=jc).count() == 75
    assert Wiedervorlage.objects.filter(jobcenter=jc, status="offen").count() == 75
    assert not Leistungsberechtigter.objects.filter(jobcenter=jc, naechste_frist=None).exists()
    ifk = jc.mitarbeitende.first()
    assert ifk.groups.get().name == Rolle.IFK.label
    # A second run makes a second, separate Jobcenter.
    call_command("seed_scale", personen=5, stdout=None)
    assert Leistungsberechtigter.objects.filter(jobcenter__name="Skalierung 2").count() == 5


@pytest.mark.django_db
def test_seed_scale_flaggen_vielfalt_und_faellige_fristen():
    from django.core.management import CommandError

    call_command(
        "seed_scale",
        "--personen",
        "20",
        "--plaene",
        "40",
        "--vielfalt",
        "--faellig",
        "6",
        stdout=None,
    )
    jc = Jobcenter.objects.get(name="Skalierung 1")
    plaene = Kooperationsplan.objects.filter(leistungsberechtigter__jobcenter=jc)
    assert plaene.count() == 40
    assert plaene.values("status").distinct().count() > 1  # --vielfalt: not all agreed
    with pytest.raises(CommandError, match="mindestens so viele Pläne"):
        call_command("seed_scale", personen=5, plaene=2, stdout=None)
