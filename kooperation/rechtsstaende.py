"""The Rechtsstände the system knows, in one place.

Each legal act follows the Rechtsstand in force on the day of that act, with
the transition rules the Rechtsstand names (``uebergaenge``: a Schlichtung
begun earlier ends under the rules of its beginning, a breach is judged by the
law at the time it was committed). The engine that applies them is
``kooperation.recht``.

A change of the law is one more entry at the end of ``RECHTSSTAENDE``,
written as "the previous entry, except ..." with a source for every changed
value; ``berichtet(...)`` marks values that are reported but not checked
against the promulgated statute. Nothing else changes: the table
``kooperation.Rechtsstand`` mirrors these entries after every ``migrate``
(values as a JSON snapshot, so a new entry needs no migration), and every
function of ``kooperation.recht`` reads this list at call time."""

from __future__ import annotations

import datetime

from kooperation.rechtsregeln import (
    Aktart,
    Anhoerungsform,
    Belegt,
    Bezug,
    Fensterbezug,
    Leiter,
    Pflichtenpfad,
    Rechtsbehelfsregel,
    Rechtsstand,
    Schlichtungsregel,
    Sonderregel,
    Stufe,
    Uebergangsregel,
    Umfang,
    berichtet,
    geprueft,
    vorgabe,
)

A = Anhoerungsform

TATZEIT = "nach dem Recht zur Zeit der Tat beurteilt"


def _uebergaenge(herkunft: str) -> dict[Aktart, Uebergangsregel]:
    tatzeit = Uebergangsregel(Bezug.TAT, TATZEIT, herkunft)
    return {
        Aktart.SCHLICHTUNG_ENDE: Uebergangsregel(
            Bezug.BEGINN, "läuft nach § 15a bis zu ihrem Ende", herkunft
        ),
        Aktart.PFLICHTVERLETZUNG: tatzeit,
        Aktart.MELDEVERSAEUMNIS: tatzeit,
        # The hearing is about a breach: the law that judges the breach says
        # what is at stake and whether the person must be heard in person.
        Aktart.ANHOERUNG: tatzeit,
    }


