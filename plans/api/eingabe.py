"""What every plans endpoint shares: the path parameters of the nested
resources and the check of an input serializer (400 with field errors)."""

from drf_spectacular.utils import OpenApiParameter

PLAN_PK = OpenApiParameter(
    "plan_pk", int, OpenApiParameter.PATH, description="Kennung des Kooperationsplans."
)
VERSION_PK = OpenApiParameter(
    "version_pk", int, OpenApiParameter.PATH, description="Kennung der Planversion."
)


def eingabe(klasse, request, partial: bool = False):
    """The checked input of ``klasse``; references by id are resolved within
    what the requesting user may see (``SichtbarerBezug`` reads the request).
    ``partial`` (PATCH): only the fields sent, no defaults filled in."""
    eingabe = klasse(data=request.data, context={"request": request}, partial=partial)
    eingabe.is_valid(raise_exception=True)
    return eingabe.validated_data
