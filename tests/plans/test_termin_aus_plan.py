"""The appointments of an agreed plan become invitations with their letter,
and the plan's page shows the next appointment and the review date."""

import datetime
import hashlib
import zoneinfo

import pytest
from django.utils import dateformat, timezone

from kooperation.access import Rolle
from kooperation.arbeitstage import ist_arbeitstag
from kooperation.errors import Fachfehler
from plans.dokumente.pdf import PlanPdf
from plans.models import Einladung, PlanEintrag, Planteil
from plans.services.termine import einladen
from plans.services.vereinbarung import plan_fortschreiben, planversion_vereinbaren
from tests.plans.factories import entwurf
from tests.plans.pdf_hilfen import lesen

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _arbeitstag(ab_tagen: int, bundesland: str = "BW") -> datetime.date:
    """The first working day at least ``ab_tagen`` days from today."""
    tag = timezone.localdate() + datetime.timedelta(days=ab_tagen)
    while not ist_arbeitstag(tag, bundesland):
        tag += datetime.timedelta(days=1)
    return tag


def _um(tag: datetime.date, stunde: int = 9, minute: int = 30) -> datetime.datetime:
    return datetime.datetime.combine(tag, datetime.time(stunde, minute), tzinfo=BERLIN)


def _mit_termin(welt, beginn, text="Wir sprechen über den Deutsch-Kurs."):
    jc = welt.jc
    jc.anschrift = "Ifflandstraße 2–6\n68161 Rheinstadt"
    jc.save()
    version = entwurf(welt)
    PlanEintrag.objects.create(version=version, teil=Planteil.TERMIN, text=text, termin=beginn)
    return version


def _vereinbaren(welt, version, callbacks):
    with callbacks(execute=True):
        return planversion_vereinbaren(
            acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=timezone.localdate()
        )


def test_termin_des_vereinbarten_plans_wird_einladung_mit_brief(
    welt, django_capture_on_commit_callbacks
):
    beginn = _um(_arbeitstag(14))
    version = _vereinbaren(welt, _mit_termin(welt, beginn), django_capture_on_commit_callbacks)
    eintrag = version.eintraege.get(teil=Planteil.TERMIN)
    einladung = Einladung.objects.get(leistungsberechtigter=welt.eigener_fall)
    assert einladung.quelle_eintrag == eintrag
    assert einladung.plan == version.plan
    assert einladung.beginn == beginn
    assert einladung.zweck == "Wir sprechen über den Deutsch-Kurs."
    assert einladung.ifk == welt.users[Rolle.IFK]
    assert einladung.ort == "Jobcenter Rheinstadt, Ifflandstraße 2–6, 68161 Rheinstadt"
    # The letter was rendered after the commit and stored with its hash.
    einladung.refresh_from_db()
    with einladung.brief_pdf.open("rb") as datei:
        inhalt = datei.read()
    assert hashlib.sha256(inhalt).hexdigest() == einladung.brief_sha256
    seiten, text = lesen(inhalt)
    assert seiten == 1
    assert f"{beginn:%d.%m.%Y}" in text
    assert "Wir sprechen über den Deutsch-Kurs." in text


def test_fortschreibung_laedt_nicht_zweimal_zum_selben_termin(
    welt, django_capture_on_commit_callbacks
):
    beginn = _um(_arbeitstag(14))
    version = _vereinbaren(welt, _mit_termin(welt, beginn), django_capture_on_commit_callbacks)
    neu = plan_fortschreiben(acting_user=welt.users[Rolle.IFK], plan=version.plan)
    # A second appointment in the continued version becomes its own invitation.
    spaeter = _um(_arbeitstag(28), 11, 0)
    PlanEintrag.objects.create(
        version=neu, teil=Planteil.TERMIN, text="Wir schauen auf die Bewerbungen.", termin=spaeter
    )
    _vereinbaren(welt, neu, django_capture_on_commit_callbacks)
    einladungen = Einladung.objects.filter(leistungsberechtigter=welt.eigener_fall)
    assert sorted(einladungen.values_list("beginn", flat=True)) == [beginn, spaeter]
    assert einladungen.get(beginn=spaeter).quelle_eintrag.version == neu


