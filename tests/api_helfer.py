"""Helpers for the API tests: a DRF client per role, authenticated by token."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def ergebnisse(antwort) -> list:
    assert antwort.status_code == 200, antwort.content
    return antwort.json()["results"]


def ids(antwort) -> set:
    return {r["id"] for r in ergebnisse(antwort)}
