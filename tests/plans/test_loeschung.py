"""Retention: a person whose case ended longer ago than the Jobcenter's period
is deleted end to end (records, stored PDFs, what the audit trail says about
her), the audit chain still verifies, the dashboard's figures do not move,
and a person not yet due is untouched."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from cases.models import (
    Datenweitergabe,
    Einwilligung,
    Leistungsberechtigter,
    Potenzialanalyse,
)
from kooperation.access import Rolle
from kooperation.audit import im_namen_von, lesezugriff, listenzugriff
from kooperation.auditkette import pruefen
from kooperation.models import AuditSiegel
from plans.kennzahlen.auswahl import ZEITRAEUME, auswahl_fuer
from plans.kennzahlen.zahlen import kennzahlen_berechnen
from plans.models import Kooperationsplan, PlanVersion, TraegerAbstimmung
from plans.services.loeschung import abgelaufene_personen, loeschlauf
from plans.tasks import loeschlauf as loeschlauf_task
from tests.cases.factories import LeistungsberechtigterFactory
from tests.partners.factories import PartnerFactory
from tests.plans.test_kennzahlen import analyse, plan

D = datetime.date


def _fall_mit_allem(welt, person, tag: datetime.date) -> PlanVersion:
    """A Potenzialanalyse, an agreed plan with its stored PDF, an open
    request to the Träger on a second plan, a consent and a sharing under it
    (a PROTECT chain), reads and changes in the audit trail."""
    ifk = welt.users[Rolle.IFK]
    pa = analyse(person, tag)
    vereinbart = plan(welt, pa, tag + datetime.timedelta(days=3), tag + datetime.timedelta(days=9))
    version = vereinbart.versionen.get()
    version.pdf.save(f"loeschtest-{person.pk}.pdf", ContentFile(b"%PDF-1.7 Test"), save=True)
    zweiter = plan(welt, analyse(person, tag + datetime.timedelta(days=20)), tag)
    TraegerAbstimmung.objects.create(
        version=zweiter.versionen.get(),
        traeger=welt.traeger,
        angefragt_am=tag + datetime.timedelta(days=21),
        frist=tag + datetime.timedelta(days=28),
    )
    partner = PartnerFactory(jobcenter=welt.jc)
    einwilligung = Einwilligung.objects.create(
        leistungsberechtigter=person, partner=partner, zweck="ueberleitung", erteilt_am=tag
    )
    Datenweitergabe.objects.create(
        leistungsberechtigter=person,
        partner=partner,
        zweck="ueberleitung",
        einwilligung=einwilligung,
        am=tag,
        durch=ifk,
        inhalt=f"Lebenslauf von {person.nachname}",
    )
    with im_namen_von(ifk, "Telefonnummer aktualisiert"):
        person.telefon = "0621 4711"
        person.save()
    lesezugriff(ifk, person, "Fall angesehen")
    return version


@pytest.fixture
def loeschwelt(welt, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    heute = timezone.localdate()
    welt.jc.aufbewahrung_fall_jahre = 2
    welt.jc.save()
    vor_drei_jahren = heute - datetime.timedelta(days=3 * 365)
    abgelaufen = LeistungsberechtigterFactory(
        team=welt.team, vorname="Wendelmuth", nachname="Loeschmann-Ferne"
    )
    welt.pdf = _fall_mit_allem(welt, abgelaufen, vor_drei_jahren)
    abgelaufen.fall_beendet_am = heute - datetime.timedelta(days=2 * 365 + 40)
    abgelaufen.save()
    # Ended a year ago: kept for another year.
    noch_nicht = LeistungsberechtigterFactory(
        team=welt.team, vorname="Bleibtreu", nachname="Haltmann-Noch"
    )
    _fall_mit_allem(welt, noch_nicht, vor_drei_jahren)
    noch_nicht.fall_beendet_am = heute - datetime.timedelta(days=365)
    noch_nicht.save()
    # Open cases inside the dashboard's window: the figures to keep.
    for tage in (30, 200, 500):
        offen = LeistungsberechtigterFactory(team=welt.team2)
        pa = analyse(offen, heute - datetime.timedelta(days=tage))
        plan(welt, pa, heute - datetime.timedelta(days=tage - 5))
    welt.abgelaufen, welt.noch_nicht, welt.heute = abgelaufen, noch_nicht, heute
    return welt


def _alle_kennzahlen(welt) -> list:
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    zahlen = []
    for monate in ZEITRAEUME:
        for team in (None, welt.team, welt.team2):
            a = auswahl_fuer(
                user=gf, team_id=team.pk if team else None, monate=monate, heute=welt.heute
            )
            zahlen.append(repr(kennzahlen_berechnen(a)))
    return zahlen


def _audit_text() -> str:
    werte = LogEntry.objects.values("object_repr", "changes", "changes_text", "additional_data")
    return json.dumps(list(werte), ensure_ascii=False, default=str)


def test_abgelaufene_person_wird_vollstaendig_geloescht(
    loeschwelt, django_capture_on_commit_callbacks
):
    w = loeschwelt
    person = w.abgelaufen
    assert list(abgelaufene_personen(jobcenter=w.jc, heute=w.heute)) == [person]
    pdf_name = w.pdf.pdf.name
    speicher = w.pdf.pdf.storage
    assert speicher.exists(pdf_name)
    assert "Loeschmann-Ferne" in _audit_text()
    # Lists that showed her: one with a person who stays, one with her alone.
    ifk = w.users[Rolle.IFK]
    mit_anderen = listenzugriff(ifk, [person, w.noch_nicht], "Suche nach Namen")
    nur_sie = listenzugriff(ifk, [person], "Suche nach Namen")
    assert person.pk in mit_anderen.additional_data["personen"]
    vorher = _alle_kennzahlen(w)

    with django_capture_on_commit_callbacks(execute=True):
        bericht = loeschlauf(heute=w.heute)

    assert bericht.personen == 1
    assert bericht.dateien == 1
    assert bericht.geschwaerzt > 0
    assert not Leistungsberechtigter.objects.filter(pk=person.pk).exists()
    assert not Potenzialanalyse.objects.filter(leistungsberechtigter_id=person.pk).exists()
    assert not Kooperationsplan.objects.filter(leistungsberechtigter_id=person.pk).exists()
    assert not PlanVersion.objects.filter(pk=w.pdf.pk).exists()
    assert not Einwilligung.objects.filter(leistungsberechtigter_id=person.pk).exists()
    assert not speicher.exists(pdf_name)
    # Nothing the audit trail holds names her any more; the chain holds.
    text = _audit_text()
    for spur in ("Loeschmann-Ferne", "Wendelmuth", f'"{person.kundennummer}"'):
        assert spur not in text
    # No list entry names her id any more; the others shown stay named.
    mit_anderen.refresh_from_db()
    nur_sie.refresh_from_db()
    assert mit_anderen.additional_data["personen"] == [w.noch_nicht.pk]
    assert mit_anderen.additional_data["personen_entfernt"] == 1
    assert nur_sie.additional_data["personen"] == []
    listen = LogEntry.objects.filter(additional_data__has_key="personen")
    assert all(person.pk not in e.additional_data["personen"] for e in listen)
    befund = pruefen()
    assert befund.fehler == []
    assert befund.geschwaerzt == bericht.geschwaerzt
    # The deletion is on record, with counts and without content.
    eintrag = LogEntry.objects.filter(additional_data__grund="Löschfrist abgelaufen").latest("pk")
    assert eintrag.additional_data["geloescht"]["personen"] == 1
    # The dashboard shows what it showed before, for every period and team.
    assert _alle_kennzahlen(w) == vorher
    # Not yet due: untouched.
    bleibt = w.noch_nicht
    assert Leistungsberechtigter.objects.filter(pk=bleibt.pk).exists()
    assert Kooperationsplan.objects.filter(leistungsberechtigter=bleibt).count() == 2
    assert "Haltmann-Noch" in text


def test_loeschlauf_zweimal_loescht_nichts_doppelt(loeschwelt):
    assert loeschlauf_task.delay().get()["personen"] == 1
    zweiter = loeschlauf(heute=loeschwelt.heute)
    assert zweiter.personen == 0
    assert pruefen().fehler == []


def test_audit_pruefen_bleibt_gruen_nach_dem_schwaerzen(loeschwelt, capsys):
    loeschlauf(heute=loeschwelt.heute)
    call_command("audit_pruefen")
    assert "in Ordnung" in capsys.readouterr().out


def test_geschwaerzter_eintrag_ohne_beleg_faellt_auf(loeschwelt):
    """Blacking out by hand, past the service, is found: only entries the
    trail names as blacked out may lack their content."""
    from tests.kooperation.test_auditkette import _hinter_dem_ruecken

    eintrag = LogEntry.objects.get_for_object(loeschwelt.noch_nicht).latest("pk")
    _hinter_dem_ruecken(
        "UPDATE auditlog_logentry SET additional_data = %s, changes = NULL WHERE id = %s",
        ['{"geschwaerzt": true}', eintrag.pk],
    )
    assert any(f"Eintrag {eintrag.pk}" in f for f in pruefen().fehler)


def test_neue_siegel_trennen_rahmen_und_inhalt(loeschwelt):
    assert not AuditSiegel.objects.filter(inhalt="").exists()


def test_loeschfrist_hat_ein_minimum(welt):
    from django.core.exceptions import ValidationError

    welt.jc.aufbewahrung_fall_jahre = 1
    with pytest.raises(ValidationError) as fehler:
        welt.jc.full_clean()
    assert "aufbewahrung_fall_jahre" in fehler.value.message_dict


def test_zeitplan_hat_den_taeglichen_loeschlauf(db):
    from django_celery_beat.models import PeriodicTask

    from kooperation.zeitplan import zeitplan_einrichten

    zeitplan_einrichten()
    eintrag = PeriodicTask.objects.get(task="plans.tasks.loeschlauf")
    assert (eintrag.crontab.hour, eintrag.crontab.minute) == ("3", "30")
