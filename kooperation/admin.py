"""Django admin, under the same access policy as every other page.

``PolicyAdmin`` scopes each list to what the user may see and asks the policy
before every change. Superusers (the hosting provider's operators) manage
configuration across Jobcenters but, like everyone, see personal data only
where the policy grants it."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import access
from .models import (
    FRIST_VORGABEN,
    Erinnerung,
    Fristart,
    FristEinstellung,
    Jobcenter,
    Rechtsstand,
    Schliesstag,
    Team,
    User,
    Wiedervorlage,
)


class PolicyAdmin(admin.ModelAdmin):
    def _ist_konfiguration(self) -> bool:
        return isinstance(access.REGELN.get(self.model._meta.label_lower), access.Konfiguration)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser and self._ist_konfiguration():
            return qs
        return access.sichtbar(request.user, qs)

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser and self._ist_konfiguration():
            return True
        if obj is not None:
            return access.darf_sehen(request.user, obj)
        return super().has_view_permission(request, obj) or self._sieht_faelle(request.user)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser and self._ist_konfiguration():
            return True
        if obj is not None:
            return access.darf_bearbeiten(request.user, obj)
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        if request.user.is_superuser and self._ist_konfiguration():
            return True
        return self._ist_konfiguration() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        # Records are kept for the audit trail; deletion follows the retention
        # rules, not a click in the admin.
        return request.user.is_superuser and self._ist_konfiguration()

    def _sieht_faelle(self, user) -> bool:
        return access.darf_fallliste_sehen(user)

    def save_model(self, request, obj, form, change):
        if (
            not request.user.is_superuser
            and getattr(obj, "jobcenter_id", None) is None
            and hasattr(obj, "jobcenter_id")
        ):
            obj.jobcenter_id = request.user.jobcenter_id
        super().save_model(request, obj, form, change)


class JobcenterScopedForeignKeys:
    """Limit foreign key choices to the user's Jobcenter."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related._meta.label_lower in access.REGELN and not request.user.is_superuser:
            kwargs["queryset"] = access.sichtbar(request.user, related._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SchliesstagInline(admin.TabularInline):
    model = Schliesstag
    extra = 1


class FristEinstellungInline(admin.TabularInline):
    """Lead time and escalation per kind; a kind without a row uses the
    defaults shown in the help text."""

    model = FristEinstellung
    extra = 0
    max_num = len(Fristart.values)
    verbose_name_plural = (
        "Fristenüberwachung (ohne Eintrag gelten die Vorgaben: "
        + ", ".join(f"{art} {v}/{e}" for art, (v, e) in FRIST_VORGABEN.items())
        + " Arbeitstage vorab/bis zur Eskalation)"
    )


@admin.register(Jobcenter)
class JobcenterAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["name", "bundesland", "organisationsform", "abstimmungsmodus"]
    inlines = [SchliesstagInline, FristEinstellungInline]
    fieldsets = [
        (None, {"fields": ["name", "bundesland", "organisationsform"]}),
        (
            "Abstimmung und Fristen",
            {
                "fields": [
                    "abstimmungsmodus",
                    "abstimmungszeitpunkt",
                    "entwurf_frist_arbeitstage",
                    "abstimmung_frist_arbeitstage",
                ]
            },
        ),
        (
            "Kontakt für den Plan",
            {"fields": ["anschrift", "telefon", "email", "website", "oeffnungszeiten"]},
        ),
    ]


@admin.register(Team)
class TeamAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["name", "region", "jobcenter"]
    list_filter = ["jobcenter"]


@admin.register(User)
class BenutzerAdmin(JobcenterScopedForeignKeys, PolicyAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "jobcenter", "team", "is_active"]
    list_filter = ["groups", "is_active"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Jobcenter", {"fields": ("jobcenter", "team", "telefon")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.none()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Rechtsstand)
class RechtsstandAdmin(admin.ModelAdmin):
    """Legal rules change by migration (code and data in one place); here they
    are shown, not edited."""

    list_display = [
        "bezeichnung",
        "gueltig_ab",
        "schlichtung_vorgesehen",
        "verwaltungsakt_bei_nichteinigung",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(Wiedervorlage)
class WiedervorlageAdmin(PolicyAdmin):
    list_display = ["art", "faellig_am", "status", "erinnerungsstufe", "zustaendig", "team"]
    list_filter = ["art", "status", "erinnerungsstufe"]
    readonly_fields = [f.name for f in Wiedervorlage._meta.fields]


@admin.register(Erinnerung)
class ErinnerungAdmin(PolicyAdmin):
    list_display = ["wiedervorlage", "stufe", "faellig_am", "empfaenger", "gesendet_am"]
    list_filter = ["stufe"]
    readonly_fields = [f.name for f in Erinnerung._meta.fields]
