from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

admin.site.site_header = "Kooperationsplan – Verwaltung"
admin.site.site_title = "Kooperationsplan"
admin.site.index_title = "Einstellungen und Stammdaten"

handler403 = "kooperation.views.fehler_403"
handler404 = "kooperation.views.fehler_404"
handler500 = "kooperation.stoerung.fehler_500"

urlpatterns = [
    path("", views.start, name="start"),
    path("anmelden/", views.Anmelden.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("schnittstelle/", views.schnittstelle, name="schnittstelle"),
    path("", include("cases.urls")),
    path("", include("plans.urls")),
    path("", include("partners.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("kooperation.api_urls")),
]
