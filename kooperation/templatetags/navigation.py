"""The main navigation's links, each marked as the current page where it is
(``aria-current="page"``), so a screen reader and the eye both know where one is."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def navlink(context, url_name: str, text: str, abfrage: str = "", darunter: bool = False) -> str:
    """``<li><a>`` to ``url_name`` (with ``?abfrage`` if given). Current when
    the request's path is the link's and its query names the same ``bereich``
    (the caseload and the team's cases share one path). With ``darunter`` the
    link stands for a whole area (the admin): on a page below it, it is marked
    as the current area (``aria-current="true"``)."""
    ziel = reverse(url_name)
    href = f"{ziel}?{abfrage}" if abfrage else ziel
    request = context.get("request")
    aktuell = False
    if request is not None and request.path == ziel:
        gewuenscht = dict(p.split("=", 1) for p in abfrage.split("&") if "=" in p)
        aktuell = request.GET.get("bereich", "") == gewuenscht.get("bereich", "")
    if aktuell:
        return format_html(
            '<li><a class="kern-link" href="{}" aria-current="page">{}</a></li>', href, text
        )
    if darunter and request is not None and request.path.startswith(ziel):
        return format_html(
            '<li><a class="kern-link" href="{}" aria-current="true">{}</a></li>', href, text
        )
    return format_html('<li><a class="kern-link" href="{}">{}</a></li>', href, text)
