"""Django admin, under the same access policy as every other page.

``PolicyAdmin`` scopes each list to what the user may see and asks the policy
before every change. Superusers (the hosting provider's operators) manage
configuration across Jobcenters but, like everyone, see personal data only
where the policy grants it."""

from auditlog.models import LogEntry
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import access, konten
from .errors import Fachfehler, KeinZugriff
from .forms import fachfehler_ins_formular
from .models import (
    FRIST_VORGABEN,
    WIEDERVORLAGE_NACH_TAGEN,
    ApiToken,
    Erinnerung,
    Fristart,
    FristEinstellung,
    Jobcenter,
    Rechtsstand,
    Rollenantrag,
    Schliesstag,
    Team,
    User,
    Wiedervorlage,
)


class PolicyAdmin(admin.ModelAdmin):
    # Addresses typed without a scheme are web addresses over HTTPS (Django
    # 6's default; Django 5.2 warns on every form otherwise).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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


class BeschrifteteZeilen(forms.BaseInlineFormSet):
    """A table row's fields have no label of their own: the column heading
    stands for it on screen. A screen reader needs it on the field, so each
    field carries its column's name."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for feld in form.fields.values():
            # A choice of a related record is wrapped (add/change links);
            # the field itself is the inner widget.
            widget = getattr(feld.widget, "widget", feld.widget)
            widget.attrs.setdefault("aria-label", str(feld.label))


class BeschrifteteTabelle(admin.TabularInline):
    formset = BeschrifteteZeilen


class SchliesstagInline(BeschrifteteTabelle):
    model = Schliesstag
    extra = 1


class FristEinstellungInline(BeschrifteteTabelle):
    """Lead time and escalation per kind; a kind without a row uses the
    defaults shown in the help text."""

    model = FristEinstellung
    extra = 0
    max_num = len(Fristart.values)
    verbose_name_plural = (
        "Fristenüberwachung (ohne Eintrag gelten die Vorgaben: "
        + ", ".join(f"{art.label} {v}/{e}" for art, (v, e) in FRIST_VORGABEN.items())
        + " Arbeitstage vorab/bis zur Eskalation; Wiedervorlage nach "
        + ", ".join(f"{art.label} {tage}" for art, tage in WIEDERVORLAGE_NACH_TAGEN.items())
        + " Tagen)"
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
            "Termine und Anhörung",
            {"fields": ["anhoerung_frist_arbeitstage", "leistung_postfach"]},
        ),
        (
            "Aufbewahrung und Löschung",
            {
                "fields": [
                    "aufbewahrung_fall_jahre",
                    "aufbewahrung_nachrichten_monate",
                    "aufbewahrung_audit_jahre",
                ]
            },
        ),
        (
            "Kontakt für den Plan",
            {"fields": ["anschrift", "telefon", "email", "website", "oeffnungszeiten"]},
        ),
        ("Schnittstelle", {"fields": ["stammdaten_aus_fachverfahren"]}),
    ]


@admin.register(Team)
class TeamAdmin(JobcenterScopedForeignKeys, PolicyAdmin):
    list_display = ["name", "region", "jobcenter"]
    list_filter = ["jobcenter"]


# Roles that read no personal data: the Administration sets these in the user
# form. Every role that opens personal data (IFK, Teamleitung, Träger,
# Fachverfahren) is granted only through a Rollenantrag that a second person
# of the Jobcenter's Administration approves (kooperation/konten.py), for
# operators too.
VERWALTUNG_VERGIBT = konten.OHNE_PERSONENDATEN


class KontoAnlegenFormular(forms.ModelForm):
    """A new account has no usable password: it receives the one-time link to
    set one (nobody chooses a password for someone else)."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "jobcenter", "team", "telefon")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "An diese Adresse geht der Link zum Setzen des Passworts."

    def save(self, commit=True):
        konto = super().save(commit=False)
        konto.set_unusable_password()
        if commit:
            konto.save()
        return konto


class RollenFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "Rolle"


