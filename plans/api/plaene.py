"""``/api/v1/kooperationsplaene/`` with ``…/versionen/`` and
``…/versionen/{id}/eintraege/``. Every step of the lifecycle is an action that
calls one service; the access policy decides who may see (scoped queryset,
else 404) and change (403)."""

import django_filters
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kooperation import access
from kooperation.api_base import (
    Filter,
    JaNeinFilter,
    KennungFilter,
    Lesezugriffe,
    Sperrversion,
    erwartete_sperrversion,
    if_match_pruefen,
)
from kooperation.audit import lesezugriff

from ..dokumente.ablage import BESCHEID_PDF_FOLGT, bescheid_dateiname, planversion_dateiname
from ..models import (
    Kooperationsplan,
    PlanEintrag,
    PlanStatus,
    PlanVersion,
    TraegerAbstimmung,
)
from ..selectors import mit_eintraegen_16a
from ..serializers.abstimmung import AbstimmungSerializer
from ..serializers.eingaben import (
    AbstimmungAnfragenEingabe,
    AufforderungEingabe,
    KeinPlanEingabe,
    PflichtenFestsetzenEingabe,
    PflichtverletzungEingabe,
    PlanEintragEingabe,
    PlanVersionBearbeitenEingabe,
    SchlichtungBeendenEingabe,
    SchlichtungBeginnenEingabe,
    SperrversionEingabe,
    UeberpruefungEingabe,
    VereinbarenEingabe,
)
from ..serializers.plan import (
    KooperationsplanSerializer,
    PlanEintragSerializer,
    PlanVersionSerializer,
)
from ..services.abstimmung import (
    abstimmung_anfragen,
)
from ..services.entwurf import (
    kooperationsplan_anlegen,
    planeintrag_entfernen,
    planeintrag_speichern,
    planversion_speichern,
)
from ..services.nichteinigung import (
    aufforderung_erlassen,
    pflichten_festsetzen,
    schlichtung_beenden,
    schlichtung_beginnen,
)
from ..services.rechtsakte import pflichtverletzung_festhalten
from ..services.ueberpruefung import ueberpruefung_festhalten
from ..services.vereinbarung import (
    kein_plan_festhalten,
    kein_plan_zuruecknehmen,
    plan_fortschreiben,
    planversion_vereinbaren,
    ueberpruefung_beginnen,
)
from .eingabe import PLAN_PK, VERSION_PK, eingabe


class PlanFilter(Filter):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, help_text="Stand des Plans.")
    leistungsberechtigter = KennungFilter(
        field_name="leistungsberechtigter_id", help_text="Kennung der Person."
    )
    eigene = JaNeinFilter(
        method="nur_eigene", help_text="true: nur Pläne der Fälle, für die Sie zuständig sind."
    )

    class Meta:
        model = Kooperationsplan
        fields = ["status", "leistungsberechtigter", "eigene"]

    def nur_eigene(self, queryset, name, wert):
        return (
            queryset.filter(leistungsberechtigter__zustaendig=self.request.user)
            if wert
            else queryset
        )