BUERGERGELD_2023 = Rechtsstand.erster(
    datetime.date(2023, 7, 1),
    schluessel="buergergeld-2023",
    bezeichnung="Bürgergeld",
    aenderung=(
        "Bürgergeld-Gesetz vom 16.12.2022 (BGBl. I S. 2328): Kooperationsplan, Schlichtung "
        "und Aufforderung ab 01.07.2023; gestufte Leistungsminderungen."
    ),
    leistung=Belegt("Bürgergeld", geprueft("§ 19 SGB II i. d. F. des Bürgergeld-Gesetzes")),
    ueberpruefung_spaetestens_monate=Belegt(
        6, geprueft("§ 15 Abs. 3 SGB II: gemeinsame Überprüfung spätestens nach sechs Monaten")
    ),
    erste_einladung_ohne_rechtsfolgenbelehrung=Belegt(
        True,
        geprueft(
            "§ 15 Abs. 4 SGB II: die erste Einladung nach der Potenzialanalyse ergeht ohne "
            "Rechtsfolgenbelehrung"
        ),
    ),
    vermittlungsvorrang=Belegt(
        False,
        berichtet(
            "Bürgergeld-Gesetz: der Vorrang der Vermittlung (§ 3 Abs. 1 SGB II a. F.) entfiel; "
            "Wortlaut hier nicht eingesehen"
        ),
    ),
    schlichtung=Belegt(
        Schlichtungsregel(
            hoechstdauer_wochen=4, keine_minderung_waehrenddessen=True, schlichter_unbeteiligt=True
        ),
        geprueft(
            "§ 15a Abs. 1, 3 und 4 SGB II (Wortlaut eingesehen, gesetzklar.de): bisher "
            "unbeteiligte, nicht weisungsgebundene Person; keine Minderung nach § 31a während "
            "der Schlichtung; Ende durch Einigung, spätestens nach vier Wochen"
        ),
    ),
    aufforderung=Belegt(
        Pflichtenpfad(
            vorschrift="§ 15 Abs. 5 und 6 SGB II",
            bei_nichteinigung=True,
            bei_nichteinhaltung=True,
            mit_rechtsfolgenbelehrung=True,
        ),
        geprueft(
            "§ 15 Abs. 5 (Absprachen des Plans nicht eingehalten) und Abs. 6 (kein Plan) SGB II; "
            "Pflichtverletzung nach § 31 Abs. 1 Satz 1 Nr. 1 nur nach schriftlicher "
            "Rechtsfolgenbelehrung (Sauer in SGB Office, § 31 Rz. 44b)"
        ),
    ),
    verwaltungsakt=Belegt(
        None,
        geprueft(
            "Bürgergeld-Gesetz: Eingliederungsvereinbarung und der sie ersetzende "
            "Verwaltungsakt entfallen ab 01.07.2023 (Sauer in SGB Office, § 15 Rz. 2)"
        ),
    ),
    pflichtverletzung=Belegt(
        Leiter(
            stufen=(
                Stufe(Umfang.PROZENT, prozent=10, monate=1, anhoerung=A.AUF_VERLANGEN),
                Stufe(Umfang.PROZENT, prozent=20, monate=2, anhoerung=A.SOLL_PERSOENLICH),
                Stufe(Umfang.PROZENT, prozent=30, monate=3, anhoerung=A.SOLL_PERSOENLICH),
            ),
            fenster_monate=12,
            fenster_ab=Fensterbezug.MINDERUNGSBEGINN,
        ),
        geprueft(
            "§ 31a Abs. 1 Sätze 1–5 und Abs. 2, § 31b Abs. 2 SGB II (Wortlaut eingesehen, "
            "lexetius.com): 10 % für einen Monat, bei weiterer Pflichtverletzung 20 % für zwei, "
            "bei jeder weiteren 30 % für drei Monate; „weitere“ nur nach festgestellter "
            "Minderung, deren Beginn nicht länger als ein Jahr zurückliegt; persönliche "
            "Anhörung auf Verlangen, bei wiederholten Pflichtverletzungen soll sie persönlich "
            "erfolgen"
        ),
    ),
    arbeitsverweigerung=Belegt(None, geprueft("§ 31a Abs. 7 SGB II gilt erst ab 28.03.2024")),
    meldeversaeumnis=Belegt(
        Leiter(
            stufen=(
                Stufe(Umfang.PROZENT, prozent=10, monate=1),
                Stufe(Umfang.PROZENT, prozent=10, monate=1, anhoerung=A.SOLL_PERSOENLICH),
            ),
            fenster_monate=12,
        ),
        geprueft(
            "§ 32 SGB II: jedes Meldeversäumnis nach schriftlicher Rechtsfolgenbelehrung 10 % "
            "für einen Monat, keine Steigerung (Sauer in SGB Office, § 32 Rz. 31); § 31a "
            "Abs. 2 Satz 2: bei wiederholten Meldeversäumnissen soll die Anhörung persönlich "
            "sein. Ein Fenster für „wiederholt“ nennt das Gesetz nicht: ein Jahr als Vorgabe"
        ),
    ),
    minderung_hoechstens_prozent=Belegt(
        30,
        geprueft(
            "§ 31a Abs. 4 Satz 1 SGB II: Minderungen bei wiederholten Pflichtverletzungen oder "
            "Meldeversäumnissen zusammen höchstens 30 % des Regelbedarfs"
        ),
    ),
    minderung_feststellbar_monate=Belegt(
        6, geprueft("§ 31b Abs. 1 Satz 3 SGB II: Feststellung nur binnen sechs Monaten")
    ),
    zugangsfiktion_tage=Belegt(
        3,
        geprueft(
            "§ 37 Abs. 2 Satz 1 SGB X a. F.: am dritten Tag nach Aufgabe zur Post bekannt "
            "gegeben; der Tag der Aufgabe zählt nicht mit (BSG, Urteil vom 06.05.2010, "
            "B 14 AS 12/09 R)"
        ),
    ),
    zugangsfiktion_verschiebt_sich=Belegt(
        False,
        geprueft(
            "BSG, Urteil vom 06.05.2010, B 14 AS 12/09 R: die Fiktion gilt auch an einem "
            "Sonnabend, Sonntag oder Feiertag; § 26 Abs. 3 SGB X ist nicht anzuwenden (der BFH "
            "sieht es für die Abgabenordnung anders)"
        ),
    ),
    widerspruchsfrist_monate=Belegt(
        1, geprueft("§ 84 Abs. 1 Satz 1 SGG: binnen eines Monats nach Bekanntgabe")
    ),
    fristende_verschiebt_sich=Belegt(
        True,
        geprueft(
            "§ 64 Abs. 2 und 3 SGG (Wortlaut eingesehen, lexetius.org): Ende mit dem Tag des "
            "Folgemonats, der dem Tag der Bekanntgabe entspricht, sonst mit dem Monatsende; "
            "fällt es auf Sonnabend, Sonntag oder einen gesetzlichen Feiertag, auf den nächsten "
            "Werktag. Maßgeblich sind die Feiertage am Ort, an dem die Frist zu wahren ist "
            "(Jansen in SGB Office, § 64 SGG Rz. 7): des Jobcenters Bundesland"
        ),
    ),
    rechtsbehelf=Belegt(
        Rechtsbehelfsregel(
            rechtsbehelf="Widerspruch",
            formen=(
                "schriftlich",
                "in elektronischer Form (§ 36a Abs. 2 SGB I)",
                "zur Niederschrift",
            ),
        ),
        geprueft(
            "§ 84 Abs. 1 Satz 1 SGG (Fassung seit 01.01.2018) und § 36 SGB X: Rechtsbehelf, "
            "Stelle mit Sitz, Frist und Form; ohne richtige Belehrung gilt ein Jahr (§ 66 Abs. 2 "
            "SGG)"
        ),
    ),
    anhoerung_antwortfrist_arbeitstage=Belegt(
        10,
        vorgabe(
            "§ 24 SGB X verlangt Gelegenheit zur Äußerung in angemessener Frist und nennt keine "
            "Zahl. Vorgabe: zwei Wochen (10 Arbeitstage), bis das Jobcenter eine eigene Frist "
            "einstellt"
        ),
    ),
    uebergaenge=Belegt(
        _uebergaenge("allgemeiner Grundsatz"),
        berichtet(
            "Grundsatz des Übergangsrechts: ein Verstoß wird nach dem Recht zur Zeit der Tat "
            "beurteilt, ein laufendes Verfahren endet nach den Regeln seines Beginns; hier "
            "nicht an einer Norm geprüft"
        ),
    ),
)


