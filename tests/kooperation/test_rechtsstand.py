"""The table ``Rechtsstand`` mirrors the entries of kooperation/rechtsstaende.py
for foreign keys and the admin; its admin page shows every value with its
source and marks reported values."""

import datetime

import pytest

from kooperation import recht, rechtsregeln, rechtsstaende
from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from kooperation.models import Rechtsstand
from kooperation.recht import spiegel
from plans.services.entwurf import kooperationsplan_anlegen

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tag", "schluessel"),
    [
        (D(2023, 7, 1), "buergergeld-2023"),
        (D(2024, 3, 27), "buergergeld-2023"),
        (D(2024, 3, 28), "buergergeld-2024"),
        (D(2024, 12, 31), "buergergeld-2024"),
        (D(2025, 1, 1), "buergergeld-2025"),
        (D(2026, 3, 28), "buergergeld-2026"),
        (D(2026, 6, 30), "buergergeld-2026"),
        (D(2026, 7, 1), "grundsicherung-2026"),
        (D(2030, 1, 1), "grundsicherung-2026"),
    ],
)
def test_tabelle_und_code_waehlen_denselben_rechtsstand(tag, schluessel):
    assert Rechtsstand.objects.am(tag).schluessel == schluessel
    assert recht.am(tag).schluessel == schluessel


@pytest.mark.django_db
def test_vor_dem_ersten_rechtsstand_gibt_es_keinen():
    with pytest.raises(Rechtsstand.DoesNotExist, match="30.06.2023"):
        Rechtsstand.objects.am(D(2023, 6, 30))


@pytest.mark.django_db
def test_jede_zeile_spiegelt_ihren_eintrag():
    assert list(Rechtsstand.objects.values_list("schluessel", flat=True)) == [
        r.schluessel for r in rechtsstaende.RECHTSSTAENDE
    ]
    alt = Rechtsstand.objects.get(schluessel="buergergeld-2023")
    neu = Rechtsstand.objects.get(schluessel="grundsicherung-2026")
    assert alt.regeln is rechtsstaende.BUERGERGELD_2023
    assert (alt.schlichtung_vorgesehen, alt.schlichtung_hoechstdauer_wochen) == (True, 4)
    assert not alt.verwaltungsakt_bei_nichteinigung
    assert alt.rechtsfolgenbelehrung == ""
    assert (neu.schlichtung_vorgesehen, neu.verwaltungsakt_bei_nichteinigung) == (False, True)
    # The notice a Bescheid carries, generated from the parameters.
    assert "Wir kürzen Ihr Grundsicherungsgeld 3 Monate lang um 30 Prozent" in (
        neu.rechtsfolgenbelehrung
    )
    assert neu.leistung == "Grundsicherungsgeld"
    assert neu.ueberpruefung_spaetestens_monate == 6
    assert neu.berichtet
    assert len(neu.parameter) == len(list(neu.regeln.parameter()))


@pytest.mark.django_db
def test_abgleich_aendert_statt_zu_verdoppeln(monkeypatch):
    korrigiert = rechtsstaende.GRUNDSICHERUNG_2026.ab(
        D(2026, 7, 2),
        schluessel="grundsicherung-2026",
        aenderung="korrigiert",
        leistung=rechtsregeln.Belegt("Grundsicherung", rechtsregeln.geprueft("verkündet")),
    )
    monkeypatch.setattr(
        rechtsstaende, "RECHTSSTAENDE", (*rechtsstaende.RECHTSSTAENDE[:-1], korrigiert)
    )
    spiegel.rechtsstaende_einrichten()
    spiegel.rechtsstaende_einrichten()
    zeile = Rechtsstand.objects.get(schluessel="grundsicherung-2026")
    assert Rechtsstand.objects.count() == len(rechtsstaende.RECHTSSTAENDE)
    assert (zeile.leistung, zeile.gueltig_ab) == ("Grundsicherung", D(2026, 7, 2))
    leistung = next(p for p in zeile.parameter if p["name"] == "leistung")
    assert (leistung["quelle"], leistung["berichtet"]) == ("verkündet", False)


def test_plan_verweist_heute_auf_den_rechtsstand_seines_beginns(welt):
    """Until the acts store their own Rechtsstand, a plan's foreign key names
    the one of its first day."""
    ifk = welt.users[Rolle.IFK]
    alt = kooperationsplan_anlegen(
        acting_user=ifk, leistungsberechtigter=welt.eigener_fall, begonnen_am=D(2026, 6, 30)
    )
    neu = kooperationsplan_anlegen(
        acting_user=ifk, leistungsberechtigter=welt.eigener_fall, begonnen_am=D(2026, 7, 1)
    )
    assert alt.rechtsstand.schluessel == "buergergeld-2026"
    assert neu.rechtsstand.regeln is rechtsstaende.GRUNDSICHERUNG_2026


def test_plan_vor_jedem_rechtsstand_wird_mit_feldfehler_abgelehnt(welt):
    with pytest.raises(Fachfehler) as fehler:
        kooperationsplan_anlegen(
            acting_user=welt.users[Rolle.IFK],
            leistungsberechtigter=welt.eigener_fall,
            begonnen_am=D(2022, 1, 3),
        )
    assert "begonnen_am" in fehler.value.message_dict


class TestAdmin:
    def test_zeigt_jeden_wert_mit_quelle_und_markiert_berichtete(self, client, welt):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        neu = Rechtsstand.objects.get(schluessel="grundsicherung-2026")
        inhalt = client.get(f"/admin/kooperation/rechtsstand/{neu.pk}/change/").content.decode()
        for _name, bezeichnung, _wert, quelle in neu.regeln.parameter():
            assert bezeichnung in inhalt
            assert quelle.text in inhalt
        assert "<strong>berichtet</strong>, nicht am Gesetzestext geprüft" in inhalt
        assert "Vorgabe dieser Software, keine Rechtsnorm" in inhalt
        # Values as they read: the ladder, the Schlichtung that is gone.
        assert "Minderung um 30 % des Regelbedarfs für 3 Monate" in inhalt
        assert "Grundsicherungsgeld" in inhalt
        # Nothing to save: the page is read-only.
        assert 'name="_save"' not in inhalt

    def test_geprueft_und_berichtet_unterscheiden_sich(self, client, welt):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        alt = Rechtsstand.objects.get(schluessel="buergergeld-2023")
        inhalt = client.get(f"/admin/kooperation/rechtsstand/{alt.pk}/change/").content.decode()
        # § 31a is checked, the Vermittlungsvorrang under the Bürgergeld is reported.
        assert inhalt.count("<strong>berichtet</strong>") == sum(
            q.berichtet for *_, q in alt.regeln.parameter()
        )
        assert "bisher unbeteiligten, nicht weisungsgebundenen Person" in inhalt
        liste = client.get("/admin/kooperation/rechtsstand/").content.decode()
        neu = rechtsstaende.GRUNDSICHERUNG_2026
        berichtete = sum(q.berichtet for *_, q in neu.parameter())
        assert f"{berichtete} von {len(list(neu.parameter()))}" in liste
        assert "Postrechtsmodernisierungsgesetz" in liste

    def test_nicht_fuer_fachkraefte(self, client, welt):
        client.force_login(welt.users[Rolle.IFK])
        antwort = client.get("/admin/kooperation/rechtsstand/")
        assert antwort.status_code == 302
