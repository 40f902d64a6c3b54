from django import template
from django.utils.formats import localize

from kooperation.kleinzahlen import ist_gesperrt

register = template.Library()


@register.filter
def prozent(wert) -> str:
    """A share with its percent sign; the mark alone when suppressed, a dash when there is none."""
    if wert is None:
        return "–"
    if ist_gesperrt(wert):
        return str(wert)
    return f"{localize(wert)} %"
