"""Access rules of the ``cases`` models, added to the one policy
(``kooperation.access``) when the app is ready: all of them are social data of
one Leistungsberechtigter; each rule names the path to that person."""

from dataclasses import dataclass

from django.db.models import Q

from kooperation.access import Sozialdaten, eigene_faelle_q, team_faelle_q, vertretung_faelle_q


@dataclass(frozen=True)
class Fallvermerke(Sozialdaten):
    """Notes of conversations and calls: for the case workers only, the
    responsible IFK and the team (with its lead), and the colleague covering
    for an absent IFK. Neither the Träger nor the Geschäftsführung nor a
    Fachverfahren's token reads them; written by the responsible IFK (or her
    cover)."""

    def sichtbar_q(self, user) -> Q:
        pfad = self.leistungsberechtigter
        return (
            team_faelle_q(user, pfad)
            | eigene_faelle_q(user, pfad)
            | vertretung_faelle_q(user, pfad)
        )


REGELN = {
    "cases.leistungsberechtigter": Sozialdaten(leistungsberechtigter=""),
    "cases.gesetzlichervertreter": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.einwilligung": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.datenweitergabe": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.potenzialanalyse": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "cases.vermerk": Fallvermerke(leistungsberechtigter="leistungsberechtigter"),
    "cases.handlungsbedarf": Sozialdaten(
        leistungsberechtigter="potenzialanalyse__leistungsberechtigter"
    ),
}
