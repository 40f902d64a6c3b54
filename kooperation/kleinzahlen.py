"""Small counts are never shown (statistical confidentiality, § 35 SGB I with
§ 16 BStatG as the model): a figure that counts fewer than
``MINDESTZAHL`` people but at least one is replaced by a mark, wherever
figures leave the server (pages, CSV, JSON, PDF, API).

Suppressing the small cell alone is not enough when a total is shown beside
its parts: the total minus the other parts gives the cell back. So
``sperren`` also suppresses a second cell (the smallest non-zero part, or
the total) in every sum where a protected value would otherwise be the
only unknown, and repeats until no sum has a single unknown protected
member. This is the usual heuristic of statistical offices for tables
with a few sums; it does not solve every combination of many overlapping
sums, which these tables do not have.

Zero is shown: it identifies nobody.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MINDESTZAHL = 5
ZEICHEN_KLEIN = f"< {MINDESTZAHL}"
# A cell suppressed only so that a small one cannot be computed back.
ZEICHEN_FOLGE = "x"
ERKLAERUNG = (
    f"„{ZEICHEN_KLEIN}“: weniger als {MINDESTZAHL} Personen, zum Schutz der Einzelnen nicht "
    f"genannt. „{ZEICHEN_FOLGE}“: gesperrt, weil sich sonst eine kleine Zahl aus den Summen "
    "errechnen ließe."
)

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Gesperrt:
    """A suppressed figure; shows as its mark in templates, CSV and JSON."""

    klein: bool = True
    gesperrt = True  # for templates: ``{% if wert.gesperrt %}``

    def __str__(self) -> str:
        return ZEICHEN_KLEIN if self.klein else ZEICHEN_FOLGE


KLEIN = Gesperrt(klein=True)
FOLGE = Gesperrt(klein=False)


def ist_klein(wert: int) -> bool:
    return 0 < wert < MINDESTZAHL


def ist_gesperrt(wert) -> bool:
    return isinstance(wert, Gesperrt)


def sperren(
    werte: dict[K, int],
    summen: Iterable[tuple[K, Sequence[K]]] = (),
    verborgen: Iterable[K] = (),
) -> dict[K, int | Gesperrt]:
    """``werte`` with every small count replaced by ``KLEIN`` and, where a sum
    (``(gesamt, teile)``) would give one back, a second cell by ``FOLGE``.

    ``verborgen`` are values that are never shown but follow from the shown
    ones (say, the people who were late, when the total and the punctual
    are shown); a small hidden value is protected like a shown one. They are
    left out of the result."""
    summen = list(summen)
    verborgen = set(verborgen)
    gesperrt = {k for k, v in werte.items() if ist_klein(v) and k not in verborgen}
    unbekannt = gesperrt | verborgen
    geschuetzt = gesperrt | {k for k in verborgen if ist_klein(werte[k])}
    folge: set[K] = set()
    weiter = True
    while weiter:
        weiter = False
        for gesamt, teile in summen:
            offen = [g for g in (gesamt, *teile) if g in unbekannt]
            if len(offen) != 1 or offen[0] not in geschuetzt:
                continue
            kandidaten = sorted(
                (t for t in teile if t not in unbekannt and werte[t] > 0), key=werte.__getitem__
            )
            if not kandidaten and gesamt not in unbekannt:
                kandidaten = [gesamt]
            if kandidaten:
                neu = kandidaten[0]
                folge.add(neu)
                unbekannt.add(neu)
                geschuetzt.add(neu)
                weiter = True
    return {
        k: (KLEIN if k in gesperrt else FOLGE if k in folge else v)
        for k, v in werte.items()
        if k not in verborgen
    }


def einzeln(wert: int) -> int | Gesperrt:
    """One count that is part of no shown sum."""
    return KLEIN if ist_klein(wert) else wert


def als_daten(wert):
    """For JSON: the number, or the mark as a string."""
    return str(wert) if ist_gesperrt(wert) else wert


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "enum": [ZEICHEN_KLEIN, ZEICHEN_FOLGE]},
        ],
        "description": ERKLAERUNG,
    }
)
class KleinzahlFeld(serializers.Field):
    """A count in the API: a number, or the mark of a suppressed count."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return als_daten(value)
