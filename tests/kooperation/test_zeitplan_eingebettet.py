"""Without a broker (``make run``), the serving process runs beat's entries
itself: every entry once at start-up, then each when its crontab is due, with
the jobs' own idempotence. And the e-mails are readable in the browser."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from cases.models import Leistungsberechtigter
from kooperation import zeitplan_eingebettet
from kooperation.access import Rolle
from kooperation.models import (
    Erinnerung,
    Erinnerungsstufe,
    Fristart,
    Nachricht,
    Nachrichtenart,
    Wiedervorlage,
)
from kooperation.zeitplan_eingebettet import (
    EingebetteterZeitplan,
    periodische_aufgaben_ausfuehren,
    zeitplan_starten,
)


def _ueberfaellig(fall, tage=3):
    return Wiedervorlage.objects.create(
        jobcenter=fall.jobcenter,
        art=Fristart.PLANENTWURF,
        faellig_am=timezone.localdate() - datetime.timedelta(days=tage),
        team=fall.team,
        zustaendig=fall.zustaendig,
        ursache_typ=ContentType.objects.get_for_model(Leistungsberechtigter),
        ursache_id=fall.pk,
        leistungsberechtigter_id=fall.pk,
    )


def _um(stunde, minute):
    """Today at a local time: the watch compares with today's date."""
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(stunde, minute))
    )


def _laeufe(name):
    return PeriodicTask.objects.get(name=name).total_run_count


def test_die_eintraege_von_beat_sind_da(db):
    """The scheduler reads beat's own rows; migrate writes them."""
    assert {"Fristwache", "Postausgang"} <= set(PeriodicTask.objects.values_list("name", flat=True))


def test_fristwache_beim_start_und_wieder_nach_ihrem_abstand_ohne_doppelte_erinnerungen(welt):
    ifk = welt.users[Rolle.IFK]
    ifk.email = "ifk@jobcenter.invalid"
    ifk.save()
    _ueberfaellig(welt.eigener_fall)
    start = _um(9, 10)

    assert "Fristwache" in periodische_aufgaben_ausfuehren(jetzt=start, alle=True)
    erinnerungen = Erinnerung.objects.filter(empfaenger=welt.users[Rolle.IFK])
    assert erinnerungen.count() == 1
    assert Nachricht.objects.filter(empfaenger=welt.users[Rolle.IFK]).count() == 1

    # Hourly at minute 5: twenty minutes later it is not due, the outbox
    # sweep (every ten minutes) is.
    spaeter = periodische_aufgaben_ausfuehren(jetzt=start + datetime.timedelta(minutes=20))
    assert spaeter == ["Postausgang"]
    assert _laeufe("Fristwache") == 1

    # At 10:05 it runs again, and files nothing twice.
    assert "Fristwache" in periodische_aufgaben_ausfuehren(jetzt=_um(10, 6))
    assert _laeufe("Fristwache") == 2
    assert PeriodicTask.objects.get(name="Fristwache").last_run_at == _um(10, 6)
    assert erinnerungen.count() == 1
    assert Nachricht.objects.filter(empfaenger=welt.users[Rolle.IFK]).count() == 1


def test_der_faden_laeuft_beim_start_und_dann_nach_plan(welt, monkeypatch):
    """The thread's loop with a frozen clock that moves only when asked. It
    runs here in the test's own thread, inside the test's transaction: the
    thread's closing of stale connections would close the test's own."""
    monkeypatch.setattr(zeitplan_eingebettet, "close_old_connections", lambda: None)
    _ueberfaellig(welt.eigener_fall, tage=20)
    zeiten = [_um(9, 10), _um(9, 11), _um(9, 30), _um(10, 6)]
    zeitplan = EingebetteterZeitplan(pause=0, uhr=lambda: uhr())

    def uhr():
        jetzt = zeiten.pop(0)
        if not zeiten:
            zeitplan.anhalten()
        return jetzt

    zeitplan.run()

    assert zeitplan.durchlaeufe == 4
    assert _laeufe("Fristwache") == 2  # at start-up and at 10:05
    assert _laeufe("Postausgang") == 3  # at start-up, 9:20 and 10:00
    eskaliert = Erinnerung.objects.filter(
        empfaenger=welt.users[Rolle.TEAMLEITUNG], stufe=Erinnerungsstufe.ESKALATION
    )
    assert eskaliert.count() == 1


