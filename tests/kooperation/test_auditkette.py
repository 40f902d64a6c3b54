"""The audit trail is append-only and chained by hash: `manage.py
audit_pruefen` finds an edited entry, a deleted one or a gap; on PostgreSQL a
trigger refuses UPDATE and DELETE except for the documented retention path."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from kooperation.access import Rolle
from kooperation.auditkette import abgelaufene_loeschen, pruefen
from kooperation.models import AuditSiegel


def _eintraege(welt, anzahl=4):
    person = welt.eigener_fall
    from kooperation.audit import im_namen_von

    with im_namen_von(welt.users[Rolle.IFK], "Test"):
        for i in range(anzahl):
            person.telefon = f"0621 {i}"
            person.save()
    return LogEntry.objects.order_by("pk")


def _pruefen() -> tuple[int, str]:
    ausgabe, fehler = io.StringIO(), io.StringIO()
    try:
        call_command("audit_pruefen", stdout=ausgabe, stderr=fehler)
    except SystemExit as ende:
        return ende.code, ausgabe.getvalue() + fehler.getvalue()
    return 0, ausgabe.getvalue() + fehler.getvalue()


def _hinter_dem_ruecken(sql: str, params) -> None:
    """Change the table as someone with database access would, past the
    trigger (PostgreSQL: replication mode skips triggers)."""
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(sql, params)


def test_jeder_eintrag_wird_versiegelt_und_die_kette_ist_heil(welt):
    eintraege = _eintraege(welt)
    assert AuditSiegel.objects.count() == LogEntry.objects.count()
    befund = pruefen()
    assert befund.fehler == []
    assert befund.geprueft == LogEntry.objects.count() >= 4
    code, text = _pruefen()
    assert code == 0
    assert "in Ordnung" in text
    assert befund.letzter_hash in text
    assert eintraege.exists()


def test_veraenderter_eintrag_wird_erkannt(welt):
    eintrag = list(_eintraege(welt))[-2]
    _hinter_dem_ruecken(
        "UPDATE auditlog_logentry SET changes_text = %s WHERE id = %s", ["anders", eintrag.pk]
    )
    code, text = _pruefen()
    assert code == 1
    assert f"Eintrag {eintrag.pk}" in text
    assert "verändert" in text


def test_geloeschter_eintrag_wird_erkannt(welt):
    eintrag = list(_eintraege(welt))[-2]
    _hinter_dem_ruecken("DELETE FROM auditlog_logentry WHERE id = %s", [eintrag.pk])
    code, text = _pruefen()
    assert code == 1
    assert f"Eintrag {eintrag.pk}" in text
    assert "fehlt" in text


def test_luecke_in_der_kette_wird_erkannt(welt):
    eintrag = list(_eintraege(welt))[-2]
    _hinter_dem_ruecken("DELETE FROM auditlog_logentry WHERE id = %s", [eintrag.pk])
    _hinter_dem_ruecken("DELETE FROM kooperation_auditsiegel WHERE eintrag_id = %s", [eintrag.pk])
    code, text = _pruefen()
    assert code == 1
    assert "Lücke" in text


def test_eintrag_am_protokoll_vorbei_wird_erkannt(welt):
    _eintraege(welt, 1)
    eintrag = LogEntry.objects.latest("pk")
    _hinter_dem_ruecken("DELETE FROM kooperation_auditsiegel WHERE eintrag_id = %s", [eintrag.pk])
    code, text = _pruefen()
    assert code == 1
    assert "kein Siegel" in text


def test_aufbewahrung_loescht_dokumentiert_und_die_kette_bleibt_pruefbar(welt):
    _eintraege(welt, 5)
    vorher = LogEntry.objects.count()
    bis = AuditSiegel.objects.order_by("nummer")[2].nummer
    anzahl = abgelaufene_loeschen(bis_nummer=bis, grund="Aufbewahrungsfrist abgelaufen")
    assert anzahl == 3
    assert LogEntry.objects.count() == vorher - 3 + 1
    vermerk = LogEntry.objects.latest("pk")
    assert vermerk.additional_data["audit_geloescht_bis"] == bis
    assert vermerk.additional_data["grund"] == "Aufbewahrungsfrist abgelaufen"
    assert pruefen().fehler == []


def test_aufbewahrung_ohne_vermerk_faellt_auf(welt):
    _eintraege(welt, 3)
    erstes = AuditSiegel.objects.order_by("nummer").first()
    _hinter_dem_ruecken("DELETE FROM auditlog_logentry WHERE id = %s", [erstes.eintrag_id])
    _hinter_dem_ruecken("DELETE FROM kooperation_auditsiegel WHERE id = %s", [erstes.pk])
    assert any("Anfang fehlt" in f for f in pruefen().fehler)


@pytest.mark.postgres
class TestNurAnhaengen:
    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE auditlog_logentry SET changes_text = 'x' WHERE id = %s",
            "DELETE FROM auditlog_logentry WHERE id = %s",
            "UPDATE kooperation_auditsiegel SET hash = 'x' WHERE eintrag_id = %s",
            "DELETE FROM kooperation_auditsiegel WHERE eintrag_id = %s",
        ],
    )
    def test_aendern_und_loeschen_verweigert(self, welt, sql):
        eintrag = _eintraege(welt, 1).last()
        with pytest.raises(DatabaseError, match="unveränderlich"):
            with transaction.atomic(), connection.cursor() as cur:
                cur.execute(sql, [eintrag.pk])
        assert pruefen().fehler == []

    def test_orm_loeschen_verweigert(self, welt):
        _eintraege(welt, 1)
        with pytest.raises(DatabaseError), transaction.atomic():
            LogEntry.objects.all().delete()
        assert LogEntry.objects.exists()

    def test_schalter_gilt_nur_in_seiner_transaktion(self, welt):
        _eintraege(welt, 4)
        abgelaufene_loeschen(
            bis_nummer=AuditSiegel.objects.order_by("nummer").first().nummer, grund="Frist"
        )
        with pytest.raises(DatabaseError), transaction.atomic():
            LogEntry.objects.all().delete()