class PDFRenderer(renderers.BaseRenderer):
    """Lets clients ask for ``Accept: application/pdf``. The PDF itself is a
    FileResponse; answers rendered by DRF (errors) stay JSON, see
    ``PlanVersionenViewSet.finalize_response``."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class BinaerRenderer(PDFRenderer):
    """The same PDF for clients that ask for ``application/octet-stream``:
    generators (openapi-python-client) make a download function returning
    bytes for that media type, not for ``application/pdf``."""

    media_type = "application/octet-stream"
    format = "bin"


def pdf_antwort(beschreibung: str) -> dict:
    """The schema of an answer that is a stored PDF: the same bytes as
    ``application/pdf`` or ``application/octet-stream``, as the client asks."""
    return {
        (200, art): OpenApiResponse(OpenApiTypes.BINARY, description=beschreibung)
        for art in ("application/pdf", "application/octet-stream")
    }


PDF_RENDERER = [renderers.JSONRenderer, PDFRenderer, BinaerRenderer]


class PdfOderJson:
    """Actions answering with a stored PDF: errors rendered by DRF stay JSON
    even when the client asked for ``application/pdf``."""

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and isinstance(
            getattr(request, "accepted_renderer", None), PDFRenderer
        ):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class KooperationsplaeneViewSet(
    PdfOderJson,
    Lesezugriffe,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Kooperationspläne (§ 15 Abs. 2–3 SGB II) mit ihren Übergängen."""

    queryset = Kooperationsplan.objects.select_related("rechtsstand").prefetch_related(
        "versionen",
        "schlichtungen",
        "festsetzungen__punkte",
        "rechtsakte__rechtsstand",
        "pflichtverletzungen",
        "ueberpruefungen__schritte",
    )
    serializer_class = KooperationsplanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["id", "begonnen_am"]
    ordering = ["id"]
    rolle_darf = staticmethod(access.darf_faelle_lesen)
    lesegrund = "Kooperationsplan über die Schnittstelle gelesen"

    def perform_create(self, serializer):
        daten = serializer.validated_data
        serializer.instance = kooperationsplan_anlegen(
            acting_user=self.request.user,
            leistungsberechtigter=daten["leistungsberechtigter"],
            begonnen_am=daten["begonnen_am"],
            potenzialanalyse=daten.get("potenzialanalyse"),
        )

    def _plan(self, plan, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data, status=code)

    @extend_schema(request=KeinPlanEingabe, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"], url_path="kein-plan")
    def kein_plan(self, request, pk=None):
        """Festhalten, dass kein Plan zustande kommt oder sinnvoll ist (Rz. 20)."""
        plan = self.get_object()
        daten = eingabe(KeinPlanEingabe, request)
        return self._plan(kein_plan_festhalten(acting_user=request.user, plan=plan, **daten))

    @extend_schema(request=None, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"], url_path="kein-plan-zuruecknehmen")
    def kein_plan_zuruecknehmen(self, request, pk=None):
        """„Kein Plan“ am Tag, an dem es festgehalten wurde, zurücknehmen."""
        plan = self.get_object()
        return self._plan(kein_plan_zuruecknehmen(acting_user=request.user, plan=plan))

    @extend_schema(request=None, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"])
    def ueberpruefung(self, request, pk=None):
        """Überprüfung des vereinbarten Plans beginnen (§ 15 Abs. 3 SGB II)."""
        plan = self.get_object()
        return self._plan(ueberpruefung_beginnen(acting_user=request.user, plan=plan))

    @extend_schema(request=UeberpruefungEingabe, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"], url_path="ueberpruefung-festhalten")
    def ueberpruefung_festhalten(self, request, pk=None):
        """Die Überprüfung festhalten (§ 15 Abs. 3 SGB II): wie jeder Schritt steht,
        Notiz, nächste Schritte; danach Fortschreibung oder der Plan gilt weiter bis
        zur nächsten Überprüfung."""
        plan = self.get_object()
        daten = eingabe(UeberpruefungEingabe, request)
        schritte = {s["eintrag"]: (s["stand"], s["notiz"]) for s in daten.pop("schritte")}
        ueberpruefung_festhalten(acting_user=request.user, plan=plan, schritte=schritte, **daten)
        return self._plan(plan)

    @extend_schema(request=None, responses={201: PlanVersionSerializer})
    @action(detail=True, methods=["post"])
    def fortschreiben(self, request, pk=None):
        """Plan fortschreiben: eine neue Entwurfsversion mit dem vereinbarten Inhalt."""
        plan = self.get_object()
        version = plan_fortschreiben(acting_user=request.user, plan=plan)
        return Response(PlanVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SchlichtungBeginnenEingabe, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"])
    def schlichtung(self, request, pk=None):
        """Schlichtung beginnen (§ 15a SGB II), nur wo der Rechtsstand des Plans sie vorsieht."""
        plan = self.get_object()
        daten = eingabe(SchlichtungBeginnenEingabe, request)
        schlichtung_beginnen(acting_user=request.user, plan=plan, **daten)
        return self._plan(plan)

    @extend_schema(request=SchlichtungBeendenEingabe, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"], url_path="schlichtung-beenden")
    def schlichtung_beenden(self, request, pk=None):
        """Die laufende Schlichtung beenden, mit oder ohne Einigung."""
        plan = self.get_object()
        daten = eingabe(SchlichtungBeendenEingabe, request)
        laufend = plan.schlichtungen.filter(beendet_am__isnull=True).first()
        if laufend is None:
            raise exceptions.ValidationError(
                {"non_field_errors": ["Für diesen Plan läuft keine Schlichtung."]}
            )
        schlichtung_beenden(acting_user=request.user, schlichtung=laufend, **daten)
        return self._plan(plan)

    @extend_schema(request=PflichtenFestsetzenEingabe, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"], url_path="pflichten-festsetzen")
    def pflichten_festsetzen(self, request, pk=None):
        """Pflichten per Verwaltungsakt festsetzen (Rechtsstand 2026), ohne Einigung."""
        plan = self.get_object()
        daten = eingabe(PflichtenFestsetzenEingabe, request)
        pflichten_festsetzen(acting_user=request.user, plan=plan, **daten)
        return self._plan(plan)

    @extend_schema(request=AufforderungEingabe, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"])
    def aufforderung(self, request, pk=None):
        """Aufforderung mit Rechtsfolgenbelehrung (§ 15 Abs. 5 und 6 SGB II), wo der
        Rechtsstand ihres Tages sie vorsieht."""
        plan = self.get_object()
        daten = eingabe(AufforderungEingabe, request)
        aufforderung_erlassen(acting_user=request.user, plan=plan, **daten)
        return self._plan(plan)

    @extend_schema(request=PflichtverletzungEingabe, responses=KooperationsplanSerializer)
    @action(detail=True, methods=["post"])
    def pflichtverletzung(self, request, pk=None):
        """Eine Pflichtverletzung festhalten; beurteilt nach dem Recht zur Zeit der Tat."""
        plan = self.get_object()
        daten = eingabe(PflichtverletzungEingabe, request)
        pflichtverletzung_festhalten(acting_user=request.user, plan=plan, **daten)
        return self._plan(plan)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "bescheid_id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="Kennung des Bescheids oder der Aufforderung (``festsetzungen``).",
            )
        ],
        responses=pdf_antwort(
            "Der Brief an die Person, so wie er beim Erlass abgelegt wurde; "
            "``X-Content-SHA256`` nennt seinen Hashwert (wie ``pdf_sha256``)."
        ),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"bescheide/(?P<bescheid_id>[0-9]{1,18})/pdf",
        renderer_classes=PDF_RENDERER,
    )
    def bescheid_pdf(self, request, pk=None, bescheid_id=None):
        """Das gespeicherte PDF eines Bescheids (oder einer Aufforderung) dieses Plans."""
        plan = self.get_object()
        bescheid = plan.festsetzungen.filter(pk=bescheid_id).first()
        if bescheid is None:
            raise exceptions.NotFound("Diesen Bescheid gibt es zu diesem Plan nicht.")
        if not bescheid.pdf:
            raise exceptions.NotFound(BESCHEID_PDF_FOLGT)
        lesezugriff(request.user, bescheid, "Bescheid als PDF über die Schnittstelle")
        antwort = FileResponse(
            bescheid.pdf.open("rb"),
            content_type="application/pdf",
            filename=bescheid_dateiname(bescheid),
        )
        antwort["X-Content-SHA256"] = bescheid.pdf_sha256
        return antwort


@extend_schema(parameters=[PLAN_PK])
class PlanVersionenViewSet(
    PdfOderJson,
    Sperrversion,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Versionen eines Kooperationsplans: Entwurf bearbeiten (mit Sperrversion),
    vereinbaren, zur Abstimmung geben, PDF der vereinbarten Version."""

    serializer_class = PlanVersionSerializer
    ordering_fields = ["id", "nummer"]
    ordering = ["id"]
    rolle_darf = staticmethod(access.darf_faelle_lesen)
    lesegrund = "Planversion über die Schnittstelle gelesen"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return PlanVersion.objects.filter(plan_id=self.kwargs.get("plan_pk")).prefetch_related(
            "eintraege"
        )

    def _version(self, version, code=status.HTTP_200_OK):
        version = self.get_queryset().get(pk=version.pk)
        antwort = Response(self.get_serializer(version).data, status=code)
        antwort["ETag"] = f'"{version.sperrversion}"'
        return antwort

    @extend_schema(request=PlanVersionBearbeitenEingabe, responses=PlanVersionSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Ziel, Kontakt und Sonstiges eines Entwurfs speichern (mit Sperrversion);
        nicht gesendete Felder bleiben, wie sie sind."""
        version = self.get_object()
        daten = eingabe(PlanVersionBearbeitenEingabe, request, partial=True)
        sperrversion = erwartete_sperrversion(request, version, daten)
        daten.pop("sperrversion", None)
        daten = {f: getattr(version, f) for f in ("ziel", "kontakt", "sonstiges")} | daten
        version = planversion_speichern(
            acting_user=request.user, version=version, sperrversion=sperrversion, **daten
        )
        return self._version(version)

    @extend_schema(request=VereinbarenEingabe, responses=PlanVersionSerializer)
    @action(detail=True, methods=["post"])
    def vereinbaren(self, request, *args, **kwargs):
        """Den Entwurf mit der Person vereinbaren; danach ist die Version unveränderlich."""
        version = self.get_object()
        daten = eingabe(VereinbarenEingabe, request)
        if_match_pruefen(request, version)
        version = planversion_vereinbaren(acting_user=request.user, version=version, **daten)
        return self._version(version)

    @extend_schema(request=AbstimmungAnfragenEingabe, responses={201: AbstimmungSerializer})
    @action(detail=True, methods=["post"], url_path="abstimmung-anfragen")
    def abstimmung_anfragen(self, request, *args, **kwargs):
        """Den Entwurf dem kommunalen Träger zur Abstimmung geben."""
        version = self.get_object()
        daten = eingabe(AbstimmungAnfragenEingabe, request)
        abstimmung = abstimmung_anfragen(acting_user=request.user, version=version, **daten)
        abstimmung = mit_eintraegen_16a(TraegerAbstimmung.objects.filter(pk=abstimmung.pk)).get()
        return Response(AbstimmungSerializer(abstimmung).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=pdf_antwort("Das PDF der vereinbarten Version."))
    @action(detail=True, methods=["get"], renderer_classes=PDF_RENDERER)
    def pdf(self, request, *args, **kwargs):
        """Das gespeicherte PDF einer vereinbarten Version."""
        version = self.get_object()
        if not version.pdf:
            raise exceptions.NotFound(
                "Für diese Version gibt es noch kein PDF: Es wird nach der Vereinbarung erzeugt."
            )
        lesezugriff(request.user, version, "PDF des Kooperationsplans über die Schnittstelle")
        return FileResponse(
            version.pdf.open("rb"),
            content_type="application/pdf",
            filename=planversion_dateiname(version),
        )


@extend_schema(parameters=[PLAN_PK, VERSION_PK])
class PlanEintraegeViewSet(
    Lesezugriffe,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Einträge einer Planversion (Der Weg, Unterstützung, Eigenbemühungen,
    Termine). Änderungen nur im Entwurf und mit der Sperrversion der Version."""

    serializer_class = PlanEintragSerializer
    ordering_fields = ["id", "reihenfolge"]
    ordering = ["id"]
    rolle_darf = staticmethod(access.darf_faelle_lesen)
    lesegrund = "Einträge einer Planversion über die Schnittstelle gelesen"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return PlanEintrag.objects.filter(
            version_id=self.kwargs.get("version_pk"), version__plan_id=self.kwargs.get("plan_pk")
        )

    def _version(self) -> PlanVersion:
        try:
            return access.sichtbar(self.request.user, PlanVersion.objects.all()).get(
                pk=self.kwargs.get("version_pk"), plan_id=self.kwargs.get("plan_pk")
            )
        except (PlanVersion.DoesNotExist, ValueError):
            raise exceptions.NotFound() from None

    def _sperrversion(self, version, daten) -> int:
        return erwartete_sperrversion(self.request, version, daten)

    @extend_schema(request=PlanEintragEingabe, responses={201: PlanEintragSerializer})
    def create(self, request, *args, **kwargs):
        """Einen Eintrag zum Entwurf hinzufügen."""
        version = self._version()
        daten = eingabe(PlanEintragEingabe, request)
        sperrversion = self._sperrversion(version, daten)
        daten.pop("sperrversion", None)
        eintrag = planeintrag_speichern(
            acting_user=request.user, version=version, sperrversion=sperrversion, **daten
        )
        return Response(PlanEintragSerializer(eintrag).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanEintragEingabe, responses=PlanEintragSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Einen Eintrag des Entwurfs ändern; nicht gesendete Felder bleiben."""
        eintrag = self.get_object()
        version = eintrag.version
        daten = eingabe(PlanEintragEingabe, request, partial=True)
        sperrversion = self._sperrversion(version, daten)
        daten.pop("sperrversion", None)
        bisher = {
            f: getattr(eintrag, f) for f in PlanEintragEingabe().fields if f != "sperrversion"
        }
        daten = bisher | daten
        eintrag = planeintrag_speichern(
            acting_user=request.user,
            version=version,
            eintrag=eintrag,
            sperrversion=sperrversion,
            **daten,
        )
        return Response(PlanEintragSerializer(eintrag).data)

    @extend_schema(
        request=None,
        responses={204: None},
        parameters=[
            OpenApiParameter(
                "sperrversion",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                required=True,
                description="Sperrversion der Planversion, die Sie zuletzt gelesen haben (oder "
                "If-Match mit deren ETag). Ist sie veraltet, wird nichts entfernt (409).",
            )
        ],
    )
    def destroy(self, request, *args, **kwargs):
        """Einen Eintrag aus dem Entwurf entfernen."""
        eintrag = self.get_object()
        # A DELETE carries no body in the schema (generated clients send
        # none): the version comes as a query parameter; a body still works.
        daten = SperrversionEingabe(data=request.query_params or request.data)
        daten.is_valid(raise_exception=True)
        daten = daten.validated_data
        planeintrag_entfernen(
            acting_user=request.user,
            eintrag=eintrag,
            sperrversion=self._sperrversion(eintrag.version, daten),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
