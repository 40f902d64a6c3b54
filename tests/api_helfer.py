"""Helpers for the API tests: a DRF client per role, authenticated by token."""

from rest_framework.test import APIClient

from kooperation.models import ApiToken


def api_client(user) -> APIClient:
    client = APIClient()
    _, schluessel = ApiToken.objects.create(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {schluessel}")
    return client


def ergebnisse(antwort) -> list:
    assert antwort.status_code == 200, antwort.content
    return antwort.json()["results"]


def ids(antwort) -> set:
    return {r["id"] for r in ergebnisse(antwort)}