@admin.register(User)
class BenutzerAdmin(JobcenterScopedForeignKeys, PolicyAdmin, UserAdmin):
    list_display = ["username", "name", "rollen", "jobcenter", "team", "is_active"]
    list_filter = [("groups", RollenFilter), "is_active"]
    # Roles are a handful of checkboxes, each with its label; Django's
    # two-box chooser (kept for the operators' long list of single
    # permissions) brings a help icon that axe-core rejects.
    filter_horizontal = ("user_permissions",)
    add_form = KontoAnlegenFormular
    add_fieldsets = (
        (
            None,
            {"fields": ("username", "first_name", "last_name", "email", "jobcenter", "team")},
        ),
    )
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
    actions = ["passwort_link_senden", "zweiten_faktor_zuruecksetzen", "anmeldesperre_aufheben"]

    def get_list_display(self, request):
        # The Administration sees only its own Jobcenter: the column would
        # repeat it on every row and push the list wider than the screen.
        spalten = super().get_list_display(request)
        if request.user.is_superuser:
            return spalten
        return [s for s in spalten if s != "jobcenter"]

    @admin.display(description="Name", ordering="last_name")
    def name(self, obj):
        return obj.get_full_name()

    @admin.display(description="Rolle")
    def rollen(self, obj):
        namen = sorted(g.name for g in obj.groups.all())
        if obj.is_superuser:
            namen.insert(0, "Betrieb (Superuser)")
        return ", ".join(namen) or "keine Rolle"

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return super().get_fieldsets(request, obj)
        return self.verwaltung_fieldsets

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("groups")
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

    def has_konto_permission(self, request) -> bool:
        return request.user.is_superuser or access.darf_verwalten(request.user)

    def user_change_password(self, request, id, form_url=""):
        # A password set by someone else lets that person log in as the user.
        # Accounts get a one-time link instead (action below); here only
        # operators set their own password.
        if not (request.user.is_superuser and str(request.user.pk) == str(id)):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "user_permissions" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.none()
        elif db_field.name == "groups":
            # Roles with personal data come only through a Rollenantrag; an
            # operator's form keeps the roles the account already has.
            erlaubt = Q(name__in=_verwaltung_vergibt_namen())
            konto_id = request.resolver_match.kwargs.get("object_id")
            if request.user.is_superuser and konto_id:
                erlaubt |= Q(user__pk=konto_id)
            kwargs["queryset"] = db_field.related_model.objects.filter(erlaubt).distinct()
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
            kwargs["label"] = "Rolle"
            kwargs["help_text"] = (
                "Rollen ohne Zugriff auf Sozialdaten. Rollen, die Sozialdaten lesen "
                "(Integrationsfachkraft, Teamleitung, Kommunaler Träger, Fachverfahren), "
                "vergeben Sie über einen Rollenantrag."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.is_superuser = False
            if not change:
                obj.is_staff = False
        # Kept on the request: the admin object is shared by all requests.
        request.rollen_vorher = (
            set(User.objects.get(pk=obj.pk).groups.values_list("name", flat=True))
            if change
            else set()
        )
        super().save_model(request, obj, form, change)
        if not change:
            transaction.on_commit(
                lambda: konten.passwort_link_senden(konto=obj, request=request, akteur=request.user)
            )
            self.message_user(
                request,
                f"Das Konto „{obj.username}“ hat noch kein Passwort; der Link zum Setzen "
                f"geht an {obj.email}.",
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        # Belt and braces against a forged POST: no role with personal data
        # is added here, by anyone (it needs an approved Rollenantrag).
        neu = set(user.groups.values_list("name", flat=True)) - getattr(
            request, "rollen_vorher", set()
        )
        if neu - _verwaltung_vergibt_namen():
            raise PermissionDenied
        if not request.user.is_superuser:
            ist_verwaltung = user.groups.filter(
                name=access.rollen_gruppenname(access.Rolle.ADMINISTRATION)
            ).exists()
            if user.is_staff != ist_verwaltung:
                user.is_staff = ist_verwaltung
                user.save(update_fields=["is_staff"])

    def _je_konto(self, request, queryset, aktion, erfolg: str) -> None:
        erledigt, verweigert = 0, []
        for konto in queryset:
            try:
                if aktion(konto) is False:
                    verweigert.append(konto.username)
                else:
                    erledigt += 1
            except KeinZugriff:
                verweigert.append(konto.username)
        if erledigt:
            self.message_user(request, f"{erfolg}: {erledigt} Konto/Konten.", messages.SUCCESS)
        if verweigert:
            self.message_user(
                request,
                "Nicht möglich für: " + ", ".join(verweigert) + " (eigenes Konto, Konto "
                "ohne E-Mail-Adresse oder eines, das Sie nicht verwalten).",
                messages.ERROR,
            )

    @admin.action(description="Link zum Setzen des Passworts senden", permissions=["konto"])
    def passwort_link_senden(self, request, queryset):
        def senden(konto):
            if not konten.darf_konto_verwalten(request.user, konto):
                raise KeinZugriff()
            return konten.passwort_link_senden(konto=konto, request=request, akteur=request.user)

        self._je_konto(request, queryset, senden, "Link gesendet")

    @admin.action(description="Zweiten Faktor zurücksetzen", permissions=["konto"])
    def zweiten_faktor_zuruecksetzen(self, request, queryset):
        self._je_konto(
            request,
            queryset,
            lambda k: konten.zweiten_faktor_zuruecksetzen(acting_user=request.user, konto=k),
            "Zweiter Faktor zurückgesetzt",
        )

    @admin.action(description="Anmeldesperre aufheben", permissions=["konto"])
    def anmeldesperre_aufheben(self, request, queryset):
        self._je_konto(
            request,
            queryset,
            lambda k: konten.anmeldesperre_aufheben(acting_user=request.user, konto=k),
            "Anmeldesperre aufgehoben",
        )


def _verwaltung_vergibt_namen() -> set[str]:
    return {access.rollen_gruppenname(r) for r in VERWALTUNG_VERGIBT}


class RollenantragFormular(forms.ModelForm):
    rolle = forms.ChoiceField(
        label="Rolle",
        choices=[(r.value, r.label) for r in konten.PERSONENDATEN_ROLLEN],
        help_text="Rollen, die Sozialdaten lesen. Eine zweite Person der Administration "
        "entscheidet über den Antrag.",
    )

    class Meta:
        model = Rollenantrag
        fields = ("konto", "rolle", "begruendung")

    acting_user = None

    def clean(self):
        daten = super().clean()
        if self.errors:
            return daten
        try:
            konten.rollenantrag_pruefen(
                acting_user=self.acting_user,
                konto=daten["konto"],
                rolle=daten["rolle"],
                begruendung=daten.get("begruendung", ""),
            )
        except Fachfehler as fehler:
            fachfehler_ins_formular(self, fehler)
        return daten


class KontenverwaltungAdmin(admin.ModelAdmin):
    """Pages of account administration (operators and the Administration):
    records are made by services and read here; nothing is edited or
    deleted by hand."""

    def _darf(self, request) -> bool:
        return (request.user.is_active and request.user.is_superuser) or access.darf_verwalten(
            request.user
        )

    def has_module_permission(self, request):
        return self._darf(request)

    def has_view_permission(self, request, obj=None):
        return self._darf(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rollenantrag)
class RollenantragAdmin(KontenverwaltungAdmin):
    """Requests for roles that read personal data: one person asks, a second
    person of the Jobcenter's Administration decides (actions)."""

    form = RollenantragFormular
    list_display = [
        "konto",
        "rollen_bezeichnung",
        "status",
        "beantragt_von",
        "beantragt_am",
        "entschieden_von",
        "entschieden_am",
    ]
    list_filter = ["status"]
    actions = ["genehmigen", "ablehnen"]
    readonly_fields = [
        "konto",
        "rollen_bezeichnung",
        "begruendung",
        "status",
        "beantragt_von",
        "beantragt_am",
        "entschieden_von",
        "entschieden_am",
    ]

    def get_queryset(self, request):
        qs = (
            super()
            .get_queryset(request)
            .select_related("konto", "beantragt_von", "entschieden_von")
        )
        if request.user.is_superuser:
            return qs
        return access.sichtbar(request.user, qs) if self._darf(request) else qs.none()

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        formular = super().get_form(request, obj, **kwargs)
        return type("RollenantragFormularMitNutzer", (formular,), {"acting_user": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "konto":
            qs = User.objects.filter(is_superuser=False, jobcenter__isnull=False).exclude(
                pk=request.user.pk
            )
            if not request.user.is_superuser:
                qs = qs.filter(jobcenter_id=request.user.jobcenter_id)
            kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return self._darf(request)

    def has_entscheiden_permission(self, request):
        return access.darf_verwalten(request.user)

    def save_model(self, request, obj, form, change):
        antrag = konten.rollenantrag_stellen(
            acting_user=request.user,
            konto=obj.konto,
            rolle=obj.rolle,
            begruendung=obj.begruendung,
        )
        for feld in Rollenantrag._meta.concrete_fields:
            setattr(obj, feld.attname, getattr(antrag, feld.attname))

    def _entscheiden(self, request, queryset, genehmigen: bool) -> None:
        for antrag in queryset:
            try:
                konten.rollenantrag_entscheiden(
                    acting_user=request.user, antrag=antrag, genehmigen=genehmigen
                )
            except Fachfehler as fehler:
                self.message_user(request, f"{antrag}: {' '.join(fehler.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{antrag}: {'genehmigt' if genehmigen else 'abgelehnt'}.",
                    messages.SUCCESS,
                )

    @admin.action(description="Ausgewählte Anträge genehmigen", permissions=["entscheiden"])
    def genehmigen(self, request, queryset):
        self._entscheiden(request, queryset, True)

    @admin.action(description="Ausgewählte Anträge ablehnen", permissions=["entscheiden"])
    def ablehnen(self, request, queryset):
        self._entscheiden(request, queryset, False)


@admin.register(ApiToken)
class ApiTokenAdmin(KontenverwaltungAdmin):
    """API tokens: who, since when, until when, last used; never the key (it
    is not stored) nor its digest. Made with ``manage.py create_api_token``;
    revoked here by the Administration of the same Jobcenter."""

    list_display = ["user", "bezeichnung", "created", "expiry", "zuletzt_benutzt"]
    fields = ["user", "bezeichnung", "created", "expiry", "zuletzt_benutzt"]
    readonly_fields = fields
    actions = ["widerrufen"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return qs
        return access.sichtbar(request.user, qs) if self._darf(request) else qs.none()

    def has_add_permission(self, request):
        return False

    def has_widerrufen_permission(self, request):
        return self._darf(request)

    @admin.action(description="Ausgewählte Tokens widerrufen", permissions=["widerrufen"])
    def widerrufen(self, request, queryset):
        anzahl = 0
        for token in queryset:
            konten.api_token_widerrufen(acting_user=request.user, token=token)
            anzahl += 1
        self.message_user(request, f"{anzahl} Token widerrufen.", messages.SUCCESS)


@admin.register(Rechtsstand)
class RechtsstandAdmin(admin.ModelAdmin):
    """Legal rules are code (``kooperation/rechtsstaende.py``), mirrored into
    the table after every ``migrate``; here they are shown, never edited, with
    every value's source and reported values marked."""

    list_display = ["bezeichnung", "gueltig_ab", "aenderung", "zeigt_berichtet"]
    fields = ["bezeichnung", "schluessel", "gueltig_ab", "quelle"]
    readonly_fields = fields

    class Media:
        css = {"all": ["css/rechtsstand_admin.css"]}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The parameter table goes below the fields, full width (template
        # admin/kooperation/rechtsstand/change_form.html).
        obj = self.get_object(request, object_id)
        extra_context = {**(extra_context or {})}
        if obj is not None:
            extra_context["parameter_tabelle"] = self.parameter_tabelle(obj)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Was sich ändert")
    def aenderung(self, obj):
        return obj.quelle

    @admin.display(description="berichtete Werte (nicht am Gesetzestext geprüft)")
    def zeigt_berichtet(self, obj):
        return f"{sum(p['berichtet'] for p in obj.parameter)} von {len(obj.parameter)}"

    def parameter_tabelle(self, obj):
        # Two columns (name | value, state, source) so the page also reads on
        # a narrow screen; a reported value says so in bold.
        zeilen = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td><p>{}</p><p>{}</p><p>Quelle: {}</p></td></tr>",
            (
                (
                    p["bezeichnung"],
                    p["wert"],
                    mark_safe("<strong>berichtet</strong>, nicht am Gesetzestext geprüft")  # noqa: S308
                    if p["berichtet"]
                    else "Vorgabe dieser Software, keine Rechtsnorm"
                    if p["vorgabe"]
                    else "geprüft",
                    p["quelle"],
                )
                for p in obj.parameter
            ),
        )
        return format_html(
            "<table><caption>Parameter mit Quellen: {}</caption><thead><tr>"
            "<th scope='col'>Parameter</th><th scope='col'>Wert, Stand und Quelle</th>"
            "</tr></thead>"
            "<tbody>{}</tbody></table>",
            obj,
            zeilen,
        )

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


# The audit trail holds copies of personal data of every Jobcenter: it does
# not belong on a page an operator or an Administration opens (checked with
# ``manage.py audit_pruefen``). The login lock's raw records hold addresses
# of everyone; accounts are unlocked with the action on the user.
from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential  # noqa: E402

for _modell in (
    LogEntry,
    AccessAttempt,
    AccessFailureLog,
    AccessLog,
    TOTPDevice,
    StaticDevice,
    WebAuthnCredential,
    WebAuthnAttestation,
):
    if admin.site.is_registered(_modell):
        admin.site.unregister(_modell)
