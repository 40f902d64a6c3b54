"""The IFK's caseload, a person's page and the Teamleitung's overview. Thin:
parse input, ask the policy (through the selectors), render."""

from __future__ import annotations

import copy
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kooperation import access, kleinzahlen
from kooperation.audit import lesezugriff, listenzugriff
from kooperation.errors import Fachfehler, KeinZugriff
from kooperation.forms import fachfehler_ins_formular
from kooperation.seiten import ausfuehren, zugriff
from kooperation.selectors import (
    nachrichten_fuer,
    team_ifks,
    vertretungen_fuer,
    wiedervorlagen_fuer,
)
from kooperation.tabellen import csv_antwort
from partners.models import Partner

from .forms import (
    EinwilligungFormular,
    PersonFormular,
    PotenzialanalyseFormular,
    VermerkFormular,
    VerschiebenFormular,
    WeitergabeFormular,
)
from .models import Einwilligung, Leistungsberechtigter, Phase, Vermerk
from .selectors import (
    bedarfsanalyse,
    bedarfsmatrix_als_daten,
    datenweitergaben_fuer,
    einwilligungen_fuer,
    leistungsberechtigte_fuer,
    leistungsberechtigter_fuer,
    potenzialanalyse_fuer,
    vermerke_fuer,
    vermerke_suchen,
    wiedervorlage_fuer,
)
from .services import (
    daten_weitergeben,
    einwilligung_erfassen,
    einwilligung_widerrufen,
    leistungsberechtigter_aendern,
    leistungsberechtigter_anlegen,
    potenzialanalyse_abschliessen,
    potenzialanalyse_beginnen,
    potenzialanalyse_speichern,
    vermerk_schreiben,
    wiedervorlage_erledigt_melden,
    wiedervorlage_verschieben,
)
from .zeilen import fallzeilen, wiedervorlagenzeilen


def _abfrage_ohne_seite(request) -> str:
    """The list's query string without the page number, for the page links."""
    abfrage = request.GET.copy()
    abfrage.pop("seite", None)
    return abfrage.urlencode()


# Rows per Wiedervorlagen list on the start pages; each list pages on its own.
WV_SEITENGROESSE = 10
# Covered cases shown on the substitute's start page; the rest one click away.
VERTRETUNG_FAELLE = 10
# Notices shown on the start page: the latest few of the last weeks.
NACHRICHTEN_ZEITRAUM = datetime.timedelta(days=14)
NACHRICHTEN_ANZAHL = 10


def _wiedervorlagen_seiten(
    request,
    heute: datetime.date,
    *,
    nur_eigene: bool,
    vertretung: bool = False,
    zustaendig_id: int | None = None,
) -> dict:
    """The overdue Wiedervorlagen and those due from today to Sunday, as two
    lists with their own pages: a long overdue list never hides this week's.
    With ``vertretung``, a third list: those of the colleagues the user covers
    for, overdue and due this week."""
    sonntag = heute + datetime.timedelta(days=6 - heute.weekday())
    bis_sonntag = wiedervorlagen_fuer(user=request.user, bis=sonntag, nur_eigene=nur_eigene)
    if zustaendig_id is not None:
        bis_sonntag = bis_sonntag.filter(zustaendig_id=zustaendig_id)
    listen = {
        "ueberfaellig": bis_sonntag.filter(faellig_am__lt=heute),
        "woche": bis_sonntag.filter(faellig_am__gte=heute),
    }
    # The two lists split the same rows at today: one query counts both.
    anzahlen = bis_sonntag.aggregate(
        ueberfaellig=Count("pk", filter=Q(faellig_am__lt=heute)),
        woche=Count("pk", filter=Q(faellig_am__gte=heute)),
    )
    if vertretung:
        listen["vertretung"] = wiedervorlagen_fuer(
            user=request.user, bis=sonntag, nur_vertretung=True
        )
    zurueck = request.get_full_path()
    ergebnis = {"sonntag": sonntag, "zurueck": zurueck}
    seiten = {}
    for name, qs in listen.items():
        parameter = f"seite_{name}"
        paginator = Paginator(qs, WV_SEITENGROESSE)
        if name in anzahlen:
            paginator.count = anzahlen[name]  # counted above; no query of its own
        seite = paginator.get_page(request.GET.get(parameter))
        seite.object_list = list(seite.object_list)
        seiten[name] = seite
    personen = _personen_der(request.user, [w for s in seiten.values() for w in s.object_list])
    for name, seite in seiten.items():
        parameter = f"seite_{name}"
        abfrage = request.GET.copy()
        abfrage.pop(parameter, None)
        ergebnis[f"wv_{name}"] = {
            "seite": seite,
            "zeilen": wiedervorlagenzeilen(
                seite.object_list,
                personen=personen,
                heute=heute,
                zurueck=zurueck,
                mit_zustaendig=not nur_eigene or name == "vertretung",
            ),
            "parameter": parameter,
            "abfrage": abfrage.urlencode(),
        }
    return ergebnis


