"""The dashboard as a PDF report for the Trägerversammlung (§ 44c SGB II).

A small generator class (conventions.md): a template name, a context, one
``render()``. WeasyPrint is imported lazily (it costs about half a second),
shares one ``FontConfiguration`` per process, and fetches no URL at all: the
report's styles are inline and it embeds no image, so nothing leaves the
server and nothing foreign gets in."""

from __future__ import annotations

from functools import lru_cache

from django.template.loader import render_to_string

from plans.dokumente.pdf import PDF_VARIANTE, darstellung


@lru_cache(maxsize=1)
def _schriften():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _kein_abruf(url: str, *args, **kwargs):
    raise ValueError(f"Der Kennzahlenbericht lädt keine Adressen: {url}")


class KennzahlenBericht:
    template_name = "plans/pdf/kennzahlen.html"

    def __init__(self, context: dict):
        self.context = context

    def html(self) -> str:
        return render_to_string(self.template_name, self.context)

    def render(self) -> bytes:
        from weasyprint import HTML  # missing renderer: ImportError, loudly

        with darstellung:
            return HTML(string=self.html(), url_fetcher=_kein_abruf).write_pdf(
                font_config=_schriften(), pdf_variant=PDF_VARIANTE
            )
