"""Security keys (WebAuthn) as a second factor beside the authenticator
app, through django-otp-webauthn: a key is a django-otp device like the app.

- Registering a key is for an account that has confirmed its login with its
  second factor in this session (a stolen password alone adds no key), on
  the page "Mein Konto". The app stays the factor every account sets up
  first, with its recovery codes.
- Signing in: after the password, the page "Anmeldung bestätigen" offers the
  key beside the code. A key alone never signs in
  (``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN`` off).
- Registering and removing a key go to the audit trail on the account, as
  the app's changes do; the Administration's reset removes keys too.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.models import WebAuthnCredential

from .kontobuch import konto_protokollieren

app_name = "otp_webauthn"


class ZweiterFaktorFehlt(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "zweiter_faktor_fehlt"
    default_detail = "Bitte bestätigen Sie zuerst Ihre Anmeldung mit Ihrem zweiten Faktor."


class NurNachBestaetigung:
    def check_can_register(self):
        super().check_can_register()
        if not self.request.user.is_verified():
            raise ZweiterFaktorFehlt()


class RegistrierungBeginnen(NurNachBestaetigung, views.BeginCredentialRegistrationView):
    pass


class RegistrierungAbschliessen(NurNachBestaetigung, views.CompleteCredentialRegistrationView):
    pass


class BestaetigungAbschliessen(views.CompleteCredentialAuthenticationView):
    def check_device_usable(self, device):
        super().check_device_usable(device)
        # The key confirms the login of the account it belongs to, no other.
        if self.request.user.is_authenticated and device.user_id != self.request.user.pk:
            raise exceptions.CredentialNotFound()


@receiver(post_save, sender=WebAuthnCredential, dispatch_uid="kooperation_schluessel_neu")
def schluessel_registriert(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        konto_protokollieren(instance.user, "Sicherheitsschlüssel registriert", instance.user)


@receiver(post_delete, sender=WebAuthnCredential, dispatch_uid="kooperation_schluessel_weg")
def schluessel_entfernt(sender, instance, **kwargs) -> None:
    konto_protokollieren(instance.user, "Sicherheitsschlüssel entfernt")


urlpatterns = [
    path(
        "registrieren/beginnen/",
        RegistrierungBeginnen.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registrieren/abschliessen/",
        RegistrierungAbschliessen.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "bestaetigen/beginnen/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "bestaetigen/abschliessen/",
        BestaetigungAbschliessen.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