def _gezeigte_wiedervorlagen(listen: dict) -> list:
    """The rows of every Wiedervorlagen list on a page, for the access entry."""
    return [
        w
        for name, liste in listen.items()
        if name.startswith("wv_")
        for w in liste["seite"].object_list
    ]


def _personen_der(user, wiedervorlagen) -> dict:
    """The people of the Wiedervorlagen of every list on a page, in one
    scoped query: a person the user may not see is missing."""
    ids = {w.leistungsberechtigter_id for w in wiedervorlagen if w.leistungsberechtigter_id}
    if not ids:
        return {}
    # Only what the rows show (name and link): the person's other columns
    # (texts, contact data) would be read for nothing.
    return (
        access.sichtbar(user, Leistungsberechtigter.objects.filter(pk__in=ids))
        .only("pk", "vorname", "nachname")
        .in_bulk()
    )


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen)
def fallliste(request):
    heute = timezone.localdate()
    bereich = request.GET.get("bereich", "eigene")
    vertretene = access.vertretene(request.user)
    if access.rolle_von(request.user) != access.Rolle.IFK:
        bereich = "team"
    elif bereich == "vertretung" and not vertretene:
        bereich = "eigene"
    phase = request.GET.get("phase", "")
    if phase not in Phase.values:
        phase = ""
    suche = request.GET.get("q", "")[:100]
    ueberfaellig = request.GET.get("ueberfaellig") == "1"
    try:
        frist_bis = datetime.date.fromisoformat(request.GET.get("frist_bis", ""))
    except ValueError:
        frist_bis = None
    faelle = leistungsberechtigte_fuer(
        user=request.user,
        suche=suche,
        phase=phase,
        nur_eigene=bereich == "eigene",
        nur_team=bereich == "team",
        nur_vertretung=bereich == "vertretung",
        ueberfaellig_am=heute if ueberfaellig else None,
        frist_bis=frist_bis,
    )
    seite = Paginator(faelle, settings.SEITENGROESSE).get_page(request.GET.get("seite"))
    seite.object_list = list(seite.object_list)
    # The Wiedervorlagen lists belong to the IFK's own start page; the team's
    # list and the covered cases' list do not show them, so do not read them.
    start = bereich == "eigene"
    listen = (
        _wiedervorlagen_seiten(
            request, heute, nur_eigene=True, vertretung=bool(vertretene) and start
        )
        if start
        else {}
    )
    vertretungsfaelle = []
    if vertretene and start:
        vertretungsfaelle = list(
            leistungsberechtigte_fuer(user=request.user, nur_vertretung=True)[:VERTRETUNG_FAELLE]
        )
    listenzugriff(
        request.user,
        [*seite.object_list, *_gezeigte_wiedervorlagen(listen), *vertretungsfaelle],
        "Namenssuche in der Fallliste" if suche else "Fallliste angesehen",
    )
    return render(
        request,
        "cases/fallliste.html",
        {
            "seite": seite,
            "zeilen": fallzeilen(seite.object_list, heute=heute),
            "phasen": Phase.choices,
            "filter": {
                "q": suche,
                "phase": phase,
                "bereich": bereich,
                "ueberfaellig": ueberfaellig,
                "frist_bis": frist_bis,
            },
            "abfrage": _abfrage_ohne_seite(request),
            **listen,
            "vertretene": vertretene,
            "vertretungen": (
                vertretungen_fuer(user=request.user, heute=heute).filter(vertreter=request.user)
                if vertretene and start
                else []
            ),
            "vertretungsfaelle": fallzeilen(vertretungsfaelle, heute=heute),
            "nachrichten": nachrichten_fuer(
                user=request.user, seit=timezone.now() - NACHRICHTEN_ZEITRAUM
            )[:NACHRICHTEN_ANZAHL],
            "heute": heute,
        },
    )


