from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from kooperation.admin import BeschrifteteTabelle, JobcenterScopedForeignKeys, PolicyAdmin
from kooperation.audit import im_namen_von

from .models import (
    Angebot,
    Ansprechpartner,
    KommunalerTraeger,
    Kooperationstreffen,
    Kooperationsvereinbarung,
    Partner,
    Phasenaufgabe,
    Vereinbarungsdokument,
    Vertragspartei,
)
from .services import treffen_planen, vereinbarung_fristen_setzen


class AnsprechpartnerInline(BeschrifteteTabelle):
    model = Ansprechpartner
    extra = 0


class VertragsparteiInline(BeschrifteteTabelle):
    model = Vertragspartei
    extra = 1


@admin.register(KommunalerTraeger)
class KommunalerTraegerAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    verwaltungsbereich = "partner"
    verwaltungshinweis = (
        "Der kommunale Träger und wer dort über Leistungen nach § 16a SGB II entscheidet."
    )
    verwaltungsrang = 5

    list_display = ["name", "jobcenter"]
    filter_horizontal = ["mitarbeitende"]


@admin.register(Partner)
class PartnerAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    verwaltungsbereich = "partner"
    verwaltungshinweis = "Träger von Maßnahmen und Beratungsstellen, mit ihren Ansprechpersonen."
    verwaltungsrang = 1

    list_display = ["name", "art", "region"]
    list_filter = ["art"]
    search_fields = ["name"]
    inlines = [AnsprechpartnerInline]


@admin.register(Ansprechpartner)
class AnsprechpartnerAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    verwaltungsbereich = "partner"
    verwaltungshinweis = "Ansprechpersonen der Partner und seit wann sie zuständig sind."
    verwaltungsrang = 3

    list_display = ["name", "partner", "zentral", "gueltig_ab", "gueltig_bis"]


@admin.register(Angebot)
class AngebotAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    verwaltungsbereich = "partner"
    verwaltungshinweis = (
        "Angebote der Partner mit Plätzen und Zeitraum, auch Leistungen nach § 16a SGB II."
    )
    verwaltungsrang = 2

    list_display = ["titel", "leistung_16a", "partner", "traeger", "plaetze", "zeitraum", "aktiv"]
    list_filter = ["leistung_16a", "aktiv"]
    search_fields = ["titel"]


class DokumentInline(BeschrifteteTabelle):
    model = Vereinbarungsdokument
    extra = 0


class TreffenInline(BeschrifteteTabelle):
    model = Kooperationstreffen
    extra = 0


class PhasenaufgabeInline(BeschrifteteTabelle):
    model = Phasenaufgabe
    extra = 1


@admin.register(Kooperationsvereinbarung)
class KooperationsvereinbarungAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    verwaltungsbereich = "partner"
    verwaltungshinweis = "Vereinbarungen mit Partnern: Laufzeit, Kündigung, Aufgaben und Treffen."
    verwaltungsrang = 4

    list_display = ["titel", "beginn", "laufzeitart", "phase", "kuendigung_bis", "laeuft_bis"]
    list_filter = ["phase", "laufzeitart", "formalisierung"]
    readonly_fields = ["laeuft_bis", "naechste_verlaengerung", "kuendigung_bis"]
    inlines = [VertragsparteiInline, PhasenaufgabeInline, DokumentInline, TreffenInline]

    def save_model(self, request, obj, form, change):
        # The same deadlines and meetings as ``services.vereinbarung_speichern``.
        with transaction.atomic(), im_namen_von(request.user, "Vereinbarung in der Verwaltung"):
            super().save_model(request, obj, form, change)
            heute = timezone.localdate()
            vereinbarung_fristen_setzen(obj, heute)
            treffen_planen(obj, heute)
