"""Django admin, under the same access policy as every other page.

``PolicyAdmin`` scopes each list to what the user may see and asks the policy
before every change. Superusers (the hosting provider's operators) manage
configuration across Jobcenters but, like everyone, see personal data only
where the policy grants it."""

from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import TokenProxy

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


# Roles that read no personal data: the Administration may grant these.
# Every role that opens personal data (IFK, Teamleitung, Träger, Fachverfahren)
# is granted by the installation's operator (superuser) only, so that an
# Administration account has no path from configuration to social data.
VERWALTUNG_VERGIBT = (access.Rolle.GESCHAEFTSFUEHRUNG, access.Rolle.ADMINISTRATION)


@admin.register(User)
class BenutzerAdmin(JobcenterScopedForeignKeys, PolicyAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "jobcenter", "team", "is_active"]
    list_filter = ["groups", "is_active"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Jobcenter", {"fields": ("jobcenter", "team", "telefon")}),
    )
    # What the Administration may change on an account: never superuser,
    # staff status or single permissions, which would lift it above its role.
    verwaltung_fieldsets = (
        (None, {"fields": ("username",)}),
        ("Persönliche Informationen", {"fields": ("first_name", "last_name", "email")}),
        ("Rolle und Status", {"fields": ("is_active", "groups")}),
        ("Jobcenter", {"fields": ("jobcenter", "team", "telefon")}),
    )

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return self.verwaltung_fieldsets

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not request.user.is_superuser:
            # Operators' accounts are not the Jobcenter's to change.
            qs = qs.filter(is_superuser=False)
        return qs

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            # Nobody raises their own rights, and an account holding a role
            # that reads personal data is changed by the operator only.
            if obj.pk == request.user.pk or obj.is_superuser:
                return False
            if not set(obj.groups.values_list("name", flat=True)) <= _verwaltung_vergibt_namen():
                return False
        return super().has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and obj.is_superuser:
            return False
        return super().has_view_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # A password set by someone else lets that person log in as the user.
        # Accounts get a one-time link instead; here only operators set their
        # own password.
        if not (request.user.is_superuser and str(request.user.pk) == str(id)):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "user_permissions":
                kwargs["queryset"] = db_field.related_model.objects.none()
            elif db_field.name == "groups":
                kwargs["queryset"] = db_field.related_model.objects.filter(
                    name__in=_verwaltung_vergibt_namen()
                )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.is_superuser = False
            if not change:
                obj.is_staff = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not request.user.is_superuser:
            # Belt and braces against a forged POST: strip any role the
            # Administration may not grant, and staff status with it unless
            # the account is Administration.
            erlaubt = _verwaltung_vergibt_namen()
            fremde = user.groups.exclude(name__in=erlaubt)
            if fremde.exists():
                raise PermissionDenied
            ist_verwaltung = user.groups.filter(
                name=access.rollen_gruppenname(access.Rolle.ADMINISTRATION)
            ).exists()
            if user.is_staff != ist_verwaltung:
                user.is_staff = ist_verwaltung
                user.save(update_fields=["is_staff"])


def _verwaltung_vergibt_namen() -> set[str]:
    return {access.rollen_gruppenname(r) for r in VERWALTUNG_VERGIBT}


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
    list_display = ["wiedervorlage", "stufe", "faellig_am", "empfaenger", "nachricht"]
    list_filter = ["stufe"]
    readonly_fields = [f.name for f in Erinnerung._meta.fields]


# The audit trail holds copies of personal data of every Jobcenter and the
# token list holds the keys of every API client: neither belongs on a page an
# operator or an Administration opens. The trail is checked with
# ``manage.py audit_pruefen``; tokens are made with ``create_api_token``.
for _modell in (LogEntry, TokenProxy):
    if admin.site.is_registered(_modell):
        admin.site.unregister(_modell)