@require_GET
@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer)
def fall_detail(request, person):
    lesezugriff(request.user, person, "Fallakte angesehen")
    heute = timezone.localdate()
    vermerke = list(vermerke_fuer(user=request.user, leistungsberechtigter=person))
    vermerk_suche = request.GET.get("vermerke", "").strip()[:100]
    if vermerke and vermerk_suche:
        vermerke = vermerke_suchen(vermerke, vermerk_suche)
        lesezugriff(request.user, person, f"Vermerke durchsucht ({len(vermerke)} gefunden)")
    elif vermerke:
        lesezugriff(request.user, person, f"Vermerke angesehen ({len(vermerke)})")
    return render(
        request,
        "cases/fall.html",
        {
            "vermerke": vermerke,
            "vermerk_suche": vermerk_suche,
            "darf_vermerke": access.darf_bearbeiten(
                request.user, Vermerk(leistungsberechtigter=person)
            ),
            "person": person,
            "in_vertretung_fuer": access.vertretene(request.user).get(person.zustaendig_id),
            "alter": person.alter_am(heute),
            "minderjaehrig": person.ist_minderjaehrig(heute),
            "vertreter": person.vertreter.all(),
            "potenzialanalysen": person.potenzialanalysen.prefetch_related("handlungsbedarfe"),
            "plaene": person.plaene.select_related("rechtsstand").prefetch_related("versionen"),
            "einwilligungen": person.einwilligungen.select_related("partner"),
            "wiedervorlagen": access.sichtbar(
                request.user,
                person.jobcenter.wiedervorlagen.filter(leistungsberechtigter_id=person.pk),
            ).order_by("status", "faellig_am"),
            "darf_bearbeiten": access.darf_bearbeiten(request.user, person),
            "pa_laeuft": person.potenzialanalysen.filter(status="in_arbeit").exists(),
            "pa_abgeschlossen": person.potenzialanalysen.filter(status="abgeschlossen").exists(),
            # A person has one plan at a time; a new one only after "kein Plan".
            "plan_aktiv": person.plaene.exclude(status="kein_plan").exists(),
            **_termine(request.user, person),
        },
    )


def _termine(user, person) -> dict:
    """The person's appointments (the ``plans`` app's invitations, read
    through their reverse relation): the coming ones first to last, the past
    ones last to first."""
    jetzt = timezone.now()
    einladungen = access.sichtbar(user, person.einladungen.all()).annotate(
        anhoerung_pk=F("anhoerung__id")
    )
    return {
        "termine_kommend": list(einladungen.filter(beginn__gte=jetzt).order_by("beginn")[:10]),
        "termine_vergangen": list(einladungen.filter(beginn__lt=jetzt).order_by("-beginn")[:20]),
    }


