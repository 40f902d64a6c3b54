"""Personal data in the admin: shown only where the access policy allows,
changed only by the responsible IFK (in practice through the workflow pages)."""

from django.contrib import admin

from kooperation.admin import PolicyAdmin

from .models import Einwilligung, GesetzlicherVertreter, Leistungsberechtigter, Potenzialanalyse


@admin.register(Leistungsberechtigter)
class LeistungsberechtigterAdmin(PolicyAdmin):
    list_display = ["nachname", "vorname", "kundennummer", "phase", "naechste_frist", "team"]
    list_filter = ["phase"]
    search_fields = ["nachname", "kundennummer"]
    readonly_fields = ["jobcenter", "pseudonym", "phase", "naechste_frist"]


@admin.register(Potenzialanalyse)
class PotenzialanalyseAdmin(PolicyAdmin):
    list_display = ["leistungsberechtigter", "status", "begonnen_am", "entwurf_frist"]
    readonly_fields = ["leistungsberechtigter", "status", "abgeschlossen_am", "entwurf_frist"]


@admin.register(GesetzlicherVertreter)
class GesetzlicherVertreterAdmin(PolicyAdmin):
    list_display = ["name", "beziehung", "leistungsberechtigter"]


@admin.register(Einwilligung)
class EinwilligungAdmin(PolicyAdmin):
    list_display = ["leistungsberechtigter", "partner", "zweck", "erteilt_am", "widerrufen_am"]
