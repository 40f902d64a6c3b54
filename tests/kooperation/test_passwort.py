"""Nobody sets a password for someone else: new accounts and forgotten
passwords get a one-time link by e-mail; everyone changes their own
password; every change is in the audit trail, without the password."""

import re

from auditlog.models import LogEntry
from django.core import mail
from django.test import Client

from kooperation.access import Rolle
from kooperation.models import User


def _link(nachricht) -> str:
    return re.search(r"https?://[^/]+(/passwort/setzen/\S+/)", nachricht.body).group(1)


def _grund(konto, grund):
    return LogEntry.objects.filter(object_pk=str(konto.pk), additional_data__grund=grund)


def test_neues_konto_hat_kein_passwort_und_bekommt_den_link(
    client, welt, django_capture_on_commit_callbacks
):
    admin = welt.users[Rolle.ADMINISTRATION]
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            "/admin/kooperation/user/add/",
            {
                "username": "neu",
                "first_name": "Nele",
                "last_name": "Neumann",
                "email": "nele@jobcenter.example",
                "jobcenter": welt.jc.pk,
                "team": "",
            },
        )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    neu = User.objects.get(username="neu")
    assert not neu.has_usable_password()
    assert [m.to for m in mail.outbox] == [["nele@jobcenter.example"]]
    link = _link(mail.outbox[0])
    assert _grund(neu, "Link zum Setzen des Passworts gesendet").filter(actor=admin).exists()
    # The link sets the password once.
    anonym = Client()
    formular = anonym.get(link, follow=True)
    ziel = formular.redirect_chain[-1][0]
    gesetzt = anonym.post(
        ziel,
        {"new_password1": "Ein-langes-Passwort-2026", "new_password2": "Ein-langes-Passwort-2026"},
    )
    assert gesetzt.status_code == 302
    neu.refresh_from_db()
    assert neu.check_password("Ein-langes-Passwort-2026")
    assert "gilt nicht mehr" in Client().get(link, follow=True).content.decode()
    eintrag = _grund(neu, "Passwort geändert").get()
    assert eintrag.actor == neu
    assert "Ein-langes-Passwort-2026" not in str(eintrag.changes)
    assert neu.password not in str(eintrag.changes)


def test_verwaltung_sendet_den_link_statt_ein_passwort_zu_setzen(
    client, welt, django_capture_on_commit_callbacks
):
    ifk = welt.users[Rolle.IFK]
    ifk.email = "ifk@jobcenter.example"
    ifk.save()
    client.force_login(welt.users[Rolle.ADMINISTRATION])
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            "/admin/kooperation/user/",
            {"action": "passwort_link_senden", "_selected_action": [ifk.pk]},
        )
    assert antwort.status_code == 302
    assert mail.outbox[0].to == ["ifk@jobcenter.example"]
    assert ifk.check_password("geheim-genug-123")


def test_passwort_vergessen(welt, django_capture_on_commit_callbacks):
    gf = welt.users[Rolle.GESCHAEFTSFUEHRUNG]
    gf.email = "gf@jobcenter.example"
    gf.save()
    with django_capture_on_commit_callbacks(execute=True):
        antwort = Client().post("/passwort/vergessen/", {"email": "gf@jobcenter.example"})
    assert antwort.status_code == 302
    assert mail.outbox[0].to == ["gf@jobcenter.example"]
    # An unknown address gets the same answer and no mail.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/passwort/vergessen/", {"email": "niemand@jobcenter.example"})
    assert len(mail.outbox) == 1


def test_eigenes_passwort_aendern(client, welt):
    ifk = welt.users[Rolle.IFK]
    client.force_login(ifk)
    assert 'href="/konto/passwort/"' in client.get("/konto/").content.decode()
    falsch = client.post(
        "/konto/passwort/",
        {
            "old_password": "falsch",
            "new_password1": "Neu-und-lang-2026",
            "new_password2": "Neu-und-lang-2026",
        },
    )
    assert falsch.status_code == 200
    antwort = client.post(
        "/konto/passwort/",
        {
            "old_password": "geheim-genug-123",
            "new_password1": "Neu-und-lang-2026",
            "new_password2": "Neu-und-lang-2026",
        },
    )
    assert antwort.status_code == 302
    ifk.refresh_from_db()
    assert ifk.check_password("Neu-und-lang-2026")
    assert _grund(ifk, "Passwort geändert").filter(actor=ifk).exists()
    # The session goes on (Django keeps it valid after an own change).
    assert client.get("/faelle/").status_code == 200
