"""What every plans endpoint shares: the path parameters of the nested
resources and the check of an input serializer (400 with field errors)."""

from drf_spectacular.utils import OpenApiParameter

PLAN_PK = OpenApiParameter(
    "plan_pk", int, OpenApiParameter.PATH, description="Kennung des Kooperationsplans."
)
VERSION_PK = OpenApiParameter(
    "version_pk", int, OpenApiParameter.PATH, description="Kennung der Planversion."
)


def eingabe(klasse, request):
    eingabe = klasse(data=request.data)
    eingabe.is_valid(raise_exception=True)
    return eingabe.validated_data
