from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("traeger/", views.eingang, name="eingang"),
    path("kennzahlen/", views.kennzahlen, name="kennzahlen"),
    path("plaene/versionen/<int:pk>/entwurf.pdf", views.plan_pdf_vorschau, name="pdf_vorschau"),
    path("plaene/versionen/<int:pk>/plan.pdf", views.plan_pdf, name="pdf"),
    path("plaene/versionen/<int:pk>/pruefung/", views.plan_pruefung, name="pruefung"),
]
