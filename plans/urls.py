from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("traeger/", views.eingang, name="eingang"),
    path("kennzahlen/", views.kennzahlen, name="kennzahlen"),
]
