from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("partner/", views.partnerliste, name="partnerliste"),
    path("partner/<int:pk>/", views.partner, name="partner"),
    path("angebot/<int:pk>/", views.angebot, name="angebot"),
    path("vereinbarungen/", views.vereinbarungen, name="vereinbarungen"),
    path("vereinbarungen/<int:pk>/", views.vereinbarung, name="vereinbarung"),
    path(
        "vereinbarungen/treffen/<int:pk>/protokoll/",
        views.protokoll,
        name="protokoll",
    ),
]
