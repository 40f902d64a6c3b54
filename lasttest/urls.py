"""The application's URLs plus the baseline of the load test: an empty page
that still goes through session, user and every middleware."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path

from kooperation.urls import handler403, handler404, handler500  # noqa: F401


@login_required
def leere_seite(request):
    return HttpResponse("<!DOCTYPE html><title>leer</title>")


urlpatterns = [
    path("lasttest/leer/", leere_seite),
    path("", include("kooperation.urls")),
]
