"""Appointments through the services: inviting, every outcome, the hearing
after a missed appointment with its deadline in the Jobcenter's working days,
the finding, and the notice to the benefits team with the consequence the
Rechtsstand of the day of the miss names."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import PotenzialanalyseStatus
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff, Konflikt
from kooperation.models import Fristart, Nachricht, Schliesstag, Vertretung, Wiedervorlage
from plans import lebenszyklus
from plans.models import (
    Anhoerung,
    Einladung,
    Feststellung,
    Leistungsmitteilung,
    Pflichtverletzung,
    Rechtsakt,
    Terminergebnis,
)
from plans.selectors import (
    einladungen_der_person,
    offene_anhoerungen,
    team_termine,
    termine_der_woche,
)
from plans.services.loeschung import person_loeschen
from plans.services.termine import (
    anhoerung_antwort_festhalten,
    anhoerung_einleiten,
    anhoerung_feststellen,
    einladen,
    ergebnis_festhalten,
    persoenlich_angehoert,
)
from tests.cases.factories import LeistungsberechtigterFactory, PotenzialanalyseFactory
from tests.plans.factories import entwurf

D = datetime.date


def _analyse(person, abgeschlossen_am):
    return PotenzialanalyseFactory(
        leistungsberechtigter=person,
        status=PotenzialanalyseStatus.ABGESCHLOSSEN,
        begonnen_am=abgeschlossen_am - datetime.timedelta(days=14),
        abgeschlossen_am=abgeschlossen_am,
        entwurf_frist=abgeschlossen_am + datetime.timedelta(days=14),
        reha_bedarf="nein",
    )


def um(tag: datetime.date, stunde: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tag, datetime.time(stunde, minute)))


@pytest.fixture
def heute(monkeypatch):
    """Set the day the services take as today."""

    def setzen(tag: datetime.date) -> None:
        monkeypatch.setattr(lebenszyklus, "heute", lambda: tag)

    return setzen


def _einladen(welt, *, termin, person=None, **kwargs):
    """Invite on the day set as today (``heute``) to an appointment at 10:00."""
    daten = {
        "form": "vor_ort",
        "ort": "Raum 2.14, Hauptstraße 5",
        "zweck": "Wir sprechen über Ihre Bewerbungen.",
        "ansprechperson": "Frau Keller",
    }
    daten.update(kwargs)
    user = daten.pop("acting_user", welt.users[Rolle.IFK])
    return einladen(
        acting_user=user, person=person or welt.eigener_fall, beginn=um(termin), **daten
    )


@pytest.fixture
def erstgespraech(welt, heute):
    """The person's first invitation after her Potenzialanalyse (without a
    Rechtsfolgenbelehrung), attended: later invitations carry one."""
    _analyse(welt.eigener_fall, D(2026, 3, 20))
    heute(D(2026, 4, 1))
    erste = _einladen(welt, termin=D(2026, 4, 8))
    heute(D(2026, 4, 8))
    ergebnis_festhalten(
        acting_user=welt.users[Rolle.IFK], einladung=erste, ergebnis="erschienen", version=1
    )
    return erste


def _offen(art, ursache) -> list[Wiedervorlage]:
    return list(
        Wiedervorlage.objects.offen().filter(
            art=art,
            ursache_typ=ContentType.objects.get_for_model(type(ursache)),
            ursache_id=ursache.pk,
        )
    )


def _versaeumt(welt, heute, termin: datetime.date, *, person=None) -> Einladung:
    """Invite a week ahead, record the miss on the day."""
    heute(termin - datetime.timedelta(days=7))
    einladung = _einladen(welt, termin=termin, person=person)
    heute(termin)
    return ergebnis_festhalten(
        acting_user=welt.users[Rolle.IFK],
        einladung=einladung,
        ergebnis="nicht_erschienen",
        version=einladung.version,
    )


def _angehoert(welt, heute, einladung, *, antwort="Ich hatte den Termin vergessen."):
    """Start the hearing on the day of the miss and record the answer that day."""
    heute(lebenszyklus.heute())
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=einladung)
    return anhoerung_antwort_festhalten(
        acting_user=welt.users[Rolle.IFK],
        anhoerung=anhoerung,
        antwort=antwort,
        antwort_am=anhoerung.versandt_am,
        version=anhoerung.version,
    )


def _kein_grund(welt, anhoerung, begruendung="Vergessen ist kein wichtiger Grund."):
    return anhoerung_feststellen(
        acting_user=welt.users[Rolle.IFK],
        anhoerung=anhoerung,
        wichtiger_grund=False,
        begruendung=begruendung,
        version=anhoerung.version,
    )


# --- Inviting -------------------------------------------------------------------


def test_einladung_mit_allen_angaben(welt, heute, erstgespraech):
    heute(D(2026, 12, 7))
    einladung = _einladen(
        welt,
        termin=D(2026, 12, 10),
        mitbringen="Lebenslauf",
        dolmetschen="ar",
        dauer_minuten=45,
    )
    einladung.refresh_from_db()
    assert einladung.ifk == welt.users[Rolle.IFK]
    assert timezone.localtime(einladung.beginn).strftime("%d.%m.%Y %H:%M") == "10.12.2026 10:00"
    assert (einladung.dauer_minuten, einladung.dolmetschen) == (45, "ar")
    assert einladung.mit_rechtsfolgenbelehrung is True
    assert einladung.rechtsstand == "grundsicherung-2026"
    assert einladung.ergebnis == Terminergebnis.OFFEN
    # The day of the appointment is a deadline until the outcome is recorded.
    (wv,) = _offen(Fristart.TERMIN, einladung)
    assert wv.faellig_am == D(2026, 12, 10)
    assert wv.zustaendig == welt.users[Rolle.IFK]
    eintrag = LogEntry.objects.get_for_object(einladung).get(action=LogEntry.Action.CREATE)
    assert eintrag.actor == welt.users[Rolle.IFK]
    assert eintrag.additional_data["grund"] == "Einladung zu einem Termin"


@pytest.mark.parametrize(
    ("heute_am", "schluessel"),
    [(D(2026, 4, 1), "buergergeld-2026"), (D(2026, 7, 1), "grundsicherung-2026")],
)
def test_erste_einladung_nach_der_potenzialanalyse_ohne_rechtsfolgenbelehrung(
    welt, heute, heute_am, schluessel
):
    """§ 15 Abs. 4 SGB II (2023); the 2026 entry reports the same. The next
    invitation carries one."""
    _analyse(welt.eigener_fall, heute_am - datetime.timedelta(days=10))
    heute(heute_am)
    erste = _einladen(welt, termin=heute_am + datetime.timedelta(days=7))
    zweite = _einladen(welt, termin=heute_am + datetime.timedelta(days=14))
    assert (erste.mit_rechtsfolgenbelehrung, erste.rechtsstand) == (False, schluessel)
    assert (zweite.mit_rechtsfolgenbelehrung, zweite.rechtsstand) == (True, schluessel)


def test_einladung_mit_plan_ist_ein_rechtsakt(welt, heute, erstgespraech):
    plan = entwurf(welt, begonnen_am=D(2026, 10, 5)).plan
    heute(D(2026, 11, 2))
    einladung = _einladen(welt, termin=D(2026, 11, 5), plan=plan)
    assert einladung.plan == plan
    akt = Rechtsakt.objects.get(plan=plan, art="einladung")
    assert (akt.am, akt.rechtsstand.schluessel) == (D(2026, 11, 2), "grundsicherung-2026")


@pytest.mark.parametrize(
    ("aenderung", "feld", "teil"),
    [
        ({"termin": D(2026, 12, 4)}, "beginn", "zwischen dem 07.12.2026"),
        ({"termin": D(2028, 1, 4)}, "beginn", "und dem 07.12.2027"),
        ({"termin": D(2026, 12, 12)}, "beginn", "ein Wochenende"),
        ({"termin": D(2026, 12, 25)}, "beginn", "Feiertag (Erster Weihnachtstag)"),
        ({"stunde": 3}, "beginn", "zwischen 07:00 und 19:00 Uhr"),
        ({"dauer_minuten": 0}, "dauer_minuten", "zwischen 5 und 480 Minuten"),
        ({"dauer_minuten": 600}, "dauer_minuten", "zwischen 5 und 480 Minuten"),
        ({"form": "brief"}, "form", "wie der Termin stattfindet"),
        ({"ort": "  "}, "ort", "den Ort an"),
        ({"zweck": ""}, "zweck", "Zweck des Termins"),
        ({"zweck": "x" * 5001}, "zweck", "höchstens 5000 Zeichen"),
        ({"dolmetschen": "xx"}, "dolmetschen", "Sprache aus der Liste"),
        ({"dolmetschen": "de"}, "dolmetschen", "Sprache aus der Liste"),
    ],
)
def test_einladung_prueft_jedes_feld(welt, heute, aenderung, feld, teil):
    heute(D(2026, 12, 7))
    termin = aenderung.pop("termin", D(2026, 12, 10))
    stunde = aenderung.pop("stunde", 10)
    daten = {
        "form": "vor_ort",
        "ort": "Raum 2.14",
        "zweck": "Bewerbungen besprechen",
        **aenderung,
    }
    with pytest.raises(Fachfehler) as fehler:
        einladen(
            acting_user=welt.users[Rolle.IFK],
            person=welt.eigener_fall,
            beginn=um(termin, stunde),
            **daten,
        )
    assert teil in fehler.value.message_dict[feld][0]
    assert not Einladung.objects.exists()
    assert not Wiedervorlage.objects.filter(art=Fristart.TERMIN).exists()


def test_telefontermin_braucht_keinen_ort(welt, heute):
    heute(D(2026, 12, 7))
    einladung = _einladen(welt, termin=D(2026, 12, 10), form="telefon", ort="")
    assert einladung.form == "telefon"


def test_lokaler_schliesstag_ist_kein_termin(welt, heute):
    Schliesstag.objects.create(
        jobcenter=welt.jc, datum=D(2026, 12, 11), bezeichnung="Betriebsausflug"
    )
    heute(D(2026, 12, 7))
    with pytest.raises(Fachfehler) as fehler:
        _einladen(welt, termin=D(2026, 12, 11))
    assert "Schließtag des Jobcenters" in fehler.value.message_dict["beginn"][0]


def test_einladung_plan_und_ifk_muessen_passen(welt, heute):
    andere_person = LeistungsberechtigterFactory(team=welt.team, zustaendig=welt.users[Rolle.IFK])
    fremder_plan = entwurf(welt, person=andere_person).plan
    heute(D(2026, 12, 7))
    with pytest.raises(Fachfehler) as fehler:
        _einladen(welt, termin=D(2026, 12, 10), plan=fremder_plan)
    assert "anderen Person" in fehler.value.message_dict["plan"][0]
    with pytest.raises(Fachfehler) as fehler:
        _einladen(welt, termin=D(2026, 12, 10), ifk=welt.fremde_ifk)
    assert "Integrationsfachkraft dieses Jobcenters" in fehler.value.message_dict["ifk"][0]
    with pytest.raises(Fachfehler) as fehler:
        _einladen(welt, termin=D(2026, 12, 10), ifk=welt.users[Rolle.TEAMLEITUNG])
    assert "ifk" in fehler.value.message_dict
    assert not Einladung.objects.exists()


def test_zwei_termine_zur_selben_zeit_werden_abgelehnt(welt, heute):
    heute(D(2026, 12, 7))
    _einladen(welt, termin=D(2026, 12, 10))
    with pytest.raises(Fachfehler) as fehler:
        einladen(
            acting_user=welt.users[Rolle.IFK],
            person=welt.eigener_fall,
            beginn=um(D(2026, 12, 10), 10, 15),
            form="telefon",
            zweck="Rückfrage",
        )
    assert (
        "schon ein Termin eingetragen (10.12.2026, 10:00 Uhr"
        in (fehler.value.message_dict["beginn"][0])
    )
    # Right after the first one ends is fine.
    einladen(
        acting_user=welt.users[Rolle.IFK],
        person=welt.eigener_fall,
        beginn=um(D(2026, 12, 10), 10, 30),
        form="telefon",
        zweck="Rückfrage",
    )


@pytest.mark.parametrize(
    "wer",
    [
        lambda welt: welt.fremde_ifk,
        lambda welt: welt.users[Rolle.TEAMLEITUNG],
        lambda welt: welt.team_fall.zustaendig,
        lambda welt: welt.users[Rolle.ADMINISTRATION],
        lambda welt: welt.users[Rolle.TRAEGER],
        lambda welt: welt.users[Rolle.API_CLIENT],
    ],
)
def test_nur_die_zustaendige_ifk_laedt_ein(welt, heute, wer):
    heute(D(2026, 12, 7))
    with pytest.raises(KeinZugriff):
        _einladen(welt, termin=D(2026, 12, 10), acting_user=wer(welt))
    assert not Einladung.objects.exists()


# --- Outcomes -----------------------------------------------------------------


@pytest.fixture
def termin(welt, heute, erstgespraech):
    """An invitation with a Rechtsfolgenbelehrung for Thursday 10.12.2026."""
    heute(D(2026, 12, 7))
    return _einladen(welt, termin=D(2026, 12, 10))


def _ergebnis(welt, einladung, ergebnis, **kwargs):
    return ergebnis_festhalten(
        acting_user=kwargs.pop("acting_user", welt.users[Rolle.IFK]),
        einladung=einladung,
        ergebnis=ergebnis,
        version=kwargs.pop("version", einladung.version),
        **kwargs,
    )


def test_erschienen(welt, heute, termin):
    heute(D(2026, 12, 10))
    einladung = _ergebnis(welt, termin, "erschienen")
    einladung.refresh_from_db()
    assert (einladung.ergebnis, einladung.ergebnis_am, einladung.version) == (
        "erschienen",
        D(2026, 12, 10),
        2,
    )
    assert not _offen(Fristart.TERMIN, einladung)
    assert not _offen(Fristart.ANHOERUNG_EINLEITEN, einladung)
    eintrag = LogEntry.objects.get_for_object(einladung).filter(action=LogEntry.Action.UPDATE)
    assert eintrag.get().additional_data["grund"] == "Ergebnis des Termins: erschienen"


def test_erschienen_erst_am_tag_des_termins(welt, heute, termin):
    heute(D(2026, 12, 9))
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(welt, termin, "nicht_erschienen")
    assert "erst am 10.12.2026" in fehler.value.message_dict["ergebnis"][0]
    termin.refresh_from_db()
    assert termin.ergebnis == "offen"


def test_nicht_erschienen_legt_die_anhoerung_vor(welt, heute, termin):
    heute(D(2026, 12, 10))
    einladung = _ergebnis(welt, termin, "nicht_erschienen")
    assert not _offen(Fristart.TERMIN, einladung)
    (wv,) = _offen(Fristart.ANHOERUNG_EINLEITEN, einladung)
    assert wv.faellig_am == D(2026, 12, 11)
    assert wv.get_art_display() == "Anhörung einleiten (Termin versäumt)"
    assert not wv.von_hand_erledigbar
    welt.eigener_fall.refresh_from_db()
    assert welt.eigener_fall.naechste_frist == D(2026, 12, 11)


def test_versaeumte_erste_einladung_hat_keine_folge(welt, heute):
    """Without a Rechtsfolgenbelehrung a miss leads to no reduction: no
    hearing is filed, and none can be started."""
    heute(D(2026, 12, 7))
    erste = _einladen(welt, termin=D(2026, 12, 10))
    assert erste.mit_rechtsfolgenbelehrung is False
    heute(D(2026, 12, 10))
    _ergebnis(welt, erste, "nicht_erschienen")
    assert not _offen(Fristart.ANHOERUNG_EINLEITEN, erste)
    with pytest.raises(Fachfehler) as fehler:
        anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=erste)
    assert "ohne Rechtsfolgenbelehrung" in fehler.value.messages[0]


def test_abgesagt_braucht_den_grund(welt, heute, termin):
    heute(D(2026, 12, 9))
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(welt, termin, "abgesagt", grund="  ")
    assert "wichtigen Grund und seinen Nachweis" in fehler.value.message_dict["grund"][0]
    einladung = _ergebnis(
        welt, termin, "abgesagt", grund="Vorstellungsgespräch, Einladung liegt vor"
    )
    assert einladung.grund == "Vorstellungsgespräch, Einladung liegt vor"
    assert not _offen(Fristart.TERMIN, einladung)
    assert not _offen(Fristart.ANHOERUNG_EINLEITEN, einladung)


@pytest.mark.parametrize(
    ("au_von", "au_bis", "feld", "teil"),
    [
        (None, D(2026, 12, 11), "au_von", "ersten Tag"),
        (D(2026, 12, 8), None, "au_bis", "letzten Tag"),
        (D(2026, 12, 11), D(2026, 12, 15), "au_von", "erst nach dem Termin"),
        (D(2026, 12, 1), D(2026, 12, 9), "au_bis", "schon vor dem Termin"),
        (D(2026, 12, 12), D(2026, 12, 8), "au_bis", "vor ihrem Beginn"),
        (D(1999, 12, 1), D(2026, 12, 12), "au_von", "zwischen dem 01.01.2005"),
        (D(2025, 11, 1), D(2026, 12, 12), "au_von", "mehr als ein Jahr"),
    ],
)
def test_arbeitsunfaehig_prueft_den_zeitraum(welt, heute, termin, au_von, au_bis, feld, teil):
    heute(D(2026, 12, 10))
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(welt, termin, "arbeitsunfaehig", au_von=au_von, au_bis=au_bis)
    assert teil in fehler.value.message_dict[feld][0]
    termin.refresh_from_db()
    assert (termin.ergebnis, termin.au_von) == ("offen", None)


def test_arbeitsunfaehig_mit_bescheinigung(welt, heute, termin):
    heute(D(2026, 12, 10))
    einladung = _ergebnis(
        welt,
        termin,
        "arbeitsunfaehig",
        au_von=D(2026, 12, 9),
        au_bis=D(2026, 12, 11),
        grund="AU-Bescheinigung liegt vor",
    )
    einladung.refresh_from_db()
    assert (einladung.ergebnis, einladung.au_von, einladung.au_bis) == (
        "arbeitsunfaehig",
        D(2026, 12, 9),
        D(2026, 12, 11),
    )
    assert not _offen(Fristart.ANHOERUNG_EINLEITEN, einladung)


def test_felder_anderer_ergebnisse_werden_abgelehnt(welt, heute, termin):
    heute(D(2026, 12, 10))
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(
            welt, termin, "erschienen", au_von=D(2026, 12, 9), neuer_beginn=um(D(2026, 12, 14))
        )
    assert set(fehler.value.message_dict) == {"au_von", "neuer_beginn"}
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(welt, termin, "offen")
    assert "ergebnis" in fehler.value.message_dict


def test_verlegt_macht_die_neue_einladung(welt, heute, termin):
    heute(D(2026, 12, 8))
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(welt, termin, "verlegt")
    assert "neuen Termin" in fehler.value.message_dict["neuer_beginn"][0]
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(welt, termin, "verlegt", neuer_beginn=um(D(2026, 12, 26)))
    assert "Feiertag" in fehler.value.message_dict["neuer_beginn"][0]
    assert Einladung.objects.count() == 2  # the first appointment and this one

    einladung = _ergebnis(
        welt, termin, "verlegt", neuer_beginn=um(D(2026, 12, 15), 9), grund="Kinderbetreuung"
    )
    neu = einladung.verlegt_auf
    assert neu.verlegt_von == einladung
    assert (neu.ort, neu.zweck, neu.ifk) == (termin.ort, termin.zweck, termin.ifk)
    assert timezone.localtime(neu.beginn) == um(D(2026, 12, 15), 9)
    assert neu.mit_rechtsfolgenbelehrung is True
    assert neu.ergebnis == "offen"
    assert not _offen(Fristart.TERMIN, einladung)
    (wv,) = _offen(Fristart.TERMIN, neu)
    assert wv.faellig_am == D(2026, 12, 15)


def test_verlegte_erste_einladung_bleibt_ohne_belehrung(welt, heute):
    heute(D(2026, 12, 7))
    erste = _einladen(welt, termin=D(2026, 12, 10))
    neu = _ergebnis(welt, erste, "verlegt", neuer_beginn=um(D(2026, 12, 14))).verlegt_auf
    assert neu.mit_rechtsfolgenbelehrung is False


def test_ein_ergebnis_nur_einmal_und_nur_mit_aktueller_version(welt, heute, termin):
    heute(D(2026, 12, 10))
    for veraltet in (termin.version + 1, None):
        with pytest.raises(Konflikt):
            _ergebnis(welt, termin, "erschienen", version=veraltet)
    termin.refresh_from_db()
    assert termin.ergebnis == "offen"
    _ergebnis(welt, termin, "erschienen")
    with pytest.raises(Konflikt):
        # A second writer who read the first version.
        _ergebnis(welt, termin, "nicht_erschienen", version=1)
    termin.refresh_from_db()
    with pytest.raises(Fachfehler) as fehler:
        _ergebnis(welt, termin, "nicht_erschienen")
    assert "schon ein Ergebnis festgehalten: erschienen" in fehler.value.message_dict["ergebnis"][0]


def test_vertretung_haelt_das_ergebnis_fest_fremde_nicht(welt, heute, termin):
    heute(D(2026, 12, 10))
    for user in (welt.fremde_ifk, welt.users[Rolle.TEAMLEITUNG], welt.team_fall.zustaendig):
        with pytest.raises(KeinZugriff):
            _ergebnis(welt, termin, "erschienen", acting_user=user)
    kollegin = welt.team_fall.zustaendig
    Vertretung.objects.create(
        jobcenter=welt.jc,
        abwesend=welt.users[Rolle.IFK],
        vertreter=kollegin,
        von=D(2026, 12, 1),
        bis=timezone.localdate() + datetime.timedelta(days=30),
        erfasst_von=welt.users[Rolle.IFK],
    )
    # A fresh object: the covered colleagues are cached per user object and day.
    kollegin = type(kollegin).objects.get(pk=kollegin.pk)
    einladung = _ergebnis(welt, termin, "erschienen", acting_user=kollegin)
    assert einladung.ergebnis == "erschienen"


# --- The hearing ---------------------------------------------------------------


def test_antwortfrist_ueber_weihnachten_und_neujahr(welt, heute, erstgespraech):
    """Posted Friday 18.12.2026, known on the fourth day (22.12., § 37 SGB X);
    ten working days of Baden-Württemberg: 24.12. and 31.12. count, 25./26.12.,
    1.1. and 6.1. (Heilige Drei Könige) do not."""
    einladung = _versaeumt(welt, heute, D(2026, 12, 16))
    heute(D(2026, 12, 18))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=einladung)
    assert (anhoerung.versandt_am, anhoerung.antwort_bis) == (D(2026, 12, 18), D(2027, 1, 8))
    (wv,) = _offen(Fristart.ANHOERUNG_FESTSTELLEN, anhoerung)
    assert wv.faellig_am == D(2027, 1, 8)
    assert not _offen(Fristart.ANHOERUNG_EINLEITEN, einladung)


def test_antwortfrist_mit_schliesstag_und_eigener_frist(welt, heute, erstgespraech):
    Schliesstag.objects.create(jobcenter=welt.jc, datum=D(2026, 12, 31), bezeichnung="Silvester")
    einladung = _versaeumt(welt, heute, D(2026, 12, 16))
    heute(D(2026, 12, 18))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=einladung)
    assert anhoerung.antwort_bis == D(2027, 1, 11)

    # A Jobcenter's own period replaces the Rechtsstand's default.
    welt.jc.anhoerung_frist_arbeitstage = 5
    welt.jc.save()
    zweite = _versaeumt(welt, heute, D(2027, 1, 13))
    heute(D(2027, 1, 13))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=zweite)
    # Known on Sunday 17.01.; five working days: 18.–22.01.
    assert anhoerung.antwort_bis == D(2027, 1, 22)


def test_anhoerung_nur_einmal_und_nur_nach_versaeumnis(welt, heute, termin):
    heute(D(2026, 12, 10))
    with pytest.raises(Fachfehler):
        anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=termin)
    _ergebnis(welt, termin, "nicht_erschienen")
    anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=termin)
    with pytest.raises(Fachfehler) as fehler:
        anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=termin)
    assert "schon eingeleitet" in fehler.value.messages[0]
    with pytest.raises(KeinZugriff):
        anhoerung_einleiten(acting_user=welt.fremde_ifk, einladung=termin)


def test_antwort_und_persoenliche_anhoerung_pruefen_ihre_felder(welt, heute, erstgespraech):
    einladung = _versaeumt(welt, heute, D(2026, 12, 16))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=einladung)
    ifk = welt.users[Rolle.IFK]
    with pytest.raises(Fachfehler) as fehler:
        anhoerung_antwort_festhalten(
            acting_user=ifk, anhoerung=anhoerung, antwort=" ", antwort_am=D(2026, 12, 16), version=1
        )
    assert "Antwort der Person" in fehler.value.message_dict["antwort"][0]
    with pytest.raises(Fachfehler) as fehler:
        anhoerung_antwort_festhalten(
            acting_user=ifk,
            anhoerung=anhoerung,
            antwort="Krank",
            antwort_am=D(2026, 12, 17),
            version=1,
        )
    assert "in der Zukunft" in fehler.value.message_dict["antwort_am"][0]
    with pytest.raises(Fachfehler) as fehler:
        anhoerung_antwort_festhalten(
            acting_user=ifk,
            anhoerung=anhoerung,
            antwort="Krank",
            antwort_am=D(2026, 12, 1),
            version=1,
        )
    assert "vor dem 16.12.2026" in fehler.value.message_dict["antwort_am"][0]
    with pytest.raises(Fachfehler) as fehler:
        persoenlich_angehoert(acting_user=ifk, anhoerung=anhoerung, am=None, vermerk="", version=1)
    assert set(fehler.value.message_dict) == {"vermerk"}
    with pytest.raises(Fachfehler) as fehler:
        persoenlich_angehoert(
            acting_user=ifk, anhoerung=anhoerung, am=None, vermerk="Gespräch", version=1
        )
    assert "Datum" in fehler.value.message_dict["am"][0]
    anhoerung = anhoerung_antwort_festhalten(
        acting_user=ifk, anhoerung=anhoerung, antwort="Krank", antwort_am=D(2026, 12, 16), version=1
    )
    with pytest.raises(Konflikt):
        persoenlich_angehoert(
            acting_user=ifk, anhoerung=anhoerung, am=D(2026, 12, 16), vermerk="x", version=1
        )
    anhoerung.refresh_from_db()
    assert (anhoerung.antwort, anhoerung.antwort_am, anhoerung.version) == (
        "Krank",
        D(2026, 12, 16),
        2,
    )


def test_ohne_wichtigen_grund_erst_nach_antwort_oder_frist(welt, heute, erstgespraech):
    einladung = _versaeumt(welt, heute, D(2026, 12, 16))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=einladung)
    with pytest.raises(Fachfehler) as fehler:
        _kein_grund(welt, anhoerung)
    # Posted on 16.12., known on Sunday 20.12., ten working days of Baden-Württemberg.
    assert "noch bis zum 05.01.2027 antworten" in fehler.value.message_dict["wichtiger_grund"][0]
    assert not Pflichtverletzung.objects.exists()
    with pytest.raises(Fachfehler) as fehler:
        anhoerung_feststellen(
            acting_user=welt.users[Rolle.IFK],
            anhoerung=anhoerung,
            wichtiger_grund=True,
            begruendung="",
            version=anhoerung.version,
        )
    assert "begründen" in fehler.value.message_dict["begruendung"][0]
    # After the deadline, without an answer.
    heute(D(2027, 1, 6))
    anhoerung = _kein_grund(welt, anhoerung)
    assert anhoerung.feststellung == Feststellung.KEIN_WICHTIGER_GRUND
    assert anhoerung.festgestellt_am == D(2027, 1, 6)
    assert not _offen(Fristart.ANHOERUNG_FESTSTELLEN, anhoerung)


def test_wichtiger_grund_zaehlt_nicht(welt, heute, erstgespraech):
    """A miss excused by a wichtiger Grund is no Pflichtverletzung and not
    counted: the next miss is the first."""
    erste = _versaeumt(welt, heute, D(2026, 8, 4))
    anhoerung = _angehoert(welt, heute, erste, antwort="Mein Kind war krank, Attest anbei.")
    anhoerung = anhoerung_feststellen(
        acting_user=welt.users[Rolle.IFK],
        anhoerung=anhoerung,
        wichtiger_grund=True,
        begruendung="Attest des Kinderarztes liegt vor.",
        version=anhoerung.version,
    )
    assert anhoerung.feststellung == Feststellung.WICHTIGER_GRUND
    assert anhoerung.pflichtverletzung is None
    assert not Leistungsmitteilung.objects.exists()
    assert not Pflichtverletzung.objects.exists()

    zweite = _versaeumt(welt, heute, D(2026, 9, 8))
    anhoerung = _kein_grund(welt, _angehoert(welt, heute, zweite))
    assert anhoerung.mitteilung.relevante_versaeumnisse == 1
    assert anhoerung.mitteilung.folge.startswith("1. Meldeversäumnis")
    assert "keine Minderung" in anhoerung.mitteilung.folge
    # The decision is final.
    with pytest.raises(Fachfehler):
        _kein_grund(welt, anhoerung)


def test_steigende_folge_2026_und_persoenliche_anhoerung_vor_der_haertesten(
    welt, heute, erstgespraech
):
    """Under the Neue Grundsicherung (reported): the first miss brings no
    reduction, the second 30 % for a month, the third all payments, and only
    after the person could be heard in person."""
    folgen = []
    for tag in (D(2026, 8, 4), D(2026, 9, 8)):
        anhoerung = _kein_grund(welt, _angehoert(welt, heute, _versaeumt(welt, heute, tag)))
        folgen.append(anhoerung.mitteilung)
    assert [m.relevante_versaeumnisse for m in folgen] == [1, 2]
    assert "keine Minderung" in folgen[0].folge
    assert "Minderung um 30 % des Regelbedarfs für 1 Monat" in folgen[1].folge
    assert all(m.rechtsstand == "grundsicherung-2026" and m.berichtet for m in folgen)

    dritte = _versaeumt(welt, heute, D(2026, 10, 6))
    anhoerung = _angehoert(welt, heute, dritte)
    assert anhoerung.form == "persoenlich_erforderlich"
    with pytest.raises(Fachfehler) as fehler:
        _kein_grund(welt, anhoerung)
    meldung = fehler.value.message_dict["persoenlich_am"][0]
    assert "Einstellung aller Zahlungen" in meldung
    assert "persönlich angehört" in meldung
    assert Pflichtverletzung.objects.count() == 2
    anhoerung = persoenlich_angehoert(
        acting_user=welt.users[Rolle.IFK],
        anhoerung=anhoerung,
        am=D(2026, 10, 6),
        vermerk="Persönlich gesprochen; kein Grund genannt.",
        version=anhoerung.version,
    )
    anhoerung = _kein_grund(welt, anhoerung)
    mitteilung = anhoerung.mitteilung
    assert mitteilung.relevante_versaeumnisse == 3
    assert (mitteilung.fenster_von, mitteilung.fenster_bis) == (D(2025, 10, 6), D(2026, 10, 6))
    assert "Einstellung aller Zahlungen, bis die Person mitwirkt" in mitteilung.folge
    assert "mitgezählt: 04.08.2026, 08.09.2026" in mitteilung.folge
    verstoss = anhoerung.pflichtverletzung
    assert (verstoss.art, verstoss.tat_am, verstoss.plan) == (
        "meldeversaeumnis",
        D(2026, 10, 6),
        None,
    )
    assert verstoss.leistungsberechtigter == welt.eigener_fall


def test_versaeumnisse_vor_dem_01_07_2026_nach_altem_recht(welt, heute, erstgespraech):
    """Misses before 1 July 2026 are judged by the Bürgergeld rules: 10 % for
    a month each time, no rising ladder, no personal hearing demanded. They
    still count for a miss under the new law."""
    mitteilungen = []
    for tag in (D(2026, 5, 5), D(2026, 6, 9)):
        anhoerung = _kein_grund(welt, _angehoert(welt, heute, _versaeumt(welt, heute, tag)))
        mitteilungen.append(anhoerung.mitteilung)
    assert [m.rechtsstand for m in mitteilungen] == ["buergergeld-2026", "buergergeld-2026"]
    assert [m.relevante_versaeumnisse for m in mitteilungen] == [1, 2]
    for m in mitteilungen:
        assert "Minderung um 10 % des Regelbedarfs für 1 Monat" in m.folge
        assert not m.berichtet
    assert "Anhörung soll persönlich sein" in mitteilungen[1].folge

    # Decided after 1 July, a miss of June is still judged by the old law.
    juni = _versaeumt(welt, heute, D(2026, 6, 23))
    heute(D(2026, 6, 23))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=juni)
    heute(D(2026, 7, 20))
    anhoerung = _kein_grund(welt, anhoerung)
    assert anhoerung.mitteilung.rechtsstand == "buergergeld-2026"
    assert "Minderung um 10 % des Regelbedarfs für 1 Monat" in anhoerung.mitteilung.folge

    # A miss under the new law counts the three earlier ones: the harshest step.
    august = _versaeumt(welt, heute, D(2026, 8, 4))
    anhoerung = _angehoert(welt, heute, august)
    with pytest.raises(Fachfehler) as fehler:
        _kein_grund(welt, anhoerung)
    assert "persoenlich_am" in fehler.value.message_dict


def test_mitteilung_an_das_postfach_der_leistungssachbearbeitung(welt, heute, erstgespraech):
    welt.jc.leistung_postfach = "leistung@jobcenter-rheinstadt.example"
    welt.jc.save()
    einladung = _versaeumt(welt, heute, D(2026, 9, 8))
    anhoerung = _kein_grund(welt, _angehoert(welt, heute, einladung))
    mitteilung = Leistungsmitteilung.objects.get()
    assert mitteilung.anhoerung == anhoerung
    assert mitteilung.empfaenger == "leistung@jobcenter-rheinstadt.example"
    nachricht = Nachricht.objects.get(art="leistung")
    assert mitteilung.nachricht == nachricht
    assert nachricht.adresse == "leistung@jobcenter-rheinstadt.example"
    assert nachricht.empfaenger is None
    assert welt.eigener_fall.kundennummer in nachricht.betreff
    text = nachricht.text
    for teil in (
        f"Kundennummer: {welt.eigener_fall.kundennummer}",
        "Versäumter Termin: 08.09.2026, 10:00 Uhr",
        "Anhörung: Brief vom 08.09.2026",
        "Antwort der Person: am 08.09.2026",
        "Begründung: Vergessen ist kein wichtiger Grund.",
        "(dieses mitgezählt): 1",
        "Folge nach dem Rechtsstand: 1. Meldeversäumnis",
        "Meldeversäumnis am 08.09.2026: nach dem Recht zur Zeit der Tat beurteilt",
        "Feststellbar bis: 08.03.2027",
        "berichtet, nicht am Gesetzestext geprüft",
        "Über die Minderung entscheidet die Leistungssachbearbeitung.",
    ):
        assert teil in text, teil
    # The mail names no person.
    assert welt.eigener_fall.nachname not in text
    assert welt.eigener_fall.vorname not in text
    # Immutable once made.
    mitteilung.folge = "anders"
    with pytest.raises(Exception, match="nicht geändert"):
        mitteilung.save()


def test_ohne_postfach_bleibt_die_mitteilung_in_der_anwendung(welt, heute, erstgespraech):
    einladung = _versaeumt(welt, heute, D(2026, 9, 8))
    _kein_grund(welt, _angehoert(welt, heute, einladung))
    mitteilung = Leistungsmitteilung.objects.get()
    assert (mitteilung.empfaenger, mitteilung.nachricht) == ("", None)
    assert not Nachricht.objects.filter(art="leistung").exists()


def test_mit_plan_werden_anhoerung_und_versaeumnis_rechtsakte(welt, heute, erstgespraech):
    plan = entwurf(welt, begonnen_am=D(2026, 7, 1)).plan
    heute(D(2026, 9, 1))
    einladung = _einladen(welt, termin=D(2026, 9, 8), plan=plan)
    heute(D(2026, 9, 8))
    _ergebnis(welt, einladung, "nicht_erschienen")
    anhoerung = _kein_grund(welt, _angehoert(welt, heute, einladung))
    assert anhoerung.pflichtverletzung.plan == plan
    assert [a.art for a in Rechtsakt.objects.filter(plan=plan)] == [
        "einladung",
        "anhoerung",
        "meldeversaeumnis",
    ]


def test_audit_der_anhoerung(welt, heute, erstgespraech):
    einladung = _versaeumt(welt, heute, D(2026, 9, 8))
    anhoerung = _kein_grund(welt, _angehoert(welt, heute, einladung))
    gruende = [
        e.additional_data.get("grund")
        for e in LogEntry.objects.get_for_object(anhoerung).order_by("pk")
    ]
    assert gruende == [
        "Anhörung zu einem versäumten Termin eingeleitet",
        "Antwort auf die Anhörung festgehalten",
        "Entscheidung nach der Anhörung",
    ]
    assert (
        LogEntry.objects.get_for_object(anhoerung.mitteilung).get().additional_data["jobcenter_id"]
        == welt.jc.pk
    )
    assert LogEntry.objects.get_for_object(anhoerung.pflichtverletzung).exists()


# --- Reads ----------------------------------------------------------------------


def test_wochenkalender_und_teamansicht(welt, heute, erstgespraech):
    heute(D(2026, 12, 7))
    kollegin = welt.team_fall.zustaendig
    eigene = [
        _einladen(welt, termin=D(2026, 12, 9)),
        _einladen(welt, termin=D(2026, 12, 8)),
    ]
    _einladen(welt, termin=D(2026, 12, 15))
    der_kollegin = _einladen(
        welt, termin=D(2026, 12, 8), person=welt.team_fall, acting_user=kollegin
    )
    woche = termine_der_woche(welt.users[Rolle.IFK], D(2026, 12, 10))
    assert woche == [eigene[1], eigene[0]]
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__grund="Wochenkalender: eigene Termine"
    ).exists()
    team = team_termine(welt.users[Rolle.TEAMLEITUNG], D(2026, 12, 7))
    assert set(team) == {*eigene, der_kollegin}
    with pytest.raises(KeinZugriff):
        team_termine(welt.users[Rolle.IFK], D(2026, 12, 7))
    assert termine_der_woche(welt.fremde_ifk, D(2026, 12, 7)) == []
    with pytest.raises(Einladung.DoesNotExist):
        einladungen_der_person(welt.fremde_ifk, welt.eigener_fall)
    assert len(einladungen_der_person(welt.users[Rolle.IFK], welt.eigener_fall)) == 4
    with pytest.raises(Einladung.DoesNotExist):
        einladungen_der_person(welt.users[Rolle.ADMINISTRATION], welt.eigener_fall)


def test_offene_anhoerungen(welt, heute, erstgespraech):
    einladung = _versaeumt(welt, heute, D(2026, 12, 16))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=einladung)
    assert offene_anhoerungen(welt.users[Rolle.IFK]) == [anhoerung]
    assert offene_anhoerungen(welt.users[Rolle.TEAMLEITUNG]) == [anhoerung]
    assert offene_anhoerungen(welt.fremde_ifk) == []
    # A colleague of the team reads the case but does not decide its hearing.
    assert offene_anhoerungen(welt.team_fall.zustaendig) == []
    assert offene_anhoerungen(welt.users[Rolle.TRAEGER]) == []
    assert offene_anhoerungen(welt.users[Rolle.ADMINISTRATION]) == []
    assert Anhoerung.objects.count() == 1


def test_person_loeschen_nimmt_termine_anhoerung_und_mitteilung_mit(welt, heute, erstgespraech):
    einladung = _versaeumt(welt, heute, D(2026, 9, 8))
    _kein_grund(welt, _angehoert(welt, heute, einladung))
    verlegt = _einladen(welt, termin=D(2026, 9, 15))
    _ergebnis(welt, verlegt, "verlegt", neuer_beginn=um(D(2026, 9, 17)))
    person_loeschen(person_id=welt.eigener_fall.pk)
    for model in (Einladung, Anhoerung, Leistungsmitteilung, Pflichtverletzung):
        assert not model.objects.exists(), model


def test_mitteilung_warnt_nach_ablauf_der_feststellungsfrist(welt, heute, erstgespraech):
    """§ 31b Abs. 1 Satz 3 SGB II: a reduction is determined within six months
    of the breach; a later finding says so to the benefits team."""
    welt.jc.leistung_postfach = "leistung@jobcenter-rheinstadt.example"
    welt.jc.save()
    einladung = _versaeumt(welt, heute, D(2026, 8, 4))
    anhoerung = anhoerung_einleiten(acting_user=welt.users[Rolle.IFK], einladung=einladung)
    heute(D(2027, 2, 10))
    _kein_grund(welt, anhoerung)
    assert "Frist zur Feststellung einer Minderung ist abgelaufen" in (
        Nachricht.objects.get(art="leistung").text
    )


@pytest.mark.parametrize(
    ("feld", "wert"),
    [
        ("anhoerung_frist_arbeitstage", 3),
        ("anhoerung_frist_arbeitstage", 31),
        ("leistung_postfach", "kein-postfach"),
    ],
)
def test_einstellungen_des_jobcenters_werden_geprueft(welt, feld, wert):
    setattr(welt.jc, feld, wert)
    with pytest.raises(ValidationError) as fehler:
        welt.jc.full_clean()
    assert set(fehler.value.message_dict) == {feld}