@require_GET
@login_required
@zugriff(access.darf_team_leiten)
def team(request):
    """The Teamleitung's page: the team's overdue deadlines and this week's,
    for the whole team or one IFK (``?ifk=``)."""
    heute = timezone.localdate()
    fachkraefte = list(team_ifks(user=request.user))
    gewaehlt = next((u for u in fachkraefte if str(u.pk) == request.GET.get("ifk")), None)
    listen = _wiedervorlagen_seiten(
        request, heute, nur_eigene=False, zustaendig_id=gewaehlt.pk if gewaehlt else None
    )
    listenzugriff(request.user, _gezeigte_wiedervorlagen(listen), "Teamseite angesehen")
    return render(
        request,
        "cases/team.html",
        {
            **listen,
            "fachkraefte": fachkraefte,
            "gewaehlt": gewaehlt,
            "nachrichten": nachrichten_fuer(
                user=request.user, seit=timezone.now() - NACHRICHTEN_ZEITRAUM
            )[:NACHRICHTEN_ANZAHL],
            "heute": heute,
        },
    )


def _zurueck(request, standard: str) -> str:
    """Where to go after an action: the page it was taken on, if it is ours."""
    ziel = request.POST.get("zurueck") or request.GET.get("zurueck") or ""
    if url_has_allowed_host_and_scheme(
        ziel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ziel
    return standard


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=wiedervorlage_fuer, bearbeiten=True)
def wiedervorlage_erledigt(request, wv):
    if ausfuehren(request, wiedervorlage_erledigt_melden, wiedervorlage=wv) is not None:
        messages.success(
            request, f"Erledigt: {wv.get_art_display()} (fällig am {wv.faellig_am:%d.%m.%Y})."
        )
    return redirect(_zurueck(request, reverse("cases:faelle")))


@login_required
@zugriff(access.darf_fallliste_sehen, laden=wiedervorlage_fuer, bearbeiten=True)
def wiedervorlage_verschieben_seite(request, wv):
    """Move a Wiedervorlage to a new date, with a reason (audited)."""
    zurueck = _zurueck(request, reverse("cases:faelle"))
    if request.method == "POST":
        form = VerschiebenFormular(request.POST)
        if form.is_valid():
            alt = wv.faellig_am
            ergebnis = ausfuehren(
                request, wiedervorlage_verschieben, form=form, wiedervorlage=wv, **form.cleaned_data
            )
            if ergebnis is not None:
                messages.success(
                    request,
                    f"Verschoben: {wv.get_art_display()} vom {alt:%d.%m.%Y} "
                    f"auf den {ergebnis.faellig_am:%d.%m.%Y}.",
                )
                return redirect(zurueck)
    else:
        form = VerschiebenFormular()
    person = (
        access.sichtbar(request.user, Leistungsberechtigter.objects.all())
        .filter(pk=wv.leistungsberechtigter_id)
        .only("pk", "vorname", "nachname")
        .first()
    )
    return render(
        request,
        "cases/wiedervorlage_verschieben.html",
        {"wv": wv, "person": person, "form": form, "zurueck": zurueck},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer)
def potenzialanalyse_starten(request, person):
    pa = ausfuehren(
        request,
        potenzialanalyse_beginnen,
        leistungsberechtigter=person,
        begonnen_am=timezone.localdate(),
    )
    if pa is None:
        return redirect("cases:fall", pk=person.pk)
    return redirect("cases:potenzialanalyse", pk=pa.pk)


