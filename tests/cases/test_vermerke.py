"""Vermerke: dated notes of contacts, append-only (corrections are new notes),
read by the case workers only, audited, with date and length limits."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Vermerk
from cases.services import vermerk_schreiben
from kooperation.access import Rolle
from kooperation.errors import Fachfehler, KeinZugriff

TAG = datetime.timedelta(days=1)


def schreiben(welt, **kwargs):
    daten = {
        "acting_user": welt.users[Rolle.IFK],
        "leistungsberechtigter": welt.eigener_fall,
        "art": "telefonat",
        "am": timezone.localdate(),
        "text": "Rückruf wegen Kinderbetreuung: Kita-Platz ab März.",
    }
    daten.update(kwargs)
    return vermerk_schreiben(**daten)


def test_ifk_schreibt_vermerk_im_browser(client, welt):
    person = welt.eigener_fall
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        f"/faelle/{person.pk}/vermerke/neu/",
        {"art": "gespraech", "am": timezone.localdate().isoformat(), "text": "Erstgespräch."},
    )
    assert antwort.status_code == 302
    vermerk = Vermerk.objects.get()
    assert (vermerk.art, vermerk.verfasst_von) == ("gespraech", welt.users[Rolle.IFK])
    eintrag = LogEntry.objects.get_for_object(vermerk).get()
    assert eintrag.additional_data["grund"] == "Vermerk geschrieben"
    seite = client.get(f"/faelle/{person.pk}/").content.decode()
    assert "Erstgespräch." in seite
    assert LogEntry.objects.filter(
        object_pk=str(person.pk),
        action=LogEntry.Action.ACCESS,
        additional_data__grund="Vermerke angesehen (1)",
    ).exists()


@pytest.mark.parametrize(
    ("daten", "feld", "meldung"),
    [
        ({"am": "MORGEN"}, "am", "Bitte geben Sie ein Datum zwischen"),
        ({"am": "VORJAHR"}, "am", "Bitte geben Sie ein Datum zwischen"),
        ({"am": ""}, "am", "Bitte ein Datum angeben."),
        ({"text": ""}, "text", "Bitte den Vermerk schreiben."),
        ({"text": "x" * 2001}, "text", "Höchstens 2000 Zeichen"),
        ({"art": "fax"}, "art", "gültige Auswahl"),
    ],
)
def test_eingaben_werden_geprueft(client, welt, daten, feld, meldung):
    heute = timezone.localdate()
    ersatz = {"MORGEN": (heute + TAG).isoformat(), "VORJAHR": (heute - 400 * TAG).isoformat()}
    post = {"art": "gespraech", "am": heute.isoformat(), "text": "Notiz"}
    post.update({k: ersatz.get(v, v) for k, v in daten.items()})
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(f"/faelle/{welt.eigener_fall.pk}/vermerke/neu/", post)
    assert antwort.status_code == 400
    assert any(meldung in e for e in antwort.context["form"].errors[feld])
    assert not Vermerk.objects.exists()


def test_dienst_prueft_datum_und_laenge_auch_ohne_formular(welt):
    with pytest.raises(Fachfehler) as fehler:
        schreiben(welt, am=timezone.localdate() + TAG, text="x" * 2001)
    assert set(fehler.value.message_dict) == {"am", "text"}


def test_nur_anfuegen_berichtigung_ist_ein_neuer_vermerk(client, welt):
    alt = schreiben(welt)
    alt.text = "geändert"
    with pytest.raises(ValidationError):
        alt.save()
    with pytest.raises(ValidationError):
        alt.delete()
    client.force_login(welt.users[Rolle.IFK])
    antwort = client.post(
        f"/faelle/{welt.eigener_fall.pk}/vermerke/neu/?berichtigt={alt.pk}",
        {
            "art": "telefonat",
            "am": timezone.localdate().isoformat(),
            "text": "Berichtigung: Kita-Platz ab April.",
            "berichtigt": alt.pk,
        },
    )
    assert antwort.status_code == 302
    neu = Vermerk.objects.exclude(pk=alt.pk).get()
    assert neu.berichtigt == alt
    alt.refresh_from_db()
    assert alt.text.startswith("Rückruf")
    seite = client.get(f"/faelle/{welt.eigener_fall.pk}/").content.decode()
    assert "berichtigt den" in seite


def test_berichtigung_nur_fuer_vermerke_derselben_person(welt):
    fremd = schreiben(welt)
    from tests.cases.factories import LeistungsberechtigterFactory

    andere = LeistungsberechtigterFactory(team=welt.team, zustaendig=welt.users[Rolle.IFK])
    with pytest.raises(Fachfehler):
        schreiben(welt, leistungsberechtigter=andere, berichtigt=fremd)


@pytest.mark.parametrize(
    ("rolle", "sieht"),
    [
        (Rolle.IFK, True),
        (Rolle.TEAMLEITUNG, True),
        (Rolle.TRAEGER, False),
        (Rolle.GESCHAEFTSFUEHRUNG, False),
        (Rolle.ADMINISTRATION, False),
        (Rolle.API_CLIENT, False),
    ],
)
def test_wer_vermerke_liest(welt, rolle, sieht):
    from cases.selectors import vermerke_fuer

    schreiben(welt)
    gesehen = vermerke_fuer(user=welt.users[rolle], leistungsberechtigter=welt.eigener_fall)
    assert gesehen.exists() == sieht


def test_kollegin_im_team_liest_aber_schreibt_nicht(client, welt):
    vermerk = vermerk_schreiben(
        acting_user=welt.team_fall.zustaendig,
        leistungsberechtigter=welt.team_fall,
        art="email",
        am=timezone.localdate(),
        text="Mail der Kollegin",
    )
    client.force_login(welt.users[Rolle.IFK])
    assert "Mail der Kollegin" in client.get(f"/faelle/{welt.team_fall.pk}/").content.decode()
    assert client.get(f"/faelle/{welt.team_fall.pk}/vermerke/neu/").status_code == 403
    with pytest.raises(KeinZugriff):
        schreiben(welt, leistungsberechtigter=welt.team_fall)
    client.force_login(welt.fremde_ifk)
    assert client.get(f"/faelle/{welt.team_fall.pk}/").status_code == 404
    assert Vermerk.objects.get() == vermerk


@pytest.mark.parametrize(
    "rolle", [Rolle.TEAMLEITUNG, Rolle.TRAEGER, Rolle.GESCHAEFTSFUEHRUNG, Rolle.API_CLIENT]
)
def test_andere_rollen_schreiben_keine_vermerke(client, welt, rolle):
    client.force_login(welt.users[rolle])
    antwort = client.post(
        f"/faelle/{welt.eigener_fall.pk}/vermerke/neu/",
        {"art": "gespraech", "am": timezone.localdate().isoformat(), "text": "x"},
    )
    assert antwort.status_code in (403, 404)
    assert not Vermerk.objects.exists()


def test_loeschen_der_person_nimmt_vermerke_und_berichtigungen_mit(welt):
    alt = schreiben(welt)
    schreiben(welt, berichtigt=alt, text="Berichtigung")
    welt.eigener_fall.delete()
    assert not Vermerk.objects.exists()
