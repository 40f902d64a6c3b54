from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("faelle/", views.fallliste, name="faelle"),
    path("faelle/<int:pk>/", views.fall_detail, name="fall"),
    path("team/", views.team, name="team"),
    path(
        "faelle/<int:pk>/potenzialanalyse/",
        views.potenzialanalyse_starten,
        name="potenzialanalyse_starten",
    ),
    path("potenzialanalysen/<int:pk>/", views.potenzialanalyse, name="potenzialanalyse"),
]
