"""CSV exports read right in a German spreadsheet: decimal comma, semicolons."""

import pytest

from kooperation.access import Rolle
from kooperation.tabellen import zelle
from tests.plans.test_kennzahlen_views import mit_faellen  # noqa: F401 - fixture


@pytest.mark.parametrize(
    ("wert", "erwartet"),
    [(86.5, "86,5"), (100.0, "100"), (0.25, "0,25"), (2 / 3, "0,67"), (12, 12), ("< 5", "< 5")],
)
def test_zahl_mit_dezimalkomma(wert, erwartet):
    assert zelle(wert) == erwartet


def test_kennzahlen_csv_schreibt_anteile_mit_komma(client, mit_faellen, monkeypatch):  # noqa: F811
    """The export writes whatever share the dashboard computed with a comma
    (the small test world's shares are suppressed as small counts, so the
    figure comes in from the row source)."""
    from plans.views import kennzahlen

    echte = kennzahlen.zeilen_fuer_export

    def mit_anteil(a, zahlen):
        yield from echte(a, zahlen)
        yield ("Pünktlichkeit", "Anteil (%) bis Entwurf", "Team Nord", 86.5)

    monkeypatch.setattr(kennzahlen, "zeilen_fuer_export", mit_anteil)
    client.force_login(mit_faellen.users[Rolle.GESCHAEFTSFUEHRUNG])
    zeilen = client.get("/kennzahlen/export.csv").content.decode("utf-8-sig").splitlines()
    assert zeilen[0] == "Bereich;Kennzahl;Gruppe;Wert"
    assert "Pünktlichkeit;Anteil (%) bis Entwurf;Team Nord;86,5" in zeilen
