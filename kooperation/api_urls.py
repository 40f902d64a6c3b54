"""The REST API's one router (``/api/v1/``), the OpenAPI schema and its
documentation page. Each app lists its endpoints in ``<app>/api.py`` as
``ROUTEN``; they are named here by module path, as ``kooperation/urls.py``
names the apps' URL modules, so this project module imports no app."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .api_base import KENNUNG

API_MODULE = ("kooperation.api", "partners.api", "cases.api", "plans.api")


class Router(DefaultRouter):
    """Object ids in paths are digits that fit the database's bigint."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        feld = getattr(viewset, "lookup_url_kwarg", None) or getattr(viewset, "lookup_field", "pk")
        return f"(?P<{lookup_prefix}{feld}>{KENNUNG})"


router = Router()
for modul in API_MODULE:
    for prefix, viewset, basename in import_module(modul).ROUTEN:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "schema/",
        extend_schema_view(get=extend_schema(exclude=True))(SpectacularAPIView).as_view(),
        name="api-schema",
    ),
    path(
        "schema/doku/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-doku",
    ),
]
