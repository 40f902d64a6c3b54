"""The deadline watch: reminders before, on and after the due date,
escalation to the Teamleitung, closing, moving, and no reminder or e-mail
twice. Dates are counted by hand on the Baden-Württemberg calendar:
Fri 25.12.2026 and Fri 1.1.2027 are public holidays, Wed 6.1.2027 too
(Heilige Drei Könige), Good Friday 26.3.2027 and Easter Monday 29.3.2027."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from kooperation import access
from kooperation.access import Rolle
from kooperation.fristwache import fristwache_ausfuehren
from kooperation.models import (
    Erinnerung,
    Erinnerungsstufe,
    Fristart,
    FristEinstellung,
    Schliesstag,
    Wiedervorlage,
)
from kooperation.services import wiedervorlage_erledigen, wiedervorlage_setzen
from tests.cases.factories import LeistungsberechtigterFactory
from tests.kooperation.factories import benutzer

D = datetime.date


@pytest.fixture
def mit_mail(welt):
    """E-mail addresses for the IFK and the Teamleitung of Team Nord."""
    for rolle in (Rolle.IFK, Rolle.TEAMLEITUNG):
        u = welt.users[rolle]
        u.email = f"{u.username}@jobcenter.invalid"
        u.save()
    return welt


@pytest.fixture
def wache(django_capture_on_commit_callbacks):
    """Run the watch and then what it leaves for after the commit (the mails)."""

    def laufen(heute):
        with django_capture_on_commit_callbacks(execute=True):
            return fristwache_ausfuehren(heute=heute)

    return laufen


def frist(welt, art, faellig_am, *, zustaendig=None, team=None, jobcenter=None):
    """A deadline of ``art`` with its own cause (a new person of the IFK)."""
    zustaendig = zustaendig if zustaendig is not None else welt.users[Rolle.IFK]
    team = team if team is not None else welt.team
    person = LeistungsberechtigterFactory(team=team, zustaendig=zustaendig)
    return wiedervorlage_setzen(
        ursache=person,
        art=art,
        faellig_am=faellig_am,
        jobcenter=jobcenter or team.jobcenter,
        zustaendig=zustaendig,
        team=team,
        leistungsberechtigter_id=person.pk,
    )


def stufen(wv) -> set[tuple[str, str]]:
    return set(wv.erinnerungen.values_list("stufe", "empfaenger__username"))


# --- Stages across weekends and holidays -------------------------------------


def test_vorab_erinnerung_zaehlt_den_vorlauf_in_arbeitstagen_ueber_die_feiertage(mit_mail):
    # Überprüfung: 10 Arbeitstage Vorlauf. From Fri 18.12.2026 the 10th working
    # day is Tue 5.1.2027 (25.12. and 1.1. are holidays); Thu 7.1. is beyond.
    letzte = frist(mit_mail, Fristart.UEBERPRUEFUNG, D(2027, 1, 5))
    zu_frueh = frist(mit_mail, Fristart.UEBERPRUEFUNG, D(2027, 1, 7))
    fristwache_ausfuehren(heute=D(2026, 12, 18))
    assert stufen(letzte) == {("vorab", "ifk")}
    assert stufen(zu_frueh) == set()
    letzte.refresh_from_db()
    assert letzte.erinnerungsstufe == Erinnerungsstufe.VORAB


def test_frist_am_wochenende_ist_am_freitag_faellig(mit_mail):
    samstag = frist(mit_mail, Fristart.TERMIN, D(2026, 11, 28))
    montag = frist(mit_mail, Fristart.TERMIN, D(2026, 11, 30))
    fristwache_ausfuehren(heute=D(2026, 11, 27))
    assert stufen(samstag) == {("faellig", "ifk")}
    assert stufen(montag) == {("vorab", "ifk")}


def test_vor_ostern_faellig_und_nach_ostern_eskaliert(mit_mail):
    # Abstimmung (Vorgabe: eskalieren nach 2 Arbeitstagen Überfälligkeit), due
    # Thu 25.3.2027; Good Friday and Easter Monday do not count: Tue 30.3. is
    # the 1st working day after, Wed 31.3. the 2nd, Thu 1.4. the 3rd.
    wv = frist(mit_mail, Fristart.ABSTIMMUNG, D(2027, 3, 25))
    fristwache_ausfuehren(heute=D(2027, 3, 25))
    assert stufen(wv) == {("faellig", "ifk")}
    fristwache_ausfuehren(heute=D(2027, 3, 30))
    assert ("ueberfaellig", "ifk") in stufen(wv)
    fristwache_ausfuehren(heute=D(2027, 3, 31))
    assert ("eskalation", "teamleitung") not in stufen(wv)
    fristwache_ausfuehren(heute=D(2027, 4, 1))
    assert ("eskalation", "teamleitung") in stufen(wv)
    wv.refresh_from_db()
    assert wv.erinnerungsstufe == Erinnerungsstufe.ESKALATION


def test_schliesstag_des_jobcenters_zaehlt_nicht_als_arbeitstag(mit_mail):
    Schliesstag.objects.create(jobcenter=mit_mail.jc, datum=D(2026, 12, 31))
    wv = frist(mit_mail, Fristart.PLANENTWURF, D(2026, 12, 29))
    # Planentwurf: eskalieren nach 2 Arbeitstagen. After Tue 29.12.: Wed 30.12.
    # (1), 31.12. closed, 1.1. holiday, Mon 4.1. (2), Tue 5.1. (3).
    fristwache_ausfuehren(heute=D(2027, 1, 4))
    assert stufen(wv) == {("ueberfaellig", "ifk")}
    fristwache_ausfuehren(heute=D(2027, 1, 5))
    assert ("eskalation", "teamleitung") in stufen(wv)


@pytest.mark.parametrize("art", Fristart.values)
def test_jede_fristart_wird_erinnert_und_eskaliert(mit_mail, art):
    heute = D(2026, 11, 25)  # Wednesday
    wv = frist(mit_mail, art, heute)
    fristwache_ausfuehren(heute=heute)
    assert stufen(wv) == {("faellig", "ifk")}
    # Three weeks later every kind has passed its escalation delay.
    fristwache_ausfuehren(heute=heute + datetime.timedelta(days=21))
    assert stufen(wv) == {
        ("faellig", "ifk"),
        ("ueberfaellig", "ifk"),
        ("eskalation", "teamleitung"),
    }


def test_kuendigungsfrist_wird_zwanzig_arbeitstage_vorher_angekuendigt(mit_mail):
    # From Fri 30.10.2026, the 20th working day is Fri 27.11. (1.11. is a
    # Sunday); from Thu 29.10. it is Thu 26.11.
    wv = frist(mit_mail, Fristart.KUENDIGUNG, D(2026, 11, 27))
    fristwache_ausfuehren(heute=D(2026, 10, 29))
    assert stufen(wv) == set()
    fristwache_ausfuehren(heute=D(2026, 10, 30))
    assert stufen(wv) == {("vorab", "ifk")}


def test_vorlauf_und_eskalation_sind_je_jobcenter_einstellbar(mit_mail):
    FristEinstellung.objects.create(
        jobcenter=mit_mail.jc,
        art=Fristart.NACHWEIS,
        vorlauf_arbeitstage=0,
        eskalation_arbeitstage=0,
    )
    andere_ifk = mit_mail.fremde_ifk
    hier = frist(mit_mail, Fristart.NACHWEIS, D(2026, 11, 26))
    dort = frist(
        mit_mail, Fristart.NACHWEIS, D(2026, 11, 26), zustaendig=andere_ifk, team=andere_ifk.team
    )
    fristwache_ausfuehren(heute=D(2026, 11, 25))
    assert stufen(hier) == set()  # no lead time in this Jobcenter
    assert stufen(dort) == {("vorab", "fremd")}  # default: 3 Arbeitstage
    fristwache_ausfuehren(heute=D(2026, 11, 27))
    assert ("eskalation", "teamleitung") in stufen(hier)  # at once


def test_verpasste_laeufe_werden_nachgeholt_und_die_ifk_erfaehrt_es_auch(mit_mail):
    wv = frist(mit_mail, Fristart.UEBERPRUEFUNG, D(2026, 10, 1))
    fristwache_ausfuehren(heute=D(2026, 11, 25))
    assert stufen(wv) == {("ueberfaellig", "ifk"), ("eskalation", "teamleitung")}


# --- E-mail ------------------------------------------------------------------


def test_eine_mail_je_person_ohne_namen_des_falls(mit_mail, wache):
    a = frist(mit_mail, Fristart.TERMIN, D(2026, 11, 25))
    b = frist(mit_mail, Fristart.NACHWEIS, D(2026, 11, 26))
    # Names no IFK can have (random ones may equal the addressee's own name).
    faelle = LeistungsberechtigterFactory._meta.model.objects
    faelle.filter(pk=a.leistungsberechtigter_id).update(vorname="Ottilie", nachname="Quappendorf")
    faelle.filter(pk=b.leistungsberechtigter_id).update(vorname="Waltraud", nachname="Zwiebelhain")
    wache(D(2026, 11, 25))
    assert [m.to for m in mail.outbox] == [["ifk@jobcenter.invalid"]]
    text = mail.outbox[0].body
    assert "Vereinbarter Termin, fällig am 25.11.2026" in text
    assert "Nachweis der Eigenbemühungen, fällig am 26.11.2026" in text
    for name in ("Ottilie", "Quappendorf", "Waltraud", "Zwiebelhain"):
        assert name not in text
    assert not Erinnerung.objects.filter(nachricht__isnull=True).exists()


def test_eskalation_geht_per_mail_an_die_teamleitung(mit_mail, wache):
    frist(mit_mail, Fristart.SCHLICHTUNG, D(2026, 11, 23))
    wache(D(2026, 11, 25))
    an_leitung = [m for m in mail.outbox if m.to == ["teamleitung@jobcenter.invalid"]]
    assert len(an_leitung) == 1
    assert "Überfällige Frist in Ihrem Team" in an_leitung[0].subject


# --- Idempotency ---------------------------------------------------------------


def test_zweimal_laufen_erzeugt_nichts_doppelt(mit_mail, wache):
    for art in Fristart.values:
        frist(mit_mail, art, D(2026, 11, 10))
        frist(mit_mail, art, D(2026, 11, 26))
    wache(D(2026, 11, 25))
    erinnerungen = Erinnerung.objects.count()
    mails = len(mail.outbox)
    assert erinnerungen > 0
    assert mails == 2
    zweiter = wache(D(2026, 11, 25))
    assert zweiter.im_blick == 0
    assert Erinnerung.objects.count() == erinnerungen
    assert len(mail.outbox) == mails


def test_zweiter_gleichzeitiger_lauf_scheitert_an_der_eindeutigkeit(mit_mail, wache):
    """A second worker that read the rows before the first one committed:
    simulated by resetting the progress marker. The database's unique
    constraint, not memory, keeps each reminder single."""
    wv = frist(mit_mail, Fristart.PLANENTWURF, D(2026, 11, 20))
    wache(D(2026, 11, 25))
    vorher = set(Erinnerung.objects.values_list("pk", "stufe", "empfaenger_id"))
    Wiedervorlage.objects.filter(pk=wv.pk).update(erinnerungsstufe="")
    wache(D(2026, 11, 25))
    assert set(Erinnerung.objects.values_list("pk", "stufe", "empfaenger_id")) == vorher
    assert len(mail.outbox) == 2  # IFK and Teamleitung, once each


# --- Closing and moving --------------------------------------------------------


def test_erledigte_frist_wird_nicht_mehr_erinnert(mit_mail):
    wv = frist(mit_mail, Fristart.ABSTIMMUNG, D(2026, 11, 20))
    wiedervorlage_erledigen(ursache=wv.ursache, art=Fristart.ABSTIMMUNG)
    ergebnis = fristwache_ausfuehren(heute=D(2026, 11, 25))
    assert ergebnis.im_blick == 0
    assert not Erinnerung.objects.exists()


def test_verschobene_frist_wird_fuer_das_neue_datum_erneut_erinnert(mit_mail):
    wv = frist(mit_mail, Fristart.TERMIN, D(2026, 11, 25))
    fristwache_ausfuehren(heute=D(2026, 11, 25))
    wiedervorlage_setzen(
        ursache=wv.ursache,
        art=Fristart.TERMIN,
        faellig_am=D(2026, 12, 2),
        jobcenter=mit_mail.jc,
        zustaendig=mit_mail.users[Rolle.IFK],
        team=mit_mail.team,
        leistungsberechtigter_id=wv.leistungsberechtigter_id,
    )
    wv.refresh_from_db()
    assert wv.erinnerungsstufe == Erinnerungsstufe.KEINE
    fristwache_ausfuehren(heute=D(2026, 12, 2))
    assert set(wv.erinnerungen.values_list("stufe", "faellig_am")) == {
        ("faellig", D(2026, 11, 25)),
        ("faellig", D(2026, 12, 2)),
    }


def test_ohne_teamleitung_geht_die_eskalation_an_die_leitung_im_jobcenter(mit_mail):
    wv = frist(mit_mail, Fristart.SCHLICHTUNG, D(2026, 11, 20), team=mit_mail.team2)
    fristwache_ausfuehren(heute=D(2026, 11, 25))
    assert ("eskalation", "teamleitung") in stufen(wv)


def test_niemand_zu_erinnern_wird_gemeldet_und_wieder_versucht(welt):
    ifk = welt.fremde_ifk
    wv = frist(welt, Fristart.TERMIN, D(2026, 11, 20), zustaendig=ifk, team=ifk.team)
    ergebnis = fristwache_ausfuehren(heute=D(2026, 11, 25))
    # The IFK is told it is overdue; no Teamleitung exists in that Jobcenter.
    assert stufen(wv) == {("ueberfaellig", "fremd")}
    assert ergebnis.ohne_empfaenger == [wv.pk]
    wv.refresh_from_db()
    assert wv.erinnerungsstufe != Erinnerungsstufe.ESKALATION
    leitung = benutzer(Rolle.TEAMLEITUNG, welt.jc2, ifk.team, username="leitung2")
    fristwache_ausfuehren(heute=D(2026, 11, 25))
    assert ("eskalation", leitung.username) in stufen(wv)


# --- Access, command, schedule, pages -------------------------------------------


def test_erinnerungen_sieht_nur_wer_die_frist_sieht(mit_mail):
    frist(mit_mail, Fristart.TERMIN, D(2026, 11, 25))
    fristwache_ausfuehren(heute=D(2026, 11, 25))
    alle = Erinnerung.objects.all()
    assert access.sichtbar(mit_mail.users[Rolle.IFK], alle).count() == 1
    assert access.sichtbar(mit_mail.users[Rolle.TEAMLEITUNG], alle).count() == 1
    assert access.sichtbar(mit_mail.fremde_ifk, alle).count() == 0
    assert access.sichtbar(mit_mail.users[Rolle.GESCHAEFTSFUEHRUNG], alle).count() == 0


def test_der_befehl_fristwache_zeigt_was_getan_wurde(mit_mail):
    frist(mit_mail, Fristart.TERMIN, D(2026, 11, 25))
    frist(mit_mail, Fristart.UEBERPRUEFUNG, D(2026, 11, 30))
    ausgabe = io.StringIO()
    call_command("fristwache", "--datum", "2026-11-25", stdout=ausgabe)
    text = ausgabe.getvalue()
    assert "Fristwache für den 25.11.2026" in text
    assert "2 Fristen mit neuer Erinnerungsstufe" in text
    assert "1  heute fällig" in text
    assert "1  vorab erinnert" in text
    ausgabe = io.StringIO()
    call_command("fristwache", "--datum", "2026-11-25", stdout=ausgabe)
    assert "0 Fristen mit neuer Erinnerungsstufe" in ausgabe.getvalue()


def test_fristwache_ist_im_beat_zeitplan_eingetragen(db):
    aufgabe = PeriodicTask.objects.get(task="kooperation.tasks.fristwache")
    assert aufgabe.enabled
    assert aufgabe.queue == "fristen"


def test_fallliste_und_teamseite_zeigen_den_erinnerungsstand(mit_mail, client):
    import django.utils.timezone as tz

    heute = tz.localdate()
    frist(mit_mail, Fristart.PLANENTWURF, heute - datetime.timedelta(days=20))
    fristwache_ausfuehren(heute=heute)
    client.force_login(mit_mail.users[Rolle.IFK])
    assert "an die Teamleitung eskaliert" in client.get("/faelle/").content.decode()
    client.force_login(mit_mail.users[Rolle.TEAMLEITUNG])
    assert "an die Teamleitung eskaliert" in client.get("/team/").content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_zweiter_lauf_waehrend_des_ersten_wird_uebersprungen(welt):
    import psycopg
    from django.db import connection

    from kooperation.fristwache import SPERRSCHLUESSEL

    s = connection.settings_dict
    andere = psycopg.connect(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"], dbname=s["NAME"]
    )
    try:
        andere.execute("SELECT pg_advisory_lock(%s)", [SPERRSCHLUESSEL])
        assert fristwache_ausfuehren(heute=D(2026, 11, 25)).uebersprungen
        andere.execute("SELECT pg_advisory_unlock(%s)", [SPERRSCHLUESSEL])
        assert not fristwache_ausfuehren(heute=D(2026, 11, 25)).uebersprungen
    finally:
        andere.close()


def test_liegengebliebene_erinnerung_wird_beim_naechsten_lauf_gemailt(mit_mail, wache):
    """A run that died after filing but before mailing: the next one mails."""
    wv = frist(mit_mail, Fristart.TERMIN, D(2026, 11, 25))
    Erinnerung.objects.create(
        wiedervorlage=wv,
        stufe="faellig",
        faellig_am=wv.faellig_am,
        empfaenger=mit_mail.users[Rolle.IFK],
    )
    Wiedervorlage.objects.filter(pk=wv.pk).update(erinnerungsstufe="faellig")
    ergebnis = wache(D(2026, 11, 25))
    assert ergebnis.im_blick == 0
    assert [m.to for m in mail.outbox] == [["ifk@jobcenter.invalid"]]
    assert not Erinnerung.objects.filter(nachricht__isnull=True).exists()
