"""The kommunaler Träger's portal: only its requests, only the minimum data,
every view audited, and no way into the IFK's pages."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from kooperation.access import Rolle
from kooperation.audit import eintraege_zu
from plans.models import PlanEintrag, Planteil
from plans.services.abstimmung import abstimmung_anfragen
from tests.kooperation.factories import benutzer
from tests.partners.factories import AngebotFactory, KommunalerTraegerFactory
from tests.plans.factories import entwurf, in_abstimmung

TAG = datetime.date(2026, 10, 5)


def _suchtberatung(welt, **felder):
    return AngebotFactory(
        jobcenter=welt.jc,
        partner=None,
        traeger=welt.traeger,
        titel="Suchtberatung",
        leistung_16a="suchtberatung",
        plaetze=3,
        **felder,
    )


def _anfrage_zum_angebot(welt, angebot, angefragt_am=TAG):
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="Beratung bei der Suchtberatung",
        angebot=angebot,
        leistung_16a="suchtberatung",
    )
    return abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK], version=version, angefragt_am=angefragt_am
    )


@pytest.fixture
def anfrage(welt):
    return _anfrage_zum_angebot(welt, _suchtberatung(welt))


@pytest.mark.parametrize("rolle", list(Rolle))
def test_anfrageseite_nur_fuer_den_traeger(client, welt, anfrage, rolle):
    client.force_login(welt.users[rolle])
    erwartet = 200 if rolle == Rolle.TRAEGER else 403
    url = reverse("plans:traeger_anfrage", args=[anfrage.pk])
    assert client.get(url).status_code == erwartet
    assert client.post(
        reverse("plans:sammelzustimmung"), {"abstimmung": [anfrage.pk], "bestaetigt": "ja"}
    ).status_code in ((302,) if rolle == Rolle.TRAEGER else (403,))


def test_traeger_sieht_nur_das_noetigste_und_wird_protokolliert(client, welt, anfrage):
    traeger = welt.users[Rolle.TRAEGER]
    client.force_login(traeger)
    person = welt.eigener_fall
    for url in (reverse("plans:eingang"), reverse("plans:traeger_anfrage", args=[anfrage.pk])):
        inhalt = client.get(url).content.decode()
        assert person.pseudonym in inhalt
        assert person.nachname not in inhalt
        assert person.vorname not in inhalt
        assert person.kundennummer not in inhalt
        assert person.strasse not in inhalt if person.strasse else True
    eintrag = eintraege_zu(anfrage).filter(action=LogEntry.Action.ACCESS).get()
    assert eintrag.actor == traeger


def test_traeger_kommt_nicht_an_die_fallakte(client, welt, anfrage):
    client.force_login(welt.users[Rolle.TRAEGER])
    plan = anfrage.version.plan
    for url in (
        reverse("cases:fall", args=[welt.eigener_fall.pk]),
        reverse("cases:faelle"),
        reverse("plans:plan", args=[plan.pk]),
        reverse("plans:version", args=[anfrage.version.pk]),
        reverse("plans:bearbeiten", args=[anfrage.version.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_traeger_eines_anderen_jobcenters_sieht_die_anfrage_nicht(client, welt, anfrage):
    fremd = benutzer(Rolle.TRAEGER, welt.jc2, username="fremder_traeger")
    KommunalerTraegerFactory(jobcenter=welt.jc2).mitarbeitende.add(fremd)
    client.force_login(fremd)
    assert client.get(reverse("plans:traeger_anfrage", args=[anfrage.pk])).status_code == 404
    assert welt.eigener_fall.pseudonym not in client.get(reverse("plans:eingang")).content.decode()


def test_entscheidung_ueber_das_formular(client, welt, anfrage):
    client.force_login(welt.users[Rolle.TRAEGER])
    position = anfrage.positionen.get()
    url = reverse("plans:traeger_anfrage", args=[anfrage.pk])
    antwort = client.post(url, {"position": position.pk, f"p{position.pk}-status": "abgelehnt"})
    assert antwort.status_code == 400
    assert "Begründung" in antwort.content.decode()
    assert "Bitte begründen Sie die Ablehnung." in antwort.content.decode()
    antwort = client.post(url, {"position": position.pk, f"p{position.pk}-status": "zugestimmt"})
    assert antwort.status_code == 302
    anfrage.refresh_from_db()
    assert anfrage.status == "zugestimmt"


def test_sammelzustimmung_erst_nach_bestaetigung(client, welt, anfrage):
    client.force_login(welt.users[Rolle.TRAEGER])
    zweite = in_abstimmung(welt)
    auswahl = {"abstimmung": [anfrage.pk, zweite.pk]}
    vorschau = client.post(reverse("plans:sammelzustimmung"), auswahl)
    assert vorschau.status_code == 200
    text = vorschau.content.decode()
    assert "2 Anfragen zustimmen?" in text
    assert anfrage.version.plan.leistungsberechtigter.pseudonym in text
    anfrage.refresh_from_db()
    assert anfrage.status == "offen"  # nothing decided by the first click
    antwort = client.post(
        reverse("plans:sammelzustimmung"), {**auswahl, "bestaetigt": "ja"}, follow=True
    )
    assert "Sie haben 2 Anfragen zugestimmt." in antwort.content.decode()
    anfrage.refresh_from_db()
    assert anfrage.status == "zugestimmt"


def test_sammelzustimmung_einer_anfrage_spricht_in_der_einzahl(client, welt, anfrage):
    client.force_login(welt.users[Rolle.TRAEGER])
    antwort = client.post(
        reverse("plans:sammelzustimmung"),
        {"abstimmung": [anfrage.pk], "bestaetigt": "ja"},
        follow=True,
    )
    assert "Sie haben einer Anfrage zugestimmt." in antwort.content.decode()


def test_entschiedene_anfragen_als_verlauf(client, welt, anfrage):
    traeger = welt.users[Rolle.TRAEGER]
    client.force_login(traeger)
    offen = in_abstimmung(welt)
    client.post(reverse("plans:sammelzustimmung"), {"abstimmung": [anfrage.pk], "bestaetigt": "ja"})
    seite = client.get(reverse("plans:entschieden"))
    assert seite.status_code == 200
    gezeigt = list(seite.context["seite"].object_list)
    assert gezeigt == [anfrage]
    assert offen not in gezeigt
    assert anfrage.version.plan.leistungsberechtigter.pseudonym in seite.content.decode()
    # A list of pseudonymised cases is personal data: one entry names them.
    eintrag = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=traeger).latest("pk")
    assert eintrag.additional_data["grund"] == "Entschiedene Abstimmungen angesehen"
    assert eintrag.additional_data["personen"] == [anfrage.version.plan.leistungsberechtigter_id]


def test_ifk_sieht_die_restkapazitaet_beim_planen(client, welt, anfrage):
    client.force_login(welt.users[Rolle.IFK])
    neu = entwurf(welt)
    inhalt = client.get(reverse("plans:bearbeiten", args=[neu.pk])).content.decode()
    assert "Suchtberatung (§ 16a) – noch 3 von 3 Plätzen je Quartal" in inhalt


def test_statistik_je_angebot_fuer_die_geschaeftsfuehrung(client, welt, anfrage):
    from plans.services.abstimmung import abstimmung_entscheiden

    abstimmung_entscheiden(
        acting_user=welt.users[Rolle.TRAEGER], abstimmung=anfrage, status="zugestimmt"
    )
    for rolle in Rolle:
        client.force_login(welt.users[rolle])
        antwort = client.get(reverse("plans:abstimmung_statistik"))
        if rolle in (Rolle.GESCHAEFTSFUEHRUNG, Rolle.TEAMLEITUNG):
            assert antwort.status_code == 200
            zeile = antwort.context["zeilen"][0]
            # One request: fewer than five people, shown as the mark.
            assert [str(zeile[k]) for k in ("anfragen", "zugestimmt", "abgelehnt")] == [
                "< 5",
                "< 5",
                "0",
            ]
            assert zeile["dauer_mittel_tage"] is not None
            assert welt.eigener_fall.nachname not in antwort.content.decode()
        else:
            assert antwort.status_code == 403


@pytest.mark.parametrize("rolle", list(Rolle))
def test_kontingente_nur_fuer_den_traeger(client, welt, rolle):
    client.force_login(welt.users[rolle])
    erwartet = 200 if rolle == Rolle.TRAEGER else 403
    assert client.get(reverse("plans:kontingente")).status_code == erwartet


def test_traeger_erteilt_kontingent_und_es_wirkt(client, welt, anfrage):
    from partners.models import Rahmenabstimmung

    angebot = anfrage.positionen.get().eintrag.angebot
    client.force_login(welt.users[Rolle.TRAEGER])
    zu_viel = client.post(
        reverse("plans:kontingente"), {"angebot": angebot.pk, "tag": "2026-11-02", "kontingent": 99}
    )
    assert zu_viel.status_code == 400
    assert "Das Angebot hat nur 3 Plätze je Zeitraum." in zu_viel.content.decode()
    antwort = client.post(
        reverse("plans:kontingente"), {"angebot": angebot.pk, "tag": "2026-11-02", "kontingent": 2}
    )
    assert antwort.status_code == 302
    rahmen = Rahmenabstimmung.objects.get()
    assert (rahmen.beginn, rahmen.ende, rahmen.kontingent) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
        2,
    )
    # The next request for this Angebot in Q4 is approved at once.
    version = entwurf(welt)
    PlanEintrag.objects.create(
        version=version,
        teil=Planteil.UNTERSTUETZUNG,
        text="x",
        angebot=angebot,
        leistung_16a="suchtberatung",
    )
    sofort = abstimmung_anfragen(
        acting_user=welt.users[Rolle.IFK], version=version, angefragt_am=TAG
    )
    assert sofort.status == "zugestimmt"
    assert sofort.im_kontingent


def test_kontingente_sieht_und_vergibt_nur_der_eigene_traeger(client, welt):
    """The contingent is the Träger's decision (Rz. 16): the page, the service
    and the policy give the same answer; another Träger's staff, the
    Administration and the IFK change nothing."""
    from kooperation import access
    from kooperation.errors import KeinZugriff
    from partners.access import angebote_fuer_rahmenabstimmungen, darf_rahmenabstimmung_erteilen
    from partners.services import rahmenabstimmung_erteilen

    eigenes = AngebotFactory(
        jobcenter=welt.jc, partner=None, traeger=welt.traeger, leistung_16a="suchtberatung"
    )
    anderer_traeger = KommunalerTraegerFactory(jobcenter=welt.jc, name="Landkreis Nebenan")
    fremdes = AngebotFactory(
        jobcenter=welt.jc, partner=None, traeger=anderer_traeger, leistung_16a="schuldnerberatung"
    )
    kollegin = benutzer(Rolle.TRAEGER, welt.jc, username="traeger_nebenan")
    anderer_traeger.mitarbeitende.add(kollegin)
    traeger = welt.users[Rolle.TRAEGER]
    fremder_rahmen = rahmenabstimmung_erteilen(
        acting_user=kollegin, angebot=fremdes, tag=TAG, kontingent=1
    )

    assert set(angebote_fuer_rahmenabstimmungen(traeger)) == {eigenes}
    client.force_login(traeger)
    seite = client.get(reverse("plans:kontingente"))
    assert set(seite.context["form"].fields["angebot"].queryset) == {eigenes}
    assert fremder_rahmen not in seite.context["kontingente"]
    antwort = client.post(
        reverse("plans:kontingente"), {"angebot": fremdes.pk, "tag": "2026-10-05", "kontingent": 1}
    )
    assert antwort.status_code == 400  # not a choice for this Träger
    with pytest.raises(KeinZugriff):
        rahmenabstimmung_erteilen(acting_user=traeger, angebot=fremdes, tag=TAG, kontingent=2)
    for user in (traeger, welt.users[Rolle.ADMINISTRATION], welt.users[Rolle.IFK]):
        assert not access.darf_bearbeiten(user, fremder_rahmen)
        assert not darf_rahmenabstimmung_erteilen(user, fremdes)
    assert access.darf_bearbeiten(kollegin, fremder_rahmen)
    assert darf_rahmenabstimmung_erteilen(traeger, eigenes)


@pytest.mark.parametrize(
    ("tag", "meldung"),
    [
        ("1900-01-01", "Bitte geben Sie ein Datum zwischen dem 01.01.2005"),
        ("2025-02-10", "Dieser Zeitraum (01.01.2025 bis 31.03.2025) ist schon vorbei."),
        ("2029-06-01", "Kontingente lassen sich höchstens 2 Jahre im Voraus erteilen."),
    ],
)
def test_kontingent_nur_fuer_laufende_oder_kommende_zeitraeume(client, welt, tag, meldung):
    from partners.models import Rahmenabstimmung

    angebot = _suchtberatung(welt, zeitraum="quartal")
    client.force_login(welt.users[Rolle.TRAEGER])
    antwort = client.post(
        reverse("plans:kontingente"), {"angebot": angebot.pk, "tag": tag, "kontingent": 2}
    )
    assert antwort.status_code == 400
    assert meldung in antwort.content.decode()
    assert antwort.context["form"].errors["tag"]
    assert not Rahmenabstimmung.objects.exists()


def test_kontingentformular_fordert_zur_wahl_auf(client, welt):
    _suchtberatung(welt)
    client.force_login(welt.users[Rolle.TRAEGER])
    text = client.get(reverse("plans:kontingente")).content.decode()
    assert "Bitte wählen Sie ein Angebot" in text
    assert "---------" not in text


def test_kontingent_zurueckziehen(client, welt):
    from partners.services import rahmenabstimmung_erteilen

    angebot = _suchtberatung(welt, zeitraum="quartal")
    traeger = welt.users[Rolle.TRAEGER]
    heute = timezone.localdate()
    rahmen = rahmenabstimmung_erteilen(
        acting_user=traeger, angebot=angebot, tag=heute, kontingent=3
    )

    def planen():
        return _anfrage_zum_angebot(welt, angebot, angefragt_am=heute)

    im_kontingent = planen()
    assert im_kontingent.im_kontingent

    client.force_login(traeger)
    url = reverse("plans:kontingent_zurueckziehen", args=[rahmen.pk])
    bestaetigung = client.get(url)
    assert bestaetigung.status_code == 200
    assert "Der eine Fall, der schon im Kontingent ist, bleibt zugestimmt." in (
        bestaetigung.content.decode()
    )
    rahmen.refresh_from_db()
    assert rahmen.kontingent == 3  # asking changes nothing
    antwort = client.post(url, follow=True)
    assert "Das Kontingent ist zurückgezogen." in antwort.content.decode()
    rahmen.refresh_from_db()
    assert (rahmen.kontingent, rahmen.genutzt, rahmen.zurueckgezogen_am) == (1, 1, heute)
    assert "zurückgezogen am" in antwort.content.decode()
    im_kontingent.refresh_from_db()
    assert im_kontingent.status == "zugestimmt"  # given approval stays
    # The next case goes to the Träger as a single request again.
    danach = planen()
    assert danach.status == "offen"
    assert not danach.im_kontingent
    # Twice is refused with a message, not an error page.
    nochmal = client.post(url, follow=True)
    assert "Dieses Kontingent ist schon zurückgezogen." in nochmal.content.decode()
    # Granted anew, it is open again.
    rahmenabstimmung_erteilen(acting_user=traeger, angebot=angebot, tag=heute, kontingent=3)
    rahmen.refresh_from_db()
    assert rahmen.zurueckgezogen_am is None
    assert rahmen.frei == 2


def test_fremdes_kontingent_laesst_sich_nicht_zurueckziehen(client, welt):
    from partners.services import rahmenabstimmung_erteilen

    anderer_traeger = KommunalerTraegerFactory(jobcenter=welt.jc, name="Landkreis Nebenan")
    kollegin = benutzer(Rolle.TRAEGER, welt.jc, username="traeger_nebenan")
    anderer_traeger.mitarbeitende.add(kollegin)
    fremdes = AngebotFactory(
        jobcenter=welt.jc, partner=None, traeger=anderer_traeger, leistung_16a="schuldnerberatung"
    )
    rahmen = rahmenabstimmung_erteilen(
        acting_user=kollegin, angebot=fremdes, tag=timezone.localdate(), kontingent=1
    )
    client.force_login(welt.users[Rolle.TRAEGER])
    url = reverse("plans:kontingent_zurueckziehen", args=[rahmen.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    rahmen.refresh_from_db()
    assert rahmen.zurueckgezogen_am is None
