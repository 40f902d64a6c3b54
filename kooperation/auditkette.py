"""The audit trail cannot be changed unseen.

Each audit entry (auditlog's ``LogEntry``) gets a seal (``AuditSiegel``) in
the transaction that writes it: its position in the chain, the previous
seal's hash and the SHA-256 over that hash, the position and the entry's
content as stored. Editing an entry changes its hash; deleting one leaves
its seal without an entry, or a gap in the numbers; both break the chain
where ``manage.py audit_pruefen`` (``pruefen``) looks. The newest hash,
noted outside the database from time to time, anchors the whole chain.

On PostgreSQL a trigger refuses UPDATE and DELETE on both tables
(migration ``0005``). The one way to delete entries is
``abgelaufene_loeschen``, for the retention job: it sets the transaction-local
``kooperation.audit_loeschen`` that the trigger lets through, deletes the
oldest entries up to a position and writes an entry saying so (how many,
up to which position, the last hash), which the chain then carries on from.

An entry about a person whose data has been deleted must not keep copies of
that data. So a seal chains over the entry's frame (who, when, which object,
which action) and the SHA-256 of its content (what was read or changed:
``INHALT``), stored in the seal as ``inhalt``. ``schwaerzen`` replaces the
content of such entries by a mark (the one UPDATE the trigger lets through,
under ``kooperation.audit_schwaerzen``) and writes an entry naming them; the
check then verifies the chain and the frame of a blacked-out entry, and that
it was blacked out on record, but can no longer verify its content. A
list-read entry names the people shown by id; when one of them is deleted,
``schwaerzen`` takes just her id out of it (the others stay named). Seals
made before this split (``inhalt`` empty) hash the whole entry, as before.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .audit import im_namen_von
from .models import AuditSiegel

ANFANG = "0" * 64
# pg_advisory_xact_lock key: the chain is extended by one transaction at a time.
_SPERRE = 7_140_015
_LOESCHEN = "kooperation.audit_loeschen"
_SCHWAERZEN = "kooperation.audit_schwaerzen"
# What an entry says about the person (the rest is its frame).
INHALT = ("object_repr", "serialized_data", "changes_text", "changes", "additional_data")
GESCHWAERZT = "geschwaerzt"


def _felder() -> list[str]:
    return [f.attname for f in LogEntry._meta.concrete_fields]


def _hash(vorgaenger: str, nummer: int, werte: dict) -> str:
    inhalt = json.dumps(
        werte, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(f"{vorgaenger}\n{nummer}\n{inhalt}".encode()).hexdigest()


def _inhalt_hash(werte: dict) -> str:
    inhalt = {k: werte[k] for k in INHALT}
    text = json.dumps(
        inhalt, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _hash_getrennt(vorgaenger: str, nummer: int, werte: dict, inhalt: str) -> str:
    """The link's hash over the frame and the content's hash."""
    rahmen = {k: v for k, v in werte.items() if k not in INHALT}
    return _hash(vorgaenger, nummer, {**rahmen, "inhalt": inhalt})


def _siegel_hash(siegel, werte: dict) -> str:
    if not siegel.inhalt:
        return _hash(siegel.vorgaenger, siegel.nummer, werte)
    return _hash_getrennt(siegel.vorgaenger, siegel.nummer, werte, siegel.inhalt)


def _geschwaerzt(werte: dict) -> bool:
    daten = werte.get("additional_data")
    return isinstance(daten, dict) and daten.get(GESCHWAERZT) is True


def _sperren() -> None:
    """Serialise extensions of the chain (SQLite's IMMEDIATE transactions are
    serialised already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_SPERRE])


def _letztes():
    return AuditSiegel.objects.order_by("-nummer").only("nummer", "hash").first()