@login_required
@zugriff(access.darf_fallliste_sehen, laden=potenzialanalyse_fuer)
def potenzialanalyse(request, pa):
    """Capture the findings; "Abschließen" stores the plan's draft deadline."""
    person = pa.leistungsberechtigter
    darf = access.darf_bearbeiten(request.user, pa) and pa.status == "in_arbeit"
    vorhandene = dict(pa.handlungsbedarfe.values_list("bereich", "beschreibung"))
    if request.method == "POST":
        if not darf:
            raise KeinZugriff()
        form = PotenzialanalyseFormular(request.POST, handlungsbedarfe=vorhandene)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if "abschliessen" in request.POST:
                    potenzialanalyse_abschliessen(
                        acting_user=request.user,
                        potenzialanalyse=pa,
                        abgeschlossen_am=d["abgeschlossen_am"] or timezone.localdate(),
                        sperrversion=d["sperrversion"],
                        handlungsbedarfe=form.handlungsbedarfe(),
                        **form.befunde(),
                    )
                    pa.refresh_from_db()
                    messages.success(
                        request,
                        "Die Potenzialanalyse ist abgeschlossen. Der Entwurf des "
                        f"Kooperationsplans ist fällig bis {pa.entwurf_frist:%d.%m.%Y}.",
                    )
                    return redirect("cases:fall", pk=person.pk)
                potenzialanalyse_speichern(
                    acting_user=request.user,
                    potenzialanalyse=pa,
                    sperrversion=d["sperrversion"],
                    handlungsbedarfe=form.handlungsbedarfe(),
                    **form.befunde(),
                )
                messages.success(request, "Gespeichert.")
                return redirect("cases:potenzialanalyse", pk=pa.pk)
            except Fachfehler as fehler:
                fachfehler_ins_formular(form, fehler)
    else:
        form = PotenzialanalyseFormular(
            initial={
                "sperrversion": pa.sperrversion,
                "staerken": pa.staerken,
                "qualifikationen": pa.qualifikationen,
                "berufserfahrung": pa.berufserfahrung,
                "sprachniveau": pa.sprachniveau,
                "reha_bedarf": pa.reha_bedarf,
                "reha_hinweis": pa.reha_hinweis,
                "abgeschlossen_am": pa.abgeschlossen_am or timezone.localdate(),
            },
            handlungsbedarfe=vorhandene,
        )
    if not darf:
        for feld in form.fields.values():
            feld.disabled = True
    lesezugriff(request.user, pa, "Potenzialanalyse angesehen")
    lesetexte = [
        ("Stärken", pa.staerken),
        ("Berufliche Kenntnisse und Abschlüsse", pa.qualifikationen),
        ("Berufserfahrung", pa.berufserfahrung),
    ]
    return render(
        request,
        "cases/potenzialanalyse.html",
        {
            "pa": pa,
            "person": person,
            "form": form,
            "darf_bearbeiten": darf,
            "lesetexte": lesetexte,
        },
    )


# --- Bedarfsanalyse (seed 004, phase I) ---------------------------------------


def _matrix_als_zeilen(matrix) -> list[list]:
    kopf = ["Handlungsbedarf", "Personen", *matrix.teams, *matrix.regionen]
    kopf += ["Angebote (frei/Plätze)", "freie Plätze", "Stand"]
    zeilen = [kopf]
    for z in matrix.zeilen:
        angebote = "; ".join(
            f"{a.angebot.titel} – {a.anbieter} ({a.frei}/{a.plaetze})" for a in z.angebote
        )
        zeilen.append(
            [z.bezeichnung, z.personen, *z.je_team, *z.je_region, angebote, z.frei, z.status]
        )
    return zeilen


@require_GET
@login_required
def bedarfsanalyse_matrix(request):
    """The matrix of needs × Angebote, for the meeting the partner guide
    describes; ``?format=csv`` (Excel, semicolons) or ``?format=json`` exports it."""
    matrix = bedarfsanalyse(user=request.user, stichtag=timezone.localdate())
    dateiname = f"bedarfsanalyse-{matrix.stichtag:%Y-%m-%d}"
    format_ = request.GET.get("format", "")
    if format_ == "csv":
        return csv_antwort(f"{dateiname}.csv", _matrix_als_zeilen(matrix))
    if format_ == "json":
        antwort = JsonResponse(
            bedarfsmatrix_als_daten(matrix), json_dumps_params={"ensure_ascii": False}
        )
        antwort["Content-Disposition"] = f'attachment; filename="{dateiname}.json"'
        return antwort
    return render(
        request,
        "partners/bedarfsanalyse.html",
        {"matrix": matrix, "kleine_zahlen": kleinzahlen.ERKLAERUNG},
    )


