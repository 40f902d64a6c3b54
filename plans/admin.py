"""Plans in the admin: agreed versions are read-only here as everywhere
(the model refuses the change as well)."""

from django.contrib import admin

from kooperation.admin import BeschrifteteTabelle, JobcenterScopedForeignKeys, PolicyAdmin

from .models import (
    WIEDERVORLAGE_NACH_KEIN_PLAN,
    KeinPlanGrund,
    KeinPlanWiedervorlage,
    Kooperationsplan,
    PlanEintrag,
    PlanVersion,
    Schlichtung,
    TraegerAbstimmung,
)


class PlanEintragInline(BeschrifteteTabelle):
    model = PlanEintrag
    extra = 0
    fields = ["teil", "reihenfolge", "text", "leistung_16a", "haeufigkeit", "nachweis", "termin"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.ist_vereinbart

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Kooperationsplan)
class KooperationsplanAdmin(PolicyAdmin):
    list_display = ["leistungsberechtigter", "status", "begonnen_am", "rechtsstand"]
    list_filter = ["status"]
    readonly_fields = ["leistungsberechtigter", "rechtsstand", "status", "erstellt_von"]


@admin.register(PlanVersion)
class PlanVersionAdmin(PolicyAdmin):
    list_display = ["plan", "nummer", "status", "vereinbart_am", "ueberpruefung_bis"]
    list_filter = ["status"]
    inlines = [PlanEintragInline]
    readonly_fields = [
        "plan",
        "nummer",
        "status",
        "vereinbart_am",
        "vereinbart_von",
        "ueberpruefung_bis",
        "pdf",
        "pdf_sha256",
        "lesbarkeit_wstf",
    ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.ist_vereinbart:
            return False
        return super().has_change_permission(request, obj)


@admin.register(TraegerAbstimmung)
class TraegerAbstimmungAdmin(PolicyAdmin):
    list_display = ["version", "traeger", "status", "frist"]
    readonly_fields = [
        "version",
        "traeger",
        "angefragt_am",
        "frist",
        "entschieden_am",
        "entschieden_von",
    ]


@admin.register(Schlichtung)
class SchlichtungAdmin(PolicyAdmin):
    list_display = ["plan", "begonnen_am", "ende_spaetestens", "ergebnis"]


@admin.register(KeinPlanWiedervorlage)
class KeinPlanWiedervorlageAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    """After how many days a case with "kein Plan" comes up again, per reason;
    a reason without a row uses the default named in the list's description."""

    verwaltungsbereich = "jobcenter"
    verwaltungshinweis = "Nach wie vielen Tagen ein Fall ohne Plan wieder vorgelegt wird, je Grund."
    verwaltungsrang = 2

    list_display = ["grund", "nach_tagen", "jobcenter"]
    list_filter = ["jobcenter"]

    def changelist_view(self, request, extra_context=None):
        vorgaben = ", ".join(
            f"{KeinPlanGrund(grund).label}: {tage}"
            for grund, tage in WIEDERVORLAGE_NACH_KEIN_PLAN.items()
        )
        extra_context = {
            **(extra_context or {}),
            "subtitle": f"Ohne Eintrag gelten diese Tage: {vorgaben}.",
        }
        return super().changelist_view(request, extra_context)
