from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("traeger/", views.eingang, name="eingang"),
    path("traeger/anfragen/<int:pk>/", views.traeger_anfrage, name="traeger_anfrage"),
    path("traeger/sammelzustimmung/", views.traeger_sammelzustimmung, name="sammelzustimmung"),
    path("traeger/kontingente/", views.kontingente, name="kontingente"),
    path(
        "abstimmungen/<int:pk>/bestaetigen/",
        views.aenderung_bestaetigen,
        name="aenderung_bestaetigen",
    ),
    path("kennzahlen/", views.kennzahlen, name="kennzahlen"),
    path("kennzahlen/abstimmungen/", views.abstimmung_statistik, name="abstimmung_statistik"),
    path("faelle/<int:pk>/plan/", views.plan_beginnen, name="beginnen"),
    path("plaene/<int:pk>/", views.plan, name="plan"),
    path("plaene/<int:pk>/vergleich/", views.vergleich, name="vergleich"),
    path("plaene/<int:pk>/vereinbaren/", views.vereinbaren, name="vereinbaren"),
    path("plaene/<int:pk>/kein-plan/", views.kein_plan, name="kein_plan"),
    path("plaene/<int:pk>/schlichtung/", views.schlichtung, name="schlichtung"),
    path("plaene/<int:pk>/schlichtung/ende/", views.schlichtung_ende, name="schlichtung_ende"),
    path("plaene/<int:pk>/festsetzen/", views.festsetzen, name="festsetzen"),
    path(
        "plaene/<int:pk>/<str:aktion>/",
        views.schritt,
        name="schritt",
    ),
    path("versionen/<int:pk>/", views.version, name="version"),
    path("versionen/<int:pk>/bearbeiten/", views.bearbeiten, name="bearbeiten"),
    path("versionen/<int:pk>/eintraege/", views.eintrag_speichern, name="eintrag_neu"),
    path(
        "versionen/<int:pk>/eintraege/<int:eintrag_pk>/",
        views.eintrag_speichern,
        name="eintrag_speichern",
    ),
    path(
        "versionen/<int:pk>/eintraege/<int:eintrag_pk>/bearbeiten/",
        views.eintrag_bearbeiten,
        name="eintrag_bearbeiten",
    ),
    path(
        "versionen/<int:pk>/eintraege/<int:eintrag_pk>/entfernen/",
        views.eintrag_entfernen,
        name="eintrag_entfernen",
    ),
]