# --- Consent and sharing with partners -----------------------------------------


@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer)
def weitergabe(request, person):
    """Consents of a person and the sharings made under them; the responsible
    IFK records consents, withdrawals and sharings here."""
    darf = access.darf_bearbeiten(request.user, person)
    partner = access.sichtbar(request.user, Partner.objects.all()).order_by("name")
    heute = timezone.localdate()
    einwilligung_form = EinwilligungFormular(
        partner=partner, initial={"erteilt_am": heute}, prefix="einwilligung"
    )
    weitergabe_form = WeitergabeFormular(partner=partner, prefix="weitergabe")
    if request.method == "POST":
        if not darf:
            raise KeinZugriff()
        aktion = request.POST.get("aktion")
        try:
            if aktion == "einwilligung":
                einwilligung_form = EinwilligungFormular(
                    request.POST, partner=partner, prefix="einwilligung"
                )
                if einwilligung_form.is_valid():
                    einwilligung_erfassen(
                        acting_user=request.user,
                        leistungsberechtigter=person,
                        **einwilligung_form.cleaned_data,
                    )
                    messages.success(request, "Die Einwilligung ist erfasst.")
                    return redirect("cases:weitergabe", pk=person.pk)
            elif aktion == "widerruf":
                einwilligung = einwilligungen_fuer(
                    user=request.user, leistungsberechtigter=person
                ).get(pk=request.POST.get("einwilligung"))
                einwilligung_widerrufen(
                    acting_user=request.user, einwilligung=einwilligung, am=heute
                )
                messages.success(
                    request,
                    f"Die Einwilligung „{einwilligung}“ ist widerrufen. "
                    "Es wird nichts mehr weitergegeben.",
                )
                return redirect("cases:weitergabe", pk=person.pk)
            else:
                weitergabe_form = WeitergabeFormular(
                    request.POST, partner=partner, prefix="weitergabe"
                )
                if weitergabe_form.is_valid():
                    daten_weitergeben(
                        acting_user=request.user,
                        leistungsberechtigter=person,
                        am=heute,
                        **weitergabe_form.cleaned_data,
                    )
                    messages.success(request, "Die Weitergabe ist erfolgt und protokolliert.")
                    return redirect("cases:weitergabe", pk=person.pk)
        except (Einwilligung.DoesNotExist, ValueError):
            raise Http404 from None
        except Fachfehler as fehler:
            ziel = einwilligung_form if aktion == "einwilligung" else weitergabe_form
            if aktion == "widerruf":
                for meldung in fehler.messages:
                    messages.error(request, meldung)
                return redirect("cases:weitergabe", pk=person.pk)
            fachfehler_ins_formular(ziel, fehler)
    lesezugriff(request.user, person, "Einwilligungen und Weitergaben angesehen")
    return render(
        request,
        "cases/weitergabe.html",
        {
            "person": person,
            "einwilligungen": einwilligungen_fuer(user=request.user, leistungsberechtigter=person),
            "weitergaben": datenweitergaben_fuer(user=request.user, leistungsberechtigter=person),
            "einwilligung_form": einwilligung_form,
            "weitergabe_form": weitergabe_form,
            "darf_bearbeiten": darf,
        },
    )


# --- Creating and changing a person ---------------------------------------------


def _doppelt_anzeigen(request, form, fehler) -> None:
    """A duplicate: the generic message in the form; a link to the person only
    if the user may open it (otherwise nothing tells who it is)."""
    fachfehler_ins_formular(form, fehler)
    doppelt = getattr(fehler, "doppelt", None)
    if doppelt is not None and doppelt.sichtbar is not None:
        form.doppelt_sichtbar = doppelt.sichtbar