BUERGERGELD_2024 = BUERGERGELD_2023.ab(
    datetime.date(2024, 3, 28),
    schluessel="buergergeld-2024",
    aenderung=(
        "Zweites Haushaltsfinanzierungsgesetz 2024 (BGBl. 2024 I Nr. 107), Art. 5: Wegfall "
        "des Regelbedarfs bei Ablehnung zumutbarer Arbeit (§ 31a Abs. 7 SGB II)."
    ),
    arbeitsverweigerung=Belegt(
        Sonderregel(
            stufe=Stufe(Umfang.REGELBEDARF, monate=2, anhoerung=A.SOLL_PERSOENLICH),
            fenster_monate=12,
        ),
        geprueft(
            "§ 31a Abs. 7, § 31b Abs. 3 SGB II (Wortlaut eingesehen, buzer.de): wer innerhalb "
            "des letzten Jahres wegen Ablehnung einer Arbeit gemindert war und eine tatsächlich "
            "und unmittelbar mögliche zumutbare Arbeit willentlich nicht aufnimmt, verliert den "
            "Regelbedarf, bis die Arbeit nicht mehr möglich ist, höchstens zwei Monate; Abs. 2 "
            "(Anhörung) gilt"
        ),
    ),
)


BUERGERGELD_2025 = BUERGERGELD_2024.ab(
    datetime.date(2025, 1, 1),
    schluessel="buergergeld-2025",
    aenderung=(
        "Postrechtsmodernisierungsgesetz vom 15.07.2024 (BGBl. 2024 I Nr. 236), Art. 33: "
        "Briefe gelten am vierten statt am dritten Tag nach Aufgabe zur Post als bekannt gegeben."
    ),
    zugangsfiktion_tage=Belegt(
        4,
        geprueft(
            "§ 37 Abs. 2 Satz 1 SGB X i. d. F. des PostModG, in Kraft 01.01.2025 (Mitteilungen "
            "der Rechtsanwaltskammern Hamburg und Hamm, der Stadt Plauen zu Art. 33 PostModG). "
            "Maßgeblich ist der Tag der Aufgabe zur Post; eine Übergangsvorschrift wurde nicht "
            "gefunden"
        ),
    ),
    zugangsfiktion_verschiebt_sich=Belegt(
        False,
        berichtet(
            "BSG, Urteil vom 06.05.2010, B 14 AS 12/09 R, zur gleich gebauten Dreitagesfiktion; "
            "für die Viertagesfiktion nicht eigens geprüft"
        ),
    ),
)


