"""Fixed catalogues shared by several apps."""

from django.db import models


class Bedarfsbereich(models.TextChoices):
    """The areas a Handlungsbedarf is found in, after the partner guide (seed 004,
    Tabelle 1; domain.md). One finding of a Potenzialanalyse is a
    ``cases.Handlungsbedarf`` in one of these areas."""

    MOTIVATION = "motivation", "Motivation"
    ORIENTIERUNG = "orientierung", "Berufliche Orientierung"
    QUALIFIKATION = "qualifikation", "Qualifikation"
    SPRACHE = "sprache", "Sprache"
    SOZIALKOMPETENZ = "sozialkompetenz", "Sozialkompetenz"
    SCHULDEN = "schulden", "Schulden"
    SUCHT = "sucht", "Sucht"
    FAMILIE = "familie", "Familiäre Situation / Kinderbetreuung"
    PFLEGE = "pflege", "Pflege von Angehörigen"
    PSYCHE = "psyche", "Psychische Gesundheit"
    KOERPER = "koerper", "Körperliche Gesundheit"
    WOHNEN = "wohnen", "Wohnen"
    MOBILITAET = "mobilitaet", "Mobilität (ÖPNV)"
    AUFENTHALT = "aufenthalt", "Aufenthaltsrecht / Anerkennung ausländischer Abschlüsse"


class Leistung16a(models.TextChoices):
    """The kommunale Eingliederungsleistungen of § 16a SGB II (Nr. 1–4)."""

    BETREUUNG_PFLEGE = (
        "betreuung_pflege",
        "Betreuung minderjähriger oder behinderter Kinder, häusliche Pflege von Angehörigen",
    )
    SCHULDNERBERATUNG = "schuldnerberatung", "Schuldnerberatung"
    PSYCHOSOZIAL = "psychosozial", "Psychosoziale Betreuung"
    SUCHTBERATUNG = "suchtberatung", "Suchtberatung"
