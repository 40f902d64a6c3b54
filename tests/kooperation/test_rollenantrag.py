"""Roles that read personal data are granted with a second person's approval:
one person of the Jobcenter's Administration (or an operator) requests, a
different person of that Administration approves; never for oneself."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group

from kooperation.access import Rolle, rolle_von, rollen_gruppenname
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.konten import rollenantrag_entscheiden, rollenantrag_stellen
from kooperation.models import Rollenantrag, User
from tests.kooperation.factories import benutzer


@pytest.fixture
def zweite_verwaltung(welt):
    return benutzer(Rolle.ADMINISTRATION, welt.jc, username="admin2", is_staff=True)


@pytest.fixture
def neues_konto(welt):
    return User.objects.create(username="neu", jobcenter=welt.jc, team=welt.team)


def _rolle_neu(konto):
    konto = User.objects.get(pk=konto.pk)
    return rolle_von(konto)


def test_vier_augen(welt, zweite_verwaltung, neues_konto):
    admin = welt.users[Rolle.ADMINISTRATION]
    antrag = rollenantrag_stellen(
        acting_user=admin, konto=neues_konto, rolle=Rolle.IFK, begruendung="Neue Kollegin"
    )
    assert _rolle_neu(neues_konto) is None
    with pytest.raises(Fachfehler, match="zweite Person"):
        rollenantrag_entscheiden(acting_user=admin, antrag=antrag, genehmigen=True)
    assert _rolle_neu(neues_konto) is None
    rollenantrag_entscheiden(acting_user=zweite_verwaltung, antrag=antrag, genehmigen=True)
    assert _rolle_neu(neues_konto) == Rolle.IFK
    antrag.refresh_from_db()
    assert antrag.entschieden_von == zweite_verwaltung
    # Both steps are in the audit trail, and the role change on the account.
    eintraege = LogEntry.objects.get_for_object(antrag)
    assert eintraege.filter(actor=admin, action=LogEntry.Action.CREATE).exists()
    assert eintraege.filter(actor=zweite_verwaltung, action=LogEntry.Action.UPDATE).exists()
    assert (
        LogEntry.objects.get_for_object(neues_konto)
        .filter(actor=zweite_verwaltung, changes__has_key="groups")
        .exists()
    )


def test_nie_fuer_sich_selbst(welt, zweite_verwaltung):
    admin = welt.users[Rolle.ADMINISTRATION]
    with pytest.raises(Fachfehler, match="nicht für sich selbst"):
        rollenantrag_stellen(acting_user=admin, konto=admin, rolle=Rolle.IFK, begruendung="x")
    antrag = rollenantrag_stellen(
        acting_user=zweite_verwaltung, konto=admin, rolle=Rolle.IFK, begruendung="Wechsel"
    )
    # The person who would get the role does not approve it either.
    with pytest.raises(Fachfehler, match="zweite Person"):
        rollenantrag_entscheiden(acting_user=admin, antrag=antrag, genehmigen=True)


def test_betreiber_beantragt_entscheidet_aber_nicht(welt, zweite_verwaltung, neues_konto):
    betreiber = User.objects.create_superuser("betreiber", "b@example.invalid", "x")
    antrag = rollenantrag_stellen(
        acting_user=betreiber, konto=neues_konto, rolle=Rolle.TEAMLEITUNG, begruendung="Leitung"
    )
    with pytest.raises(KeinZugriff):
        rollenantrag_entscheiden(acting_user=betreiber, antrag=antrag, genehmigen=True)
    rollenantrag_entscheiden(
        acting_user=welt.users[Rolle.ADMINISTRATION], antrag=antrag, genehmigen=True
    )
    assert _rolle_neu(neues_konto) == Rolle.TEAMLEITUNG


def test_fremdes_jobcenter_entscheidet_nicht(welt, neues_konto):
    antrag = rollenantrag_stellen(
        acting_user=welt.users[Rolle.ADMINISTRATION],
        konto=neues_konto,
        rolle=Rolle.IFK,
        begruendung="x",
    )
    fremd = benutzer(Rolle.ADMINISTRATION, welt.jc2, username="fremd_admin", is_staff=True)
    with pytest.raises(KeinZugriff):
        rollenantrag_entscheiden(acting_user=fremd, antrag=antrag, genehmigen=True)
    with pytest.raises(KeinZugriff):
        rollenantrag_stellen(acting_user=fremd, konto=neues_konto, rolle=Rolle.IFK, begruendung="x")


def test_abgelehnt_gibt_keine_rolle(welt, zweite_verwaltung, neues_konto):
    antrag = rollenantrag_stellen(
        acting_user=welt.users[Rolle.ADMINISTRATION],
        konto=neues_konto,
        rolle=Rolle.TRAEGER,
        begruendung="x",
    )
    rollenantrag_entscheiden(acting_user=zweite_verwaltung, antrag=antrag, genehmigen=False)
    assert _rolle_neu(neues_konto) is None
    with pytest.raises(Fachfehler, match="schon entschieden"):
        rollenantrag_entscheiden(acting_user=zweite_verwaltung, antrag=antrag, genehmigen=True)


def test_ueber_den_admin(client, welt, zweite_verwaltung, neues_konto):
    admin = welt.users[Rolle.ADMINISTRATION]
    client.force_login(admin)
    antwort = client.post(
        "/admin/kooperation/rollenantrag/add/",
        {"konto": neues_konto.pk, "rolle": Rolle.IFK.value, "begruendung": "Neue IFK im Team Nord"},
    )
    assert antwort.status_code == 302, antwort.content.decode()[:3000]
    antrag = Rollenantrag.objects.get()
    # Approving one's own request in the admin does nothing but say why.
    antwort = client.post(
        "/admin/kooperation/rollenantrag/",
        {"action": "genehmigen", "_selected_action": [antrag.pk]},
        follow=True,
    )
    assert "zweite Person" in antwort.content.decode()
    assert _rolle_neu(neues_konto) is None
    client.force_login(zweite_verwaltung)
    client.post(
        "/admin/kooperation/rollenantrag/",
        {"action": "genehmigen", "_selected_action": [antrag.pk]},
    )
    assert _rolle_neu(neues_konto) == Rolle.IFK


def test_benutzerformular_vergibt_keine_rolle_mit_personendaten_auch_nicht_dem_betreiber(
    client, welt, neues_konto
):
    betreiber = User.objects.create_superuser("betreiber", "b@example.invalid", "x")
    client.force_login(betreiber)
    seite = client.get(f"/admin/kooperation/user/{neues_konto.pk}/change/")
    angeboten = {g.name for g in seite.context["adminform"].form.fields["groups"].queryset}
    assert rollen_gruppenname(Rolle.IFK) not in angeboten
    ifk_gruppe = Group.objects.get(name=rollen_gruppenname(Rolle.IFK))
    daten = {
        "username": "neu",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "jobcenter": welt.jc.pk,
        "team": welt.team.pk,
        "telefon": "",
        "groups": [ifk_gruppe.pk],
        "date_joined_0": "01.01.2026",
        "date_joined_1": "08:00:00",
    }
    client.post(f"/admin/kooperation/user/{neues_konto.pk}/change/", daten)
    assert _rolle_neu(neues_konto) is None
