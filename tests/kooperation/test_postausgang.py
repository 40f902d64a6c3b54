"""The one mail path: every e-mail is a row of the outbox written with its
cause, sent once from there; a broker that is down, or a mail server that
fails, loses nothing: the sweep sends it later. Agreed plans whose PDF task
was lost get their PDF from the same sweep."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu.exceptions import OperationalError

from kooperation import access, postausgang, tasks
from kooperation.access import Rolle
from kooperation.fristwache import fristwache_ausfuehren
from kooperation.models import Erinnerung, Fristart, Nachricht, Nachrichtenart
from kooperation.services import wiedervorlage_setzen
from kooperation.zeitplan import zeitplan_einrichten
from tests.plans.factories import vereinbart

D = datetime.date


@pytest.fixture
def ifk(welt):
    user = welt.users[Rolle.IFK]
    user.email = "ifk@jobcenter.invalid"
    user.save()
    return user


TAG = D(2026, 11, 25)


def _frist(welt, ifk, faellig_am=TAG):
    person = welt.eigener_fall
    return wiedervorlage_setzen(
        ursache=person,
        art=Fristart.TERMIN,
        faellig_am=faellig_am,
        jobcenter=welt.jc,
        zustaendig=ifk,
        team=welt.team,
        leistungsberechtigter_id=person.pk,
    )


def _aelter_machen(nachricht, minuten=30):
    Nachricht.objects.filter(pk=nachricht.pk).update(
        erstellt_am=timezone.now() - datetime.timedelta(minutes=minuten)
    )


def _broker_faellt_aus(monkeypatch):
    def ausfall(*args, **kwargs):
        raise OperationalError("Broker nicht erreichbar")

    monkeypatch.setattr(tasks.nachricht_senden, "delay", ausfall)


def test_erinnerung_geht_ueber_den_postausgang(welt, ifk, django_capture_on_commit_callbacks):
    _frist(welt, ifk)
    with django_capture_on_commit_callbacks(execute=True):
        ergebnis = fristwache_ausfuehren(heute=D(2026, 11, 25))
    assert ergebnis.mails == 1
    nachricht = Nachricht.objects.get()
    assert (nachricht.art, nachricht.adresse, nachricht.empfaenger) == (
        Nachrichtenart.FRISTEN,
        "ifk@jobcenter.invalid",
        ifk,
    )
    assert nachricht.gesendet_am is not None
    assert nachricht.versuche == 1
    assert set(Erinnerung.objects.values_list("nachricht", flat=True)) == {nachricht.pk}
    assert [m.subject for m in mail.outbox] == [nachricht.betreff]
    assert mail.outbox[0].body == nachricht.text
    assert welt.eigener_fall.nachname not in nachricht.text


def test_ohne_broker_geht_nichts_verloren(
    welt, ifk, monkeypatch, django_capture_on_commit_callbacks
):
    """The broker is down when the watch runs: the watch finishes, the e-mail
    waits in the outbox, and the sweep sends it once the broker is back."""
    _frist(welt, ifk)
    echt = tasks.nachricht_senden.delay
    _broker_faellt_aus(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        ergebnis = fristwache_ausfuehren(heute=D(2026, 11, 25))
    assert ergebnis.mails == 1
    nachricht = Nachricht.objects.get()
    assert nachricht.gesendet_am is None
    assert mail.outbox == []
    # Too young for the sweep: it may still be on its way.
    monkeypatch.setattr(tasks.nachricht_senden, "delay", echt)
    assert tasks.postausgang_nachholen()["nachrichten"] == 0
    _aelter_machen(nachricht)
    assert tasks.postausgang_nachholen()["nachrichten"] == 1
    nachricht.refresh_from_db()
    assert nachricht.gesendet_am is not None
    assert len(mail.outbox) == 1
    # Sent is sent: the next sweep and a stray second task change nothing.
    assert tasks.postausgang_nachholen()["nachrichten"] == 0
    assert postausgang.nachricht_zustellen(nachricht_id=nachricht.pk) is False
    assert len(mail.outbox) == 1


def test_ein_fehler_des_mailservers_bleibt_an_der_nachricht(welt, ifk, monkeypatch):
    with transaction.atomic():
        nachricht = postausgang.nachricht_aufgeben(
            empfaenger=ifk, art=Nachrichtenart.TRAEGER, betreff="Betreff", text="Text"
        )

    def kaputt(**kwargs):
        raise smtplib.SMTPServerDisconnected("Verbindung verloren")

    monkeypatch.setattr(postausgang, "send_mail", kaputt)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        postausgang.nachricht_zustellen(nachricht_id=nachricht.pk)
    nachricht.refresh_from_db()
    assert (nachricht.versuche, nachricht.gesendet_am) == (1, None)
    assert "Verbindung verloren" in nachricht.letzter_fehler
    monkeypatch.undo()
    assert postausgang.nachricht_zustellen(nachricht_id=nachricht.pk) is True
    nachricht.refresh_from_db()
    assert (nachricht.versuche, nachricht.letzter_fehler) == (2, "")
    assert nachricht.gesendet_am is not None


def test_nach_zu_vielen_versuchen_wartet_die_nachricht_auf_einen_menschen(welt, ifk):
    nachricht = postausgang.nachricht_aufgeben(
        empfaenger=ifk, art=Nachrichtenart.TRAEGER, betreff="B", text="T"
    )
    _aelter_machen(nachricht)
    Nachricht.objects.filter(pk=nachricht.pk).update(versuche=postausgang.HOECHSTENS_VERSUCHE)
    assert not postausgang.nachzuholende().exists()


def test_die_nachricht_gehoert_zur_transaktion_ihrer_ursache(welt, ifk):
    """Rolled back with its cause: no e-mail about something that did not happen."""

    def ursache_scheitert():
        with transaction.atomic():
            postausgang.nachricht_aufgeben(
                empfaenger=ifk, art=Nachrichtenart.TRAEGER, betreff="B", text="T"
            )
            raise RuntimeError("die Ursache scheitert")

    with pytest.raises(RuntimeError):
        ursache_scheitert()
    assert not Nachricht.objects.exists()


def test_ohne_adresse_keine_nachricht(welt):
    ohne = welt.users[Rolle.TEAMLEITUNG]
    ohne.email = ""
    assert (
        postausgang.nachricht_aufgeben(
            empfaenger=ohne, art=Nachrichtenart.TRAEGER, betreff="B", text="T"
        )
        is None
    )
    assert not Nachricht.objects.exists()


def test_nur_die_empfaengerin_sieht_ihre_nachrichten(welt, ifk):
    nachricht = postausgang.nachricht_aufgeben(
        empfaenger=ifk, art=Nachrichtenart.TRAEGER, betreff="B", text="T"
    )
    for rolle, user in welt.users.items():
        assert access.darf_sehen(user, nachricht) == (rolle == Rolle.IFK)
        assert not access.darf_bearbeiten(user, nachricht)
    assert not access.darf_sehen(welt.fremde_ifk, nachricht)


def test_der_postausgang_holt_verlorene_pdf_nach(
    welt, monkeypatch, django_capture_on_commit_callbacks
):
    from plans import tasks as plan_tasks

    def ausfall(*args, **kwargs):
        raise OperationalError("Broker nicht erreichbar")

    echt = plan_tasks.pdf_rendern.delay
    monkeypatch.setattr(plan_tasks.pdf_rendern, "delay", ausfall)
    with django_capture_on_commit_callbacks(execute=True):
        version = vereinbart(welt)  # the agreement itself goes through
    version.refresh_from_db()
    assert version.status == "vereinbart"
    assert not version.pdf
    monkeypatch.setattr(plan_tasks.pdf_rendern, "delay", echt)
    assert tasks.postausgang_nachholen()["pdf"] == 0  # just agreed: may be on its way
    # Later: the version has waited longer than a task takes.
    monkeypatch.setattr(plan_tasks, "NACHHOLEN_NACH", datetime.timedelta(seconds=-1))
    assert tasks.postausgang_nachholen()["pdf"] == 1
    version.refresh_from_db()
    assert version.pdf
    assert tasks.postausgang_nachholen()["pdf"] == 0


def test_postausgang_und_fristwache_stehen_im_zeitplan(db):
    PeriodicTask.objects.filter(name="Fristwache").update(task="kooperation.tasks.frist_watch")
    zeitplan_einrichten()
    eintraege = dict(PeriodicTask.objects.values_list("name", "task"))
    assert eintraege["Fristwache"] == "kooperation.tasks.fristwache"
    assert eintraege["Postausgang"] == "kooperation.tasks.postausgang_nachholen"
    assert PeriodicTask.objects.get(name="Postausgang").crontab.minute == "*/10"
