"""Access rules of the ``cases`` models, added to the one policy
(``kooperation.access``) when the app is ready: all of them are social data of
one Leistungsberechtigter; each rule names the path to that person."""

from kooperation.access import Sozialdaten

REGELN = {
    "cases.leistungsberechtigter": Sozialdaten(leistungsberechtigter=""),
    "cases.gesetzlichervertreter": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.einwilligung": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.datenweitergabe": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.potenzialanalyse": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.handlungsbedarf": Sozialdaten(
        leistungsberechtigter="potenzialanalyse__leistungsberechtigter"
    ),
}