@login_required
@zugriff(access.darf_fallliste_sehen)
def person_anlegen(request):
    """The IFK records a person in her own team."""
    jobcenter = request.user.jobcenter
    if not access.darf_leistungsberechtigte_anlegen(request.user, request.user.team):
        raise KeinZugriff("Personen legen Integrationsfachkräfte in ihrem Team an.")
    gesperrt = jobcenter.stammdaten_aus_fachverfahren
    form = PersonFormular(request.POST or None, neu=True)
    if request.method == "POST" and not gesperrt and form.is_valid():
        try:
            person = leistungsberechtigter_anlegen(
                acting_user=request.user,
                team=request.user.team,
                vertreter=form.vertreter(),
                trotzdem_anlegen=form.cleaned_data["trotzdem_anlegen"],
                **form.daten(),
            )
        except Fachfehler as fehler:
            _doppelt_anzeigen(request, form, fehler)
        else:
            messages.success(request, f"{person} ist angelegt.")
            return redirect("cases:fall", pk=person.pk)
    return render(
        request,
        "cases/person_formular.html",
        {"form": form, "person": None, "gesperrt": gesperrt},
        status=400 if form.is_bound else 200,
    )


@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer, bearbeiten=True)
def person_bearbeiten(request, person):
    gesperrt = person.jobcenter.stammdaten_aus_fachverfahren
    form = PersonFormular(
        request.POST or None, instance=copy.copy(person), neu=False, stammdaten_gesperrt=gesperrt
    )
    if request.method == "POST" and form.is_valid():
        try:
            leistungsberechtigter_aendern(
                acting_user=request.user,
                leistungsberechtigter=person,
                sperrversion=form.cleaned_data["sperrversion"],
                vertreter=form.vertreter(),
                **form.daten(),
            )
        except Fachfehler as fehler:
            _doppelt_anzeigen(request, form, fehler)
        else:
            messages.success(request, "Die Angaben zur Person sind gespeichert.")
            return redirect("cases:fall", pk=person.pk)
    lesezugriff(request.user, person, "Stammdaten zum Bearbeiten geöffnet")
    return render(
        request,
        "cases/person_formular.html",
        {"form": form, "person": person, "gesperrt": gesperrt},
        status=400 if form.is_bound else 200,
    )


@login_required
@zugriff(access.darf_fallliste_sehen, laden=leistungsberechtigter_fuer)
def vermerk_neu(request, person):
    """Write a note of a contact; ``?berichtigt=<id>`` makes it the
    correction of an earlier note of the same person."""
    if not access.darf_bearbeiten(request.user, Vermerk(leistungsberechtigter=person)):
        raise KeinZugriff("Vermerke schreibt die zuständige Integrationsfachkraft.")
    berichtigt = None
    kennung = request.POST.get("berichtigt") or request.GET.get("berichtigt")
    if kennung:
        try:
            berichtigt = vermerke_fuer(user=request.user, leistungsberechtigter=person).get(
                pk=int(kennung)
            )
        except (Vermerk.DoesNotExist, ValueError):
            raise Http404 from None
    form = VermerkFormular(
        request.POST or None,
        initial={"am": timezone.localdate(), "art": berichtigt.art if berichtigt else None},
    )
    if request.method == "POST" and form.is_valid():
        if ausfuehren(
            request,
            vermerk_schreiben,
            form=form,
            leistungsberechtigter=person,
            berichtigt=berichtigt,
            erfolg="Der Vermerk ist gespeichert.",
            **form.cleaned_data,
        ):
            return redirect(f"{reverse('cases:fall', args=[person.pk])}#t-vermerke")
    if berichtigt is not None:
        lesezugriff(request.user, berichtigt, "Vermerk zum Berichtigen geöffnet")
    return render(
        request,
        "cases/vermerk_formular.html",
        {"form": form, "person": person, "berichtigt": berichtigt},
        status=400 if form.is_bound else 200,
    )
