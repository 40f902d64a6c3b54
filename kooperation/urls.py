from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import konto_views, views

# Page titles read "<page> – Verwaltung – Kooperationsplan" (admin/base_site.html).
admin.site.site_header = "Verwaltung"
admin.site.site_title = "Verwaltung – Kooperationsplan"
admin.site.index_title = "Verwaltung"

handler400 = "kooperation.views.fehler_400"
handler403 = "kooperation.views.fehler_403"
handler404 = "kooperation.views.fehler_404"
handler500 = "kooperation.stoerung.fehler_500"

urlpatterns = [
    path("", views.start, name="start"),
    path("anmelden/", views.Anmelden.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("anmelden/zweiter-faktor/", konto_views.zwei_faktor, name="zwei_faktor"),
    path(
        "konto/zweiter-faktor/einrichten/",
        konto_views.zwei_faktor_einrichten,
        name="zwei_faktor_einrichten",
    ),
    path("konto/", konto_views.konto, name="konto"),
    path("konto/sicherheitsschluessel/", include("kooperation.webauthn")),
    path("konto/passwort/", konto_views.PasswortAendern.as_view(), name="passwort_aendern"),
    path("passwort/vergessen/", konto_views.PasswortVergessen.as_view(), name="passwort_vergessen"),
    path(
        "passwort/vergessen/gesendet/",
        konto_views.PasswortVergessenGesendet.as_view(),
        name="passwort_vergessen_gesendet",
    ),
    path(
        "passwort/setzen/<uidb64>/<token>/",
        konto_views.PasswortSetzen.as_view(),
        name="passwort_setzen",
    ),
    path("passwort/gesetzt/", konto_views.PasswortGesetzt.as_view(), name="passwort_gesetzt"),
    path("schnittstelle/", views.schnittstelle, name="schnittstelle"),
    path("nachrichten/", views.nachrichten, name="nachrichten"),
    path("", include("cases.urls")),
    path("", include("plans.urls")),
    path("", include("partners.urls")),
    # One login for everyone (password, then second factor): the admin's own
    # login page would skip the second-factor step's first screen.
    path("admin/login/", views.admin_anmelden),
    path("admin/", admin.site.urls),
    path("api/", include("kooperation.api_urls")),
]
