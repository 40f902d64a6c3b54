"""The legal engine: which Rechtsstand an act follows, whether it is possible,
and the dates, consequences and notices that follow from it.

The entries are in ``kooperation/rechtsstaende.py``; this package applies them.
Everything here is pure (no database): the acts in ``plans`` store what they
followed."""

from kooperation.rechtsregeln import (
    Aktart,
    Anhoerungsform,
    Bezug,
    Leiter,
    Quelle,
    Rechtsstand,
    Stufe,
    Umfang,
    Verstossart,
)

from .akte import (
    Anlass,
    KeinRechtsstand,
    Pruefung,
    Wahl,
    akt_moeglich,
    alle,
    am,
    fuer_akt,
    nach_schluessel,
)
from .belehrungen import (
    Belehrung,
    Rechtsbehelfsbelehrung,
    rechtsbehelfsbelehrung,
    rechtsfolgenbelehrung,
    rechtsfolgenbelehrung_fuer,
)
from .folgen import Folge, FruehererVerstoss, folge_fuer_verstoss
from .fristen import (
    Bekanntgabe,
    Fristende,
    anhoerung_antwort_bis,
    bekanntgabe,
    naechster_werktag,
    schlichtung_endet_spaetestens,
    ueberpruefung_spaetestens,
    widerspruchsfrist_ende,
)

__all__ = [
    "Aktart",
    "Anhoerungsform",
    "Anlass",
    "Bekanntgabe",
    "Belehrung",
    "Bezug",
    "Folge",
    "Fristende",
    "FruehererVerstoss",
    "KeinRechtsstand",
    "Leiter",
    "Pruefung",
    "Quelle",
    "Rechtsbehelfsbelehrung",
    "Rechtsstand",
    "Stufe",
    "Umfang",
    "Verstossart",
    "Wahl",
    "akt_moeglich",
    "alle",
    "am",
    "anhoerung_antwort_bis",
    "bekanntgabe",
    "folge_fuer_verstoss",
    "fuer_akt",
    "nach_schluessel",
    "naechster_werktag",
    "rechtsbehelfsbelehrung",
    "rechtsfolgenbelehrung",
    "rechtsfolgenbelehrung_fuer",
    "schlichtung_endet_spaetestens",
    "ueberpruefung_spaetestens",
    "widerspruchsfrist_ende",
]