def test_ein_fehlschlag_haelt_die_anderen_nicht_auf(welt, monkeypatch):
    def kaputt(*args, **kwargs):
        raise RuntimeError("Datenbank kurz weg")

    monkeypatch.setattr("kooperation.tasks.fristwache_ausfuehren", kaputt)
    gelaufen = periodische_aufgaben_ausfuehren(jetzt=_um(9, 10), alle=True)
    assert {"Fristwache", "Postausgang"} <= set(gelaufen)
    # Counted like beat counts it: tried again at its next time.
    assert _laeufe("Fristwache") == 1


def test_abgeschaltete_eintraege_laufen_nicht(welt):
    PeriodicTask.objects.filter(name="Fristwache").update(enabled=False)
    gelaufen = periodische_aufgaben_ausfuehren(jetzt=_um(9, 10), alle=True)
    assert "Fristwache" not in gelaufen
    assert "Postausgang" in gelaufen


@pytest.mark.parametrize(
    ("eingeschaltet", "broker", "startet"),
    [(False, "", False), (True, "redis://127.0.0.1:6379/0", False), (True, "", True)],
)
def test_der_faden_startet_nur_ohne_broker_und_wenn_eingestellt(
    settings, monkeypatch, eingeschaltet, broker, startet
):
    settings.EINGEBETTETER_ZEITPLAN = eingeschaltet
    settings.CELERY_BROKER_URL = broker
    gestartet = []
    monkeypatch.setattr(EingebetteterZeitplan, "start", lambda self: gestartet.append(self))
    monkeypatch.setattr(zeitplan_eingebettet, "_laufender", None)
    faden = zeitplan_starten()
    assert (faden is not None) == startet
    assert len(gestartet) == int(startet)
    # Once per process.
    assert zeitplan_starten() is None


# --- Nachrichten (Demo) ---------------------------------------------------------


def _nachricht(user, betreff):
    return Nachricht.objects.create(
        jobcenter=user.jobcenter,
        empfaenger=user,
        adresse=user.email or "x@example.invalid",
        art=Nachrichtenart.FRISTEN,
        betreff=betreff,
        text="die Fristenüberwachung meldet:\n- Frist überfällig",
    )


@pytest.fixture
def post(welt, settings):
    settings.NACHRICHTEN_IM_BROWSER = True
    for rolle, user in welt.users.items():
        _nachricht(user, f"Post für {rolle.label}")
    _nachricht(welt.fremde_ifk, "Post im anderen Jobcenter")
    return welt


@pytest.mark.parametrize("rolle", list(Rolle))
def test_jede_rolle_liest_nur_ihre_eigene_post(client, post, rolle):
    client.force_login(post.users[rolle])
    text = client.get("/nachrichten/").content.decode()
    assert f"Post für {rolle.label}" in text
    fremde = [r for r in Rolle if r != rolle]
    for andere in fremde:
        assert f"Post für {andere.label}<" not in text
    assert "Post im anderen Jobcenter" not in text


def test_ohne_demo_einstellung_gibt_es_die_seite_nicht(client, post, settings):
    settings.NACHRICHTEN_IM_BROWSER = False
    client.force_login(post.users[Rolle.IFK])
    assert client.get("/nachrichten/").status_code == 404
    assert "Nachrichten (Demo)" not in client.get("/faelle/").content.decode()


def test_anonym_zur_anmeldung(client, post):
    antwort = client.get("/nachrichten/")
    assert antwort.status_code == 302
    assert "/anmelden/" in antwort["Location"]


def test_die_navigation_fuehrt_hin(client, post):
    client.force_login(post.users[Rolle.IFK])
    assert 'href="/nachrichten/"' in client.get("/faelle/").content.decode()
