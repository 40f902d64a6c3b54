"""The kommunaler Träger's inbox and the Geschäftsführung's figures."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.models import Phase
from kooperation import access

from .selectors import abstimmungen_offen_fuer, kennzahlen_fuer


@require_GET
@login_required
def eingang(request):
    if not access.darf_abstimmungen_entscheiden(request.user):
        raise PermissionDenied
    heute = timezone.localdate()
    abstimmungen = list(abstimmungen_offen_fuer(user=request.user)[:200])
    for a in abstimmungen:
        person = a.version.plan.leistungsberechtigter
        a.fallnummer = person.pseudonym
        a.altersgruppe = person.altersgruppe(heute)
        a.haushalt = person.get_haushalt_display()
    return render(request, "plans/eingang.html", {"abstimmungen": abstimmungen, "heute": heute})


@require_GET
@login_required
def kennzahlen(request):
    if not access.darf_kennzahlen_sehen(request.user):
        raise PermissionDenied
    heute = timezone.localdate()
    zahlen = kennzahlen_fuer(user=request.user, heute=heute)
    zeilen = [(label, zahlen["je_phase"].get(wert, 0)) for wert, label in Phase.choices]
    return render(
        request, "plans/kennzahlen.html", {"zahlen": zahlen, "zeilen": zeilen, "heute": heute}
    )
