"""The user's own account: second factor (set up at the first login, asked
after the password), recovery codes, password change, and the password
link for forgotten or new passwords."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from .forms import (
    CodeFormular,
    PasswortAendernFormular,
    PasswortLinkFormular,
    PasswortSetzenFormular,
)
from .konten import konto_protokollieren, wiederherstellungscodes_erzeugen


def _weiter(request) -> str:
    ziel = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(ziel, {request.get_host()}, request.is_secure()):
        return ziel
    return reverse("start")


def _mit_weiter(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _weiter(request)})}"


def _geraet_pruefen(user, code: str):
    """The confirmed device that accepts ``code`` (TOTP or a recovery code),
    each with django-otp's throttling; None if none does."""
    code = "".join(code.split())
    with transaction.atomic():
        for geraet in devices_for_user(user, confirmed=True, for_verify=True):
            if geraet.verify_token(code):
                return geraet
    return None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def zwei_faktor(request):
    """After the password: the code from the authenticator app, or one of the
    recovery codes."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(_mit_weiter("zwei_faktor_einrichten", request))
    if user.is_verified():
        return redirect(_weiter(request))
    form = CodeFormular(request.POST or None)
    if request.method == "POST" and form.is_valid():
        geraet = _geraet_pruefen(user, form.cleaned_data["code"])
        if geraet is None:
            form.add_error(
                "code",
                "Der Code stimmt nicht oder ist abgelaufen. Bitte geben Sie den aktuellen "
                "Code aus Ihrer App ein.",
            )
        else:
            request.session.cycle_key()
            otp_login(request, geraet)
            if isinstance(geraet, StaticDevice):
                uebrig = geraet.token_set.count()
                konto_protokollieren(user, "Wiederherstellungscode benutzt", user, uebrig=uebrig)
                messages.warning(
                    request,
                    f"Sie haben einen Wiederherstellungscode benutzt; {uebrig} sind noch übrig. "
                    "Erzeugen Sie unter „Mein Konto“ neue, wenn es wenige werden.",
                )
            return redirect(_weiter(request))
    return render(
        request,
        "registration/zwei_faktor.html",
        {
            "form": form,
            "next": _weiter(request),
            "mit_schluessel": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
        },
    )


def _qr_code(url: str) -> str:
    """The QR code as an SVG data URI, made here (no external service)."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#131525", light="#fff")


def _schluessel_lesbar(geraet: TOTPDevice) -> str:
    text = base64.b32encode(geraet.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def zwei_faktor_einrichten(request):
    """First login (or after a reset): register an authenticator app by QR
    code, confirm it with a code, receive the recovery codes once. Only for
    accounts without a confirmed device: changing a device needs a reset
    by the Administration, so a stolen password cannot add one."""
    user = request.user
    if user_has_device(user, confirmed=True):
        return redirect(_mit_weiter("zwei_faktor", request))
    geraet = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if geraet is None:
        geraet = TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=False)
    form = CodeFormular(request.POST or None)
    form.fields["code"].help_text = "Sechs Ziffern aus Ihrer Authenticator-App."
    if request.method == "POST" and form.is_valid():
        if geraet.verify_token("".join(form.cleaned_data["code"].split())):
            with transaction.atomic():
                geraet.confirmed = True
                geraet.save()
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                konto_protokollieren(user, "Zweiter Faktor eingerichtet", user)
                codes = wiederherstellungscodes_erzeugen(user)
            request.session.cycle_key()
            otp_login(request, geraet)
            return render(
                request,
                "registration/wiederherstellungscodes.html",
                {"codes": codes, "next": _weiter(request), "erstmals": True},
            )
        form.add_error(
            "code",
            "Der Code stimmt nicht. Prüfen Sie, ob die Uhrzeit Ihres Geräts stimmt, und "
            "geben Sie den aktuellen Code ein.",
        )
    return render(
        request,
        "registration/zwei_faktor_einrichten.html",
        {
            "form": form,
            "qr_code": _qr_code(geraet.config_url),
            "schluessel": _schluessel_lesbar(geraet),
            "next": _weiter(request),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def konto(request):
    """The user's own account: role, second factor, recovery codes left,
    password change; new recovery codes (shown once)."""
    user = request.user
    if request.method == "POST" and "codes_erneuern" in request.POST:
        if not user.is_verified():
            return redirect("zwei_faktor")
        codes = wiederherstellungscodes_erzeugen(user)
        return render(
            request,
            "registration/wiederherstellungscodes.html",
            {"codes": codes, "next": reverse("konto"), "erstmals": False},
        )
    statisch = StaticDevice.objects.filter(user=user).first()
    return render(
        request,
        "registration/konto.html",
        {
            "app_eingerichtet": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "schluessel": WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by(
                "created_at"
            ),
            "codes_uebrig": statisch.token_set.count() if statisch else 0,
            "pflicht": settings.ZWEI_FAKTOR_PFLICHT,
        },
    )


class PasswortAendern(auth_views.PasswordChangeView):
    template_name = "registration/passwort_aendern.html"
    form_class = PasswortAendernFormular
    success_url = reverse_lazy("konto")

    def form_valid(self, form):
        antwort = super().form_valid(form)
        messages.success(self.request, "Ihr Passwort wurde geändert.")
        return antwort


class PasswortVergessen(auth_views.PasswordResetView):
    template_name = "registration/passwort_vergessen.html"
    form_class = PasswortLinkFormular
    email_template_name = "registration/mail_passwort_link.txt"
    subject_template_name = "registration/mail_passwort_link_betreff.txt"
    success_url = reverse_lazy("passwort_vergessen_gesendet")


class PasswortVergessenGesendet(auth_views.PasswordResetDoneView):
    template_name = "registration/passwort_vergessen_gesendet.html"


class PasswortSetzen(auth_views.PasswordResetConfirmView):
    template_name = "registration/passwort_setzen.html"
    form_class = PasswortSetzenFormular
    success_url = reverse_lazy("passwort_gesetzt")


class PasswortGesetzt(auth_views.PasswordResetCompleteView):
    template_name = "registration/passwort_gesetzt.html"
