"""The REST API's one router (``/api/v1/``), the OpenAPI schema and its
documentation page. Each app lists its endpoints in ``<app>/api.py`` as
``ROUTEN``; they are named here by module path, as ``kooperation/urls.py``
names the apps' URL modules, so this project module imports no app."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

API_MODULE = ("kooperation.api", "partners.api", "cases.api", "plans.api")

router = DefaultRouter()
for modul in API_MODULE:
    for prefix, viewset, basename in import_module(modul).ROUTEN:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "schema/doku/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-doku",
    ),
]
