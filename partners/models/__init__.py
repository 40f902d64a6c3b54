"""Organisations the Jobcenter works with (seeds 002, 003, 004), one module
per seam (Django finds them here):

- ``partner``: the kommunaler Träger, Kooperationspartner, Ansprechpartner,
  Angebote;
- ``belegung``: places taken per period, and the Träger's contingents;
- ``vereinbarung``: Kooperationsvereinbarungen and their care.
"""

from .belegung import Belegung, Rahmenabstimmung
from .partner import (
    Angebot,
    Ansprechpartner,
    KommunalerTraeger,
    Partner,
    Partnerart,
    Zeitraum,
)
from .vereinbarung import (
    Formalisierung,
    Kooperationsphase,
    Kooperationstreffen,
    Kooperationsvereinbarung,
    Laufzeitart,
    Phasenaufgabe,
    Vereinbarungsdokument,
    Vertragspartei,
)

__all__ = [
    "Angebot",
    "Ansprechpartner",
    "Belegung",
    "Formalisierung",
    "KommunalerTraeger",
    "Kooperationsphase",
    "Kooperationstreffen",
    "Kooperationsvereinbarung",
    "Laufzeitart",
    "Partner",
    "Partnerart",
    "Phasenaufgabe",
    "Rahmenabstimmung",
    "Vereinbarungsdokument",
    "Vertragspartei",
    "Zeitraum",
]