def test_vergangener_termin_wird_keine_einladung(welt, django_capture_on_commit_callbacks):
    gestern = _um(timezone.localdate() - datetime.timedelta(days=1))
    _vereinbaren(welt, _mit_termin(welt, gestern), django_capture_on_commit_callbacks)
    assert not Einladung.objects.exists()


def test_termin_an_einem_samstag_haelt_die_vereinbarung_mit_grund_an(welt):
    samstag = timezone.localdate() + datetime.timedelta(days=14)
    samstag += datetime.timedelta(days=(5 - samstag.weekday()) % 7)
    version = _mit_termin(welt, _um(samstag))
    with pytest.raises(Fachfehler) as fehler:
        planversion_vereinbaren(
            acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=timezone.localdate()
        )
    (meldung,) = fehler.value.message_dict["termin"]
    assert f"Aus dem Termin am {samstag:%d.%m.%Y} um 09:30 Uhr" in meldung
    assert "Bitte wählen Sie einen Arbeitstag." in meldung
    version.refresh_from_db()
    assert version.status == "entwurf"
    assert not Einladung.objects.exists()


# --- The plan's page: next appointment and review date ----------------------------


def test_plan_zeigt_ueberpruefung_und_den_naechsten_termin(
    welt, django_capture_on_commit_callbacks
):
    beginn = _um(_arbeitstag(14))
    version = _vereinbaren(welt, _mit_termin(welt, beginn), django_capture_on_commit_callbacks)
    version.refresh_from_db()
    with version.pdf.open("rb") as datei:
        seiten, text = lesen(datei.read())
    assert seiten == 1
    assert f"Überprüfung spätestens am: {version.ueberpruefung_bis:%d.%m.%Y}" in text
    # The invitation made from the item stands for it: shown once, as the next.
    assert text.count(f"{beginn:%d.%m.%Y}") == 1
    assert "Nächster Termin: " in text
    assert text.index("Nächster Termin") < text.index(f"{beginn:%d.%m.%Y}")


def test_naechste_einladung_der_person_steht_vor_den_terminen_des_plans(welt):
    beginn_plan = _um(_arbeitstag(28))
    version = _mit_termin(welt, beginn_plan, text="Gespräch über den Sprachkurs.")
    frueher = _um(_arbeitstag(7), 10, 0)
    einladen(
        acting_user=welt.users[Rolle.IFK],
        person=welt.eigener_fall,
        beginn=frueher,
        form="telefon",
        zweck="Kurzes Telefonat zu Ihren Bewerbungen",
    )
    seiten, text = lesen(PlanPdf.fuer_version(version).render().pdf)
    assert seiten == 1
    tag = dateformat.format(timezone.localtime(frueher), "l, d.m.Y")
    assert (
        f"Nächster Termin: {tag}, 10:00 Uhr Kurzes Telefonat zu Ihren Bewerbungen – Telefon"
    ) in text
    assert "Gespräch über den Sprachkurs." in text
    assert text.index("Kurzes Telefonat") < text.index("Gespräch über den Sprachkurs.")
    # A draft shows the review date it would have if agreed today.
    assert "Überprüfung spätestens am:" in text


def test_ohne_einladung_ist_der_kommende_termin_des_plans_der_naechste(welt):
    version = _mit_termin(welt, _um(_arbeitstag(14)))
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.TERMIN,
        text="Gespräch vom letzten Monat",
        termin=_um(timezone.localdate() - datetime.timedelta(days=30)),
    )
    _, text = lesen(PlanPdf.fuer_version(version).render().pdf)
    assert text.count("Nächster Termin") == 1
    assert text.index("Nächster Termin") < text.index("Wir sprechen über den Deutsch-Kurs.")
