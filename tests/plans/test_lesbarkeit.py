"""Readability of German plan texts with values worked out by hand from the
formulas (Wiener Sachtextformel 1, Flesch reading ease after Amstad):

WSTF = 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875
FA   = 180 − SL − 58.5·(syllables per word)

MS: % words with 3+ syllables, SL: words per sentence, IW: % words with more
than 6 letters, ES: % one-syllable words."""

from decimal import Decimal

import pytest

from plans.dokumente.lesbarkeit import (
    FACHBEGRIFFE,
    HINWEIS,
    MINDEST_SAETZE,
    MINDEST_WOERTER,
    als_dezimal,
    bewerten,
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
        "Rechtsfolgenbelehrung": "Hinweis, was passiert, wenn ich etwas nicht tue",
        "Leistungsminderung": "weniger Geld",
        "unverzüglich": "sofort",
    }


def test_einfacher_text_hat_keine_amtsbegriffe():
    assert fachbegriffe("Das Jobcenter bezahlt den Sprachkurs.") == []


def test_hinweis_ist_fuer_die_ifk_geschrieben():
    assert "textstat" not in HINWEIS
    assert "Silben" not in HINWEIS
    assert "Richtwerte, keine Pflicht" in HINWEIS
    assert f"mindestens {MINDEST_SAETZE} Sätzen und {MINDEST_WOERTER} Wörtern" in HINWEIS


# --- a figure only where there is enough text to measure ---------------------

MUSTERSATZ = "Ich will wieder als Friseurin arbeiten."


def test_der_mustersatz_des_plans_wird_nicht_markiert():
    # On its own the formula gives 9.3 ("hard") for this plain sentence.
    assert wiener_sachtextformel(MUSTERSATZ) > 7
    b = bewerten("ziel", "Mein Ziel", MUSTERSATZ)
    assert b.wstf is None
    assert b.flesch_amstad is None
    assert not b.messbar
    assert b.im_zielbereich is None
    assert (b.saetze, b.woerter) == (1, 6)
    assert b.lange_saetze == []
    assert b.lange_woerter == []
    assert b.fachbegriffe == []


def _saetze(anzahl: int, woerter_je_satz: int) -> str:
    satz = " ".join(["Ich"] + ["gehe"] * (woerter_je_satz - 2) + ["gern."])
    return "\n".join([satz] * anzahl)


@pytest.mark.parametrize(
    ("anzahl", "woerter_je_satz", "messbar"),
    [
        (3, 14, True),  # 3 sentences, 42 words
        (3, 13, False),  # 3 sentences, 39 words: one word short
        (2, 20, False),  # 40 words, but only 2 sentences
        (8, 5, True),  # 8 sentences, 40 words
    ],
)
def test_schwelle_fuer_eine_kennzahl(anzahl, woerter_je_satz, messbar):
    b = bewerten("weg", "Der Weg", _saetze(anzahl, woerter_je_satz))
    assert (b.saetze, b.woerter) == (anzahl, anzahl * woerter_je_satz)
    assert b.messbar is messbar
    assert (b.wstf is not None) is messbar


def test_jede_zeile_eines_teils_ist_ein_satz():
    # The items of a part are joined by line breaks, often without full stop.
    b = bewerten(
        "weg", "Der Weg", "Deutsch-Kurs besuchen\nBewerbungen schreiben\nTermin wahrnehmen"
    )
    assert b.saetze == 3


# --- suggestions in the plan's own voice -------------------------------------


def test_vorschlaege_bleiben_in_der_ich_form():
    for begriff, ersatz in FACHBEGRIFFE.items():
        woerter = set(ersatz.replace(",", " ").split())
        assert not woerter & {"Sie", "Ihnen", "Ihr", "Ihre", "Ihrer", "Ihren"}, begriff


def test_ich_form_in_einem_plansatz():
    gefunden = dict(
        fachbegriffe("Ich kenne meine Mitwirkungspflichten und die Bedarfsgemeinschaft.")
    )
    assert gefunden == {
        "Mitwirkungspflichten": "was ich tun muss",
        "Bedarfsgemeinschaft": "meine Familie im Haushalt",
    }
