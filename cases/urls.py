from django.urls import path

from . import team_views, views

app_name = "cases"
urlpatterns = [
    path("faelle/", views.fallliste, name="faelle"),
    path("faelle/<int:pk>/", views.fall_detail, name="fall"),
    path("faelle/neu/", views.person_anlegen, name="person_anlegen"),
    path("faelle/<int:pk>/bearbeiten/", views.person_bearbeiten, name="person_bearbeiten"),
    path("faelle/<int:pk>/vermerke/neu/", views.vermerk_neu, name="vermerk_neu"),
    path("team/", views.team, name="team"),
    path("team/auslastung/", team_views.auslastung, name="auslastung"),
    path("team/zuweisen/", team_views.zuweisen, name="zuweisen"),
    path("vertretung/", team_views.vertretung, name="vertretung"),
    path(
        "vertretung/<int:pk>/beenden/",
        team_views.vertretung_beenden_seite,
        name="vertretung_beenden",
    ),
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
