"""Access rules of the ``plans`` models, added to the one policy
(``kooperation.access``) when the app is ready. Plans are social data of their
Leistungsberechtigter; a Träger-Abstimmung is also seen (pseudonymised) and
decided by the staff of the kommunaler Träger it is addressed to."""

from kooperation.access import Abstimmungsdaten, Konfiguration, Sozialdaten, Systemdaten

REGELN = {
    "plans.keinplanwiedervorlage": Konfiguration(jobcenter="jobcenter"),
    # The dashboard's kept figures: read only through the dashboard, whose
    # selection (``kennzahlen.auswahl``) decides who sees which Jobcenter.
    "plans.kennzahlenstand": Systemdaten(),
    "plans.kennzahlenaenderung": Systemdaten(),
    "plans.kooperationsplan": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "plans.planversion": Sozialdaten(leistungsberechtigter="plan__leistungsberechtigter"),
    "plans.planeintrag": Sozialdaten(leistungsberechtigter="version__plan__leistungsberechtigter"),
    "plans.schlichtung": Sozialdaten(leistungsberechtigter="plan__leistungsberechtigter"),
    "plans.pflichtenfestsetzung": Sozialdaten(leistungsberechtigter="plan__leistungsberechtigter"),
    "plans.rechtsakt": Sozialdaten(leistungsberechtigter="plan__leistungsberechtigter"),
    "plans.bescheidpunkt": Sozialdaten(
        leistungsberechtigter="festsetzung__plan__leistungsberechtigter"
    ),
    "plans.pflichtverletzung": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "plans.einladung": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "plans.anhoerung": Sozialdaten(leistungsberechtigter="einladung__leistungsberechtigter"),
    "plans.leistungsmitteilung": Sozialdaten(leistungsberechtigter="leistungsberechtigter"),
    "plans.partnerplan": Sozialdaten(leistungsberechtigter="plan__leistungsberechtigter"),
    "plans.ueberpruefung": Sozialdaten(leistungsberechtigter="plan__leistungsberechtigter"),
    "plans.ueberpruefungschritt": Sozialdaten(
        leistungsberechtigter="ueberpruefung__plan__leistungsberechtigter"
    ),
    "plans.traegerabstimmung": Abstimmungsdaten(
        traeger="traeger", leistungsberechtigter="version__plan__leistungsberechtigter"
    ),
    "plans.abstimmungposition": Abstimmungsdaten(
        traeger="abstimmung__traeger",
        leistungsberechtigter="eintrag__version__plan__leistungsberechtigter",
    ),
}