BUERGERGELD_2026 = BUERGERGELD_2025.ab(
    datetime.date(2026, 3, 28),
    schluessel="buergergeld-2026",
    aenderung=(
        "§ 86 SGB II: § 31a Abs. 7 und § 31b Abs. 3 (Regelbedarf entfällt bei Ablehnung "
        "zumutbarer Arbeit) mit Ablauf des 27.03.2026 aufgehoben."
    ),
    arbeitsverweigerung=Belegt(
        None,
        berichtet(
            "§ 86 SGB II i. d. F. des Zweiten Haushaltsfinanzierungsgesetzes 2024 (Sauer in SGB "
            "Office, § 86 Rz. 1–4). Ob ein späteres Gesetz die Regel verlängert hat, ist hier "
            "nicht geprüft"
        ),
    ),
)


GRUNDSICHERUNG_2026 = BUERGERGELD_2026.ab(
    datetime.date(2026, 7, 1),
    schluessel="grundsicherung-2026",
    bezeichnung="Neue Grundsicherung",
    aenderung=(
        "13. Gesetz zur Änderung des SGB II (Neue Grundsicherung): Kabinett 17.12.2025, "
        "Bundestag 05.03.2026, weitgehend in Kraft ab 01.07.2026 (einzelne Teile berichtet bis "
        "01.08.2027). Alle Werte nach Presse- und Praxisberichten, nicht am verkündeten Text "
        "geprüft."
    ),
    leistung=Belegt("Grundsicherungsgeld", berichtet("Umbenennung in Grundsicherungsgeld")),
    ueberpruefung_spaetestens_monate=Belegt(
        6,
        berichtet(
            "Der Kooperationsplan bleibt Grundlage der Zusammenarbeit; die Frist von sechs "
            "Monaten wird als unverändert angenommen, nicht geprüft"
        ),
    ),
    erste_einladung_ohne_rechtsfolgenbelehrung=Belegt(
        True,
        berichtet(
            "Nichts Abweichendes berichtet; wie § 15 Abs. 4 SGB II (2023) angenommen, nicht geprüft"
        ),
    ),
    vermittlungsvorrang=Belegt(
        True, berichtet("Vorrang der Vermittlung in Arbeit vor Weiterbildung wieder eingeführt")
    ),
    schlichtung=Belegt(None, berichtet("Die Schlichtung nach § 15a SGB II entfällt")),
    aufforderung=Belegt(
        None,
        berichtet(
            "An die Stelle der Aufforderung nach § 15 Abs. 5 und 6 tritt der Verwaltungsakt "
            "nach § 15b SGB II-E"
        ),
    ),
    verwaltungsakt=Belegt(
        Pflichtenpfad(
            vorschrift="§ 15b SGB II (Entwurf)",
            bei_nichteinigung=True,
            bei_nichteinhaltung=True,
            mit_rechtsfolgenbelehrung=True,
        ),
        berichtet(
            "§ 15b SGB II-E: kommt kein Plan zustande oder werden Absprachen ohne wichtigen "
            "Grund nicht eingehalten, setzt das Jobcenter die Pflichten per Verwaltungsakt "
            "fest (welche Eigenbemühungen, wie oft, in welcher Form, bis wann nachzuweisen), "
            "mit Rechtsfolgenbelehrung"
        ),
    ),
    pflichtverletzung=Belegt(
        Leiter(
            stufen=(
                Stufe(Umfang.PROZENT, prozent=30, monate=3, anhoerung=A.AUF_VERLANGEN),
                Stufe(Umfang.REGELBEDARF, monate=3, anhoerung=A.SOLL_PERSOENLICH),
                Stufe(Umfang.ALLE_LEISTUNGEN, anhoerung=A.PERSOENLICH_ERFORDERLICH),
            ),
            fenster_monate=12,
        ),
        berichtet(
            "30 % des Regelbedarfs für drei Monate (dpa-Meldung zum Bundestagsbeschluss, "
            "cash.ch; gegen-hartz.de, buerger-geld.org); andere Quellen nennen ein bis drei "
            "Monate: gewählt drei. Danach der ganze Regelbedarf (Dauer nicht berichtet: drei "
            "Monate angenommen), nach wiederholter Weigerung alle Zahlungen, bis die Person "
            "mitwirkt; vor diesem Schritt muss eine persönliche Anhörung möglich gewesen sein. "
            "Fenster für „wiederholt“: ein Jahr wie bisher angenommen"
        ),
    ),
    arbeitsverweigerung=Belegt(
        None,
        berichtet(
            "Keine eigene Regel berichtet: die Ablehnung zumutbarer Arbeit folgt der Leiter der "
            "Pflichtverletzungen"
        ),
    ),
    meldeversaeumnis=Belegt(
        Leiter(
            stufen=(
                Stufe(Umfang.KEINE),
                Stufe(Umfang.PROZENT, prozent=30, monate=1),
                Stufe(Umfang.ALLE_LEISTUNGEN, anhoerung=A.PERSOENLICH_ERFORDERLICH),
            ),
            fenster_monate=12,
        ),
        berichtet(
            "Nach dem zweiten versäumten Termin 30 % für einen Monat, danach Einstellung aller "
            "Zahlungen (dpa-Meldung zum Bundestagsbeschluss, cash.ch; Antwort der "
            "Bundesregierung BT-Drs. 21/4076: Minderungsbescheid nach dem zweiten, beim dritten "
            "Meldeversäumnis Nichterreichbarkeit nach § 7b Abs. 4 SGB II-E mit Härteprüfung). "
            "Andere Berichte nennen 30 % schon beim ersten Mal: gewählt die Fassung des "
            "Bundestagsbeschlusses. Persönliche Anhörung vor dem Entzug (Presse, Dezember "
            "2025). Fenster: ein Jahr angenommen"
        ),
    ),
    minderung_hoechstens_prozent=Belegt(
        None,
        berichtet(
            "Die Obergrenze von 30 % (§ 31a Abs. 4) entfällt, wo der ganze Regelbedarf oder "
            "alle Zahlungen entfallen können"
        ),
    ),
    minderung_feststellbar_monate=Belegt(
        6, berichtet("Wie § 31b Abs. 1 Satz 3 SGB II (2023) angenommen, nicht geprüft")
    ),
    uebergaenge=Belegt(
        _uebergaenge("Übergangsregel der Neuen Grundsicherung"),
        berichtet(
            "Eine vor dem 01.07.2026 begonnene Schlichtung endet nach § 15a; Verstöße vor dem "
            "01.07.2026 werden nach altem Recht beurteilt; alles Neue folgt dem neuen Recht"
        ),
    ),
)


RECHTSSTAENDE: tuple[Rechtsstand, ...] = (
    BUERGERGELD_2023,
    BUERGERGELD_2024,
    BUERGERGELD_2025,
    BUERGERGELD_2026,
    GRUNDSICHERUNG_2026,
)
