from django.contrib import admin

from kooperation.admin import JobcenterScopedForeignKeys, PolicyAdmin

from .models import (
    Angebot,
    Ansprechpartner,
    KommunalerTraeger,
    Kooperationsvereinbarung,
    Partner,
    Vertragspartei,
)


class AnsprechpartnerInline(admin.TabularInline):
    model = Ansprechpartner
    extra = 0


class VertragsparteiInline(admin.TabularInline):
    model = Vertragspartei
    extra = 1


@admin.register(KommunalerTraeger)
class KommunalerTraegerAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["name", "jobcenter"]
    filter_horizontal = ["mitarbeitende"]


@admin.register(Partner)
class PartnerAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["name", "art", "region"]
    list_filter = ["art"]
    search_fields = ["name"]
    inlines = [AnsprechpartnerInline]


@admin.register(Ansprechpartner)
class AnsprechpartnerAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["name", "partner", "zentral", "gueltig_ab", "gueltig_bis"]


@admin.register(Angebot)
class AngebotAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["titel", "leistung_16a", "partner", "traeger", "plaetze", "zeitraum", "aktiv"]
    list_filter = ["leistung_16a", "aktiv"]
    search_fields = ["titel"]


@admin.register(Kooperationsvereinbarung)
class KooperationsvereinbarungAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["titel", "beginn", "laufzeitart", "phase"]
    inlines = [VertragsparteiInline]
