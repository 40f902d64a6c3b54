"""Where a request comes from, as the configured proxy reports it.

Behind a reverse proxy every request arrives from the proxy's address; the
client's address is in ``X-Forwarded-For``. That header is whatever the
client sends unless a proxy we trust wrote it, so it is read only when the
request arrives from an address in ``TRUSTED_PROXIES`` (addresses or
networks), and then from the right: the first address that is not one of
our proxies is the client. The audit trail, the login lock (django-axes)
and the API's rate limit all ask this one function."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _netze(eintraege: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in eintraege if e.strip())


def _adresse(text: str | None):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def _vertraut(adresse, netze) -> bool:
    return adresse is not None and any(adresse in netz for netz in netze)


def client_adresse(request) -> str | None:
    """The client's IP address: ``REMOTE_ADDR``, or, when that is a trusted
    proxy, the last address in ``X-Forwarded-For`` that is not one."""
    direkt = request.META.get("REMOTE_ADDR")
    netze = _netze(tuple(settings.TRUSTED_PROXIES))
    if not _vertraut(_adresse(direkt), netze):
        return direkt
    kette = [t for t in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if t.strip()]
    for eintrag in reversed(kette):
        adresse = _adresse(eintrag)
        if adresse is None:
            # Unreadable: our proxy appended what it saw, so stop here.
            break
        if not _vertraut(adresse, netze):
            return str(adresse)
    return direkt
