from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("faelle/", views.fallliste, name="faelle"),
    path("faelle/<int:pk>/", views.fall_detail, name="fall"),
    path("faelle/neu/", views.person_anlegen, name="person_anlegen"),
    path("faelle/<int:pk>/bearbeiten/", views.person_bearbeiten, name="person_bearbeiten"),
    path("faelle/<int:pk>/vermerke/neu/", views.vermerk_neu, name="vermerk_neu"),
    path("team/", views.team, name="team"),
    path(
        "faelle/<int:pk>/potenzialanalyse/",
        views.potenzialanalyse_starten,
        name="potenzialanalyse_starten",
    ),
    path("potenzialanalysen/<int:pk>/", views.potenzialanalyse, name="potenzialanalyse"),
    path("faelle/<int:pk>/weitergabe/", views.weitergabe, name="weitergabe"),
    path("wiedervorlagen/<int:pk>/erledigt/", views.wiedervorlage_erledigt, name="wv_erledigt"),
    path(
        "wiedervorlagen/<int:pk>/verschieben/",
        views.wiedervorlage_verschieben_seite,
        name="wv_verschieben",
    ),
    path("bedarfsanalyse/", views.bedarfsanalyse_matrix, name="bedarfsanalyse"),
]