@receiver(post_save, sender=LogEntry, dispatch_uid="kooperation_audit_siegeln")
def siegeln(sender, instance, created, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    with transaction.atomic(savepoint=False):
        _sperren()
        letztes = _letztes()
        nummer, vorgaenger = (letztes.nummer + 1, letztes.hash) if letztes else (1, ANFANG)
        # The content as stored (read back), so the check compares like with like.
        werte = LogEntry.objects.filter(pk=instance.pk).values(*_felder()).get()
        inhalt = _inhalt_hash(werte)
        AuditSiegel.objects.create(
            nummer=nummer,
            eintrag_id=instance.pk,
            vorgaenger=vorgaenger,
            inhalt=inhalt,
            hash=_hash_getrennt(vorgaenger, nummer, werte, inhalt),
        )


@dataclass
class Befund:
    geprueft: int
    fehler: list[str]
    letzter_hash: str
    geschwaerzt: int = 0


def pruefen(block: int = 2000) -> Befund:
    """Walk the chain from its start: every position present once, every
    link naming its predecessor's hash, every entry present and unchanged,
    and no entry without a seal."""
    fehler: list[str] = []
    vorher = None
    geprueft = geschwaerzt = 0
    felder = _felder()
    belegt = _geschwaerzt_belegt()
    siegel_qs = AuditSiegel.objects.order_by("nummer")
    ab = 0
    while True:
        siegel = list(siegel_qs.filter(nummer__gt=ab)[:block])
        if not siegel:
            break
        eintraege = {
            w["id"]: w
            for w in LogEntry.objects.filter(pk__in=[s.eintrag_id for s in siegel]).values(*felder)
        }
        for s in siegel:
            if vorher is None:
                fehler += _anfang_pruefen(s)
            else:
                if s.nummer != vorher.nummer + 1:
                    fehler.append(
                        f"Lücke: Siegel Nr. {vorher.nummer + 1} bis {s.nummer - 1} fehlen."
                    )
                if s.vorgaenger != vorher.hash:
                    fehler.append(f"Kette gebrochen bei Nr. {s.nummer}: Vorgänger passt nicht.")
            werte = eintraege.get(s.eintrag_id)
            if werte is None:
                fehler.append(f"Eintrag {s.eintrag_id} (Nr. {s.nummer}) fehlt: gelöscht.")
            elif _siegel_hash(s, werte) != s.hash:
                fehler.append(f"Eintrag {s.eintrag_id} (Nr. {s.nummer}) wurde verändert.")
            elif s.inhalt and _inhalt_hash(werte) != s.inhalt:
                if _geschwaerzt(werte) and s.eintrag_id in belegt:
                    geschwaerzt += 1
                else:
                    fehler.append(f"Eintrag {s.eintrag_id} (Nr. {s.nummer}) wurde verändert.")
            vorher = s
            geprueft += 1
        ab = siegel[-1].nummer
    ohne = LogEntry.objects.exclude(pk__in=AuditSiegel.objects.values("eintrag_id")).values_list(
        "pk", flat=True
    )
    for pk in ohne[:100]:
        fehler.append(f"Eintrag {pk} hat kein Siegel: am Protokoll vorbei geschrieben.")
    return Befund(
        geprueft=geprueft,
        fehler=fehler,
        letzter_hash=vorher.hash if vorher else ANFANG,
        geschwaerzt=geschwaerzt,
    )


def _geschwaerzt_belegt() -> set[int]:
    """The entries that blacking-out entries name (those are in the chain
    themselves, so the record cannot be added unseen)."""
    belegt: set[int] = set()
    for liste in LogEntry.objects.filter(
        additional_data__has_key="geschwaerzte_eintraege"
    ).values_list("additional_data__geschwaerzte_eintraege", flat=True):
        belegt.update(int(i) for i in liste or [])
    return belegt


def _anfang_pruefen(erstes) -> list[str]:
    """The chain starts at 1, or where the retention job documented that it
    deleted everything before (with the hash it ended on)."""
    if erstes.nummer == 1:
        return [] if erstes.vorgaenger == ANFANG else ["Nr. 1 hat einen Vorgänger."]
    beleg = LogEntry.objects.filter(
        additional_data__audit_geloescht_bis=erstes.nummer - 1,
        additional_data__audit_letzter_hash=erstes.vorgaenger,
    )
    if beleg.exists():
        return []
    return [f"Anfang fehlt: Nr. 1 bis {erstes.nummer - 1} ohne Löschvermerk gelöscht."]


def abgelaufene_loeschen(*, bis_nummer: int, grund: str, acting_user=None) -> int:
    """Delete the audit entries up to chain position ``bis_nummer`` (for the
    retention job: entries past their retention period). The newest entry is
    always kept, so the chain goes on; an entry records what was deleted,
    by whom and why, and the hash the deleted part ended on. Returns the
    number of entries deleted."""
    with transaction.atomic():
        _sperren()
        letztes = _letztes()
        if letztes is None:
            return 0
        bis_nummer = min(bis_nummer, letztes.nummer - 1)
        weg = AuditSiegel.objects.filter(nummer__lte=bis_nummer)
        ende = weg.order_by("-nummer").first()
        if ende is None:
            return 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT set_config(%s, 'an', true)", [_LOESCHEN])
        anzahl, _ = LogEntry.objects.filter(pk__in=weg.values("eintrag_id")).delete()
        weg.delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT set_config(%s, '', true)", [_LOESCHEN])
        with im_namen_von(acting_user, grund):
            LogEntry.objects.log_create(
                ende,
                force_log=True,
                action=LogEntry.Action.DELETE,
                changes={"eintraege": [anzahl, 0]},
                additional_data={
                    "grund": grund,
                    "audit_geloescht_bis": ende.nummer,
                    "audit_letzter_hash": ende.hash,
                    "anzahl": anzahl,
                },
            )
    return anzahl


def _setzen(name: str, wert: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT set_config(%s, %s, true)", [name, wert])


def listen_mit_person(person_id: int, *, jobcenter_id: int | None = None) -> list[int]:
    """The list-read entries (``kooperation.audit.listenzugriff``) that name
    the person among the people shown."""
    listen = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__has_key="personen"
    )
    if jobcenter_id is not None:
        listen = listen.filter(additional_data__jobcenter_id=jobcenter_id)
    if connection.vendor == "postgresql":
        return list(
            listen.filter(additional_data__personen__contains=[person_id]).values_list(
                "pk", flat=True
            )
        )
    # SQLite has no JSON containment lookup: read the lists in blocks.
    return [
        pk
        for pk, daten in listen.values_list("pk", "additional_data").iterator(chunk_size=2000)
        if person_id in (daten or {}).get("personen", ())
    ]


def schwaerzen(
    *,
    eintrag_ids: list[int],
    grund: str,
    acting_user=None,
    person_id: int | None = None,
    listen_ids: list[int] = (),
) -> int:
    """Replace the content of the given entries (what they said about a
    person whose data was deleted under the retention rules, Art. 17 DSGVO)
    by a mark; their frame (who, when, which object, which action) stays
    and is still verified by the chain. In the list-read entries
    ``listen_ids`` only ``person_id`` is taken out of the people shown (the
    others stay named, the entry is marked as blacked out). One entry
    records which entries were blacked out and why. Returns how many."""
    ids = sorted(set(eintrag_ids))
    listen = sorted(set(listen_ids) - set(ids)) if person_id is not None else []
    alle = sorted({*ids, *listen})
    if not alle:
        return 0
    with transaction.atomic():
        _setzen(_SCHWAERZEN, "an")
        anzahl = 0
        for eintrag in LogEntry.objects.filter(pk__in=ids).select_for_update():
            jobcenter_id = (eintrag.additional_data or {}).get("jobcenter_id")
            LogEntry.objects.filter(pk=eintrag.pk).update(
                object_repr="(geschwärzt)",
                serialized_data=None,
                changes_text="",
                changes=None,
                additional_data={GESCHWAERZT: True, "jobcenter_id": jobcenter_id},
            )
            anzahl += 1
        for eintrag in LogEntry.objects.filter(pk__in=listen).select_for_update():
            daten = dict(eintrag.additional_data or {})
            personen = [p for p in daten.get("personen", ()) if p != person_id]
            entfernt = len(daten.get("personen", ())) - len(personen)
            daten.update(
                personen=personen,
                personen_entfernt=daten.get("personen_entfernt", 0) + entfernt,
                **{GESCHWAERZT: True},
            )
            LogEntry.objects.filter(pk=eintrag.pk).update(additional_data=daten)
            anzahl += 1
        _setzen(_SCHWAERZEN, "")
        with im_namen_von(acting_user, grund):
            LogEntry.objects.log_create(
                AuditSiegel.objects.get(eintrag_id=alle[-1]),
                force_log=True,
                action=LogEntry.Action.UPDATE,
                changes={"geschwaerzt": [0, anzahl]},
                additional_data={
                    "grund": grund,
                    "geschwaerzte_eintraege": alle,
                    "anzahl": anzahl,
                },
            )
    return anzahl
