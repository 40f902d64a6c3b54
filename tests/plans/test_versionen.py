"""An agreed plan version is immutable, whatever the way in (design.md)."""

import pytest
from django.core.files.base import ContentFile

from kooperation.access import Rolle
from plans.models import PlanEintrag, Planteil, PlanVersion, VersionUnveraenderlich
from tests.plans.factories import entwurf, vereinbart


def test_entwurf_darf_geaendert_werden(welt):
    version = entwurf(welt)
    version.ziel = "Ich will als Koch arbeiten."
    version.save()
    version.refresh_from_db()
    assert version.ziel == "Ich will als Koch arbeiten."


def test_vereinbarte_version_laesst_sich_nicht_speichern(welt):
    version = vereinbart(welt)
    version.ziel = "Etwas anderes"
    with pytest.raises(VersionUnveraenderlich):
        version.save()
    assert PlanVersion.objects.get(pk=version.pk).ziel == "Ich will als Köchin arbeiten."


def test_vereinbarte_version_laesst_sich_nicht_per_update_aendern(welt):
    version = vereinbart(welt)
    with pytest.raises(VersionUnveraenderlich):
        PlanVersion.objects.filter(pk=version.pk).update(ziel="Massenänderung")
    assert PlanVersion.objects.get(pk=version.pk).ziel == "Ich will als Köchin arbeiten."


def test_vereinbarte_version_laesst_sich_nicht_loeschen(welt):
    version = vereinbart(welt)
    with pytest.raises(VersionUnveraenderlich):
        version.delete()
    with pytest.raises(VersionUnveraenderlich):
        PlanVersion.objects.filter(pk=version.pk).delete()
    assert PlanVersion.objects.filter(pk=version.pk).exists()


def test_eintraege_einer_vereinbarten_version_sind_eingefroren(welt):
    version = vereinbart(welt)
    eintrag = version.eintraege.get()
    eintrag.text = "geändert"
    with pytest.raises(VersionUnveraenderlich):
        eintrag.save()
    with pytest.raises(VersionUnveraenderlich):
        PlanEintrag.objects.create(version=version, teil=Planteil.WEG, text="neu")
    with pytest.raises(VersionUnveraenderlich):
        PlanEintrag.objects.filter(version=version).update(text="alle geändert")
    with pytest.raises(VersionUnveraenderlich):
        eintrag.delete()
    assert list(version.eintraege.values_list("text", flat=True)) == [
        "Ich suche mir einen Deutsch-Kurs."
    ]


def test_eintrag_kann_nicht_in_eine_vereinbarte_version_verschoben_werden(welt):
    alt = vereinbart(welt)
    neu = entwurf(welt)
    eintrag = neu.eintraege.get()
    eintrag.version = alt
    with pytest.raises(VersionUnveraenderlich):
        eintrag.save()


def test_pdf_darf_einmal_nachgetragen_werden_aber_nicht_ersetzt(welt, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version = vereinbart(welt)
    version.pdf.save("plan.pdf", ContentFile(b"%PDF-1.7 eins"), save=False)
    version.pdf_sha256 = "a" * 64
    version.save()
    version.refresh_from_db()
    version.pdf_sha256 = "b" * 64
    with pytest.raises(VersionUnveraenderlich):
        version.save()


def test_vereinbarte_version_auch_in_der_verwaltung_nicht_aenderbar(client, welt):
    """The responsible IFK, even with access to the admin, cannot change an
    agreed version there: the page is read-only and a forged POST is refused."""
    version = vereinbart(welt)
    ifk = welt.users[Rolle.IFK]
    ifk.is_staff = True
    ifk.save()
    client.force_login(ifk)
    url = f"/admin/plans/planversion/{version.pk}/change/"
    seite = client.get(url)
    assert seite.status_code == 200
    assert 'name="ziel"' not in seite.content.decode()
    antwort = client.post(url, {"ziel": "Im Admin geändert", "kontakt": "x"})
    assert antwort.status_code == 403
    version.refresh_from_db()
    assert version.ziel == "Ich will als Köchin arbeiten."
