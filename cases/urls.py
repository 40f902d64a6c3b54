from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("faelle/", views.fallliste, name="faelle"),
    path("faelle/<int:pk>/", views.fall_detail, name="fall"),
    path("team/", views.team, name="team"),
]
