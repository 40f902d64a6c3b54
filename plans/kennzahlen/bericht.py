"""The dashboard as a PDF report for the Trägerversammlung (§ 44c SGB II).

A small generator class (conventions.md): a template name, a context, one
``render()``. It uses the documents' shared layout (``plans.dokumente.pdf``):
the plan's fonts, served from the project's own static files by the strict
URL fetcher (nothing else is loaded), and the tagged PDF/UA variant. The
charts are inline SVG drawn on the server, so no script and no image file."""

from __future__ import annotations

from django.template.loader import render_to_string

from plans.dokumente.pdf import layout, schreiben


class KennzahlenBericht:
    template_name = "plans/pdf/kennzahlen.html"

    def __init__(self, context: dict):
        self.context = context

    def html(self) -> str:
        return render_to_string(self.template_name, self.context)

    def render(self) -> bytes:
        return schreiben(layout(self.html()))
