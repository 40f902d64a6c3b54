"""The Administration manages accounts of its Jobcenter without any path to
higher rights or to personal data (no superuser, no role that reads social
data, no password set for someone else); operators see neither the audit
trail's copies nor API keys."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group

from kooperation.access import Rolle, rollen_gruppenname
from tests.kooperation.factories import benutzer


def _gruppe(rolle: Rolle) -> Group:
    return Group.objects.get(name=rollen_gruppenname(rolle))


def _formular(user, **anders) -> dict:
    daten = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "jobcenter": user.jobcenter_id,
        "team": user.team_id or "",
        "telefon": "",
        "groups": [g.pk for g in user.groups.all()],
    }
    daten.update(anders)
    return daten


@pytest.fixture
def gf_konto(welt):
    return benutzer(Rolle.GESCHAEFTSFUEHRUNG, welt.jc, username="gf2")


class TestKeineEskalation:
    def test_formular_bietet_weder_superuser_noch_einzelrechte(self, client, welt, gf_konto):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        antwort = client.get(f"/admin/kooperation/user/{gf_konto.pk}/change/")
        assert antwort.status_code == 200
        inhalt = antwort.content.decode()
        assert 'name="is_superuser"' not in inhalt
        assert 'name="user_permissions"' not in inhalt
        assert 'name="is_staff"' not in inhalt
        # Only roles without personal data are offered.
        angeboten = set(antwort.context["adminform"].form.fields["groups"].queryset)
        assert angeboten == {_gruppe(Rolle.GESCHAEFTSFUEHRUNG), _gruppe(Rolle.ADMINISTRATION)}

    def test_gefaelschter_post_gibt_weder_superuser_noch_ifk_rolle(self, client, welt, gf_konto):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        url = f"/admin/kooperation/user/{gf_konto.pk}/change/"
        # Every field the full user form would need, so that only the rights
        # decide what is saved.
        vollstaendig = {
            "date_joined_0": "01.01.2026",
            "date_joined_1": "08:00:00",
            "is_superuser": "on",
            "is_staff": "on",
        }
        antwort = client.post(url, _formular(gf_konto, first_name="Gerda", **vollstaendig))
        assert antwort.status_code == 302
        gf_konto.refresh_from_db()
        assert gf_konto.first_name == "Gerda"
        assert not gf_konto.is_superuser
        assert not gf_konto.is_staff
        client.post(
            url,
            _formular(
                gf_konto,
                groups=[_gruppe(Rolle.IFK).pk, _gruppe(Rolle.TEAMLEITUNG).pk],
                **vollstaendig,
            ),
        )
        assert set(gf_konto.groups.values_list("name", flat=True)) == {
            rollen_gruppenname(Rolle.GESCHAEFTSFUEHRUNG)
        }

    def test_eigenes_konto_und_konten_mit_personendaten_sind_gesperrt(self, client, welt):
        admin = welt.users[Rolle.ADMINISTRATION]
        client.force_login(admin)
        url = f"/admin/kooperation/user/{admin.pk}/change/"
        client.post(url, _formular(admin, is_superuser="on", groups=[_gruppe(Rolle.IFK).pk]))
        admin.refresh_from_db()
        assert not admin.is_superuser
        assert not admin.groups.filter(name=rollen_gruppenname(Rolle.IFK)).exists()
        ifk = welt.users[Rolle.IFK]
        antwort = client.post(
            f"/admin/kooperation/user/{ifk.pk}/change/",
            _formular(ifk, groups=[_gruppe(Rolle.GESCHAEFTSFUEHRUNG).pk]),
        )
        assert antwort.status_code == 403
        assert ifk.groups.filter(name=rollen_gruppenname(Rolle.IFK)).exists()

    def test_kein_passwort_fuer_andere_setzen(self, client, welt, gf_konto):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        url = f"/admin/kooperation/user/{gf_konto.pk}/password/"
        assert client.get(url).status_code == 403
        antwort = client.post(url, {"password1": "Neu-Passwort-2026!", "password2": "x"})
        assert antwort.status_code == 403
        gf_konto.refresh_from_db()
        assert not gf_konto.check_password("Neu-Passwort-2026!")

    def test_rollenwechsel_steht_im_audit(self, client, welt, gf_konto):
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        client.post(
            f"/admin/kooperation/user/{gf_konto.pk}/change/",
            _formular(gf_konto, groups=[_gruppe(Rolle.ADMINISTRATION).pk]),
        )
        gf_konto.refresh_from_db()
        assert gf_konto.groups.filter(name=rollen_gruppenname(Rolle.ADMINISTRATION)).exists()
        eintraege = LogEntry.objects.get_for_object(gf_konto)
        assert any("groups" in (e.changes_dict or {}) for e in eintraege)
        assert eintraege.filter(actor=welt.users[Rolle.ADMINISTRATION]).exists()


class TestBetreiber:
    @pytest.fixture
    def betreiber(self, db):
        from kooperation.models import User

        return User.objects.create_superuser("betreiber", "b@example.invalid", "x")

    @pytest.mark.parametrize(
        "url",
        [
            "/admin/auditlog/logentry/",
            # Second-factor secrets and recovery codes, raw login records.
            "/admin/otp_totp/totpdevice/",
            "/admin/otp_static/staticdevice/",
            "/admin/axes/accessattempt/",
            "/admin/knox/authtoken/",
        ],
    )
    def test_audit_und_schluessel_nicht_im_admin(self, client, welt, betreiber, url):
        client.force_login(betreiber)
        assert client.get(url).status_code == 404
        client.force_login(welt.users[Rolle.ADMINISTRATION])
        assert client.get(url).status_code == 404


def test_admin_anmeldung_ist_die_eine_anmeldung(client, welt):
    antwort = client.get("/admin/")
    assert antwort.status_code == 302
    anmeldung = client.get(antwort["Location"])
    assert anmeldung.status_code == 302
    assert anmeldung["Location"].startswith("/anmelden/?next=/admin/")
    # Signed in without access to the admin: refused, not sent round in circles.
    client.force_login(welt.users[Rolle.TRAEGER])
    assert client.get("/admin/", follow=True).status_code == 403
