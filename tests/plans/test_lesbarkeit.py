"""Readability of German plan texts with values worked out by hand from the
formulas (Wiener Sachtextformel 1, Flesch reading ease after Amstad):

WSTF = 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875
FA   = 180 − SL − 58.5·(syllables per word)

MS: % words with 3+ syllables, SL: words per sentence, IW: % words with more
than 6 letters, ES: % one-syllable words."""

from decimal import Decimal

import pytest

from plans.dokumente.lesbarkeit import (
    HINWEIS,
    als_dezimal,
    fachbegriffe,
    flesch_amstad,
    lange_saetze,
    lange_woerter,
    wiener_sachtextformel,
)


@pytest.mark.parametrize(
    ("text", "wstf", "fa"),
    [
        # 5 words, 1 sentence; ar-bei-ten has 3 syllables and 8 letters;
        # Ich, will, als have one: MS 20, SL 5, IW 20, ES 60; 8 syllables.
        ("Ich will als Köchin arbeiten.", 4.5, 81.4),
        # 7 words, 2 sentences; only Kat-ze has 2 syllables; schläft has 7
        # letters: MS 0, SL 3.5, IW 14.3, ES 85.7; 8 syllables.
        ("Der Hund bellt laut. Die Katze schläft.", -1.2, 109.6),
        # "Ja gut." has two words: textstat does not count it as a sentence,
        # so 7 words make one sentence (SL 7): MS 14.3, IW 14.3, ES 71.4.
        ("Ich will als Köchin arbeiten. Ja gut.", 2.6, 89.4),
    ],
)
def test_bekannte_werte(text, wstf, fa):
    assert wiener_sachtextformel(text) == wstf
    assert flesch_amstad(text) == fa


def test_amtsdeutsch_liegt_weit_ausserhalb_des_zielbereichs():
    text = (
        "Die Eingliederungsleistungen werden nach Maßgabe der Rechtsfolgenbelehrung "
        "gewährt, sofern die leistungsberechtigte Person ihren Mitwirkungspflichten "
        "nachkommt."
    )
    assert wiener_sachtextformel(text) > 7
    assert flesch_amstad(text) < 60
    assert lange_saetze(text) == [text]
    assert "Rechtsfolgenbelehrung" in lange_woerter(text)


def test_leerer_text_hat_keine_kennzahl():
    assert wiener_sachtextformel("") is None
    assert flesch_amstad("  ") is None
    assert als_dezimal(None) is None


def test_wert_fuer_die_datenbank_hat_eine_nachkommastelle():
    assert als_dezimal(4.463) == Decimal("4.5")


def test_bindestrich_woerter_gelten_nicht_als_lang():
    assert lange_woerter("Ich gehe zum Bewerbungs-Training.") == []
    assert lange_woerter("Ich gehe zum Bewerbungstrainingskurs.") == ["Bewerbungstrainingskurs"]


def test_kurze_saetze_werden_nicht_markiert():
    assert lange_saetze("Ich suche mir einen Deutsch-Kurs. Ich gehe zum Training.") == []


def test_amtsbegriffe_mit_einfachen_alternativen():
    gefunden = dict(
        fachbegriffe(
            "Die Maßnahmen und die Eingliederungsleistung stehen in der Rechtsfolgenbelehrung; "
            "bei Leistungsminderung bitte unverzüglich melden."
        )
    )
    assert gefunden == {
        "Maßnahmen": "Kurs, Training oder Angebot",
        "Eingliederungsleistung": "Hilfe vom Jobcenter",
        "Rechtsfolgenbelehrung": "Hinweis, was passiert, wenn Sie etwas nicht tun",
        "Leistungsminderung": "weniger Geld",
        "unverzüglich": "sofort",
    }


def test_einfacher_text_hat_keine_amtsbegriffe():
    assert fachbegriffe("Das Jobcenter bezahlt den Sprachkurs.") == []


def test_hinweis_nennt_die_grenzen_der_zaehlung():
    assert "Silbentrennung" in HINWEIS
    assert "zwei Wörtern" in HINWEIS
