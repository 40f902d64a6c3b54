from django.urls import path

from .views import dokumente, entwurf, kennzahlen, plan, termine, traeger, uebergaenge

app_name = "plans"
urlpatterns = [
    path("traeger/", traeger.eingang, name="eingang"),
    path("kennzahlen/", kennzahlen.kennzahlen, name="kennzahlen"),
    path("kennzahlen/export.csv", kennzahlen.kennzahlen_csv, name="kennzahlen_csv"),
    path("kennzahlen/bericht.pdf", kennzahlen.kennzahlen_pdf, name="kennzahlen_pdf"),
    path("kennzahlen/bericht/", kennzahlen.kennzahlen_bericht, name="kennzahlen_bericht"),
    path(
        "kennzahlen/faelle/<slug:kennzahl>/",
        kennzahlen.kennzahl_faelle,
        name="kennzahl_faelle",
    ),
    path("traeger/anfragen/<int:pk>/", traeger.traeger_anfrage, name="traeger_anfrage"),
    path("traeger/sammelzustimmung/", traeger.traeger_sammelzustimmung, name="sammelzustimmung"),
    path("traeger/kontingente/", traeger.kontingente, name="kontingente"),
    path(
        "traeger/kontingente/<int:pk>/zurueckziehen/",
        traeger.kontingent_zurueckziehen,
        name="kontingent_zurueckziehen",
    ),
    path("traeger/entschieden/", traeger.entschieden, name="entschieden"),
    path(
        "abstimmungen/<int:pk>/bestaetigen/",
        uebergaenge.aenderung_bestaetigen,
        name="aenderung_bestaetigen",
    ),
    path("kennzahlen/abstimmungen/", kennzahlen.abstimmung_statistik, name="abstimmung_statistik"),
    path("faelle/<int:pk>/plan/", plan.plan_beginnen, name="beginnen"),
    path("faelle/<int:pk>/kein-plan/", plan.kein_plan_person, name="kein_plan_person"),
    path("faelle/<int:pk>/auskunft/", dokumente.auskunft, name="auskunft"),
    path(
        "faelle/<int:pk>/auskunft/ansicht/",
        dokumente.auskunft_ansicht,
        name="auskunft_ansicht",
    ),
    path("faelle/<int:pk>/einladen/", termine.einladen_seite, name="einladen"),
    path("termine/", termine.woche, name="termine"),
    path("team/termine/", termine.team_woche, name="team_termine"),
    path("einladungen/<int:pk>/", termine.einladung, name="einladung"),
    path("einladungen/<int:pk>/ergebnis/", termine.ergebnis, name="einladung_ergebnis"),
    path("einladungen/<int:pk>/anhoerung/", termine.anhoerung_beginnen, name="anhoerung_beginnen"),
    path("einladungen/<int:pk>/brief.pdf", termine.einladung_brief, name="einladung_brief"),
    path("einladungen/<int:pk>/brief/", termine.einladung_ansicht, name="einladung_ansicht"),
    path("einladungen/<int:pk>/termin.ics", termine.einladung_kalender, name="einladung_ics"),
    path("anhoerungen/<int:pk>/", termine.anhoerung, name="anhoerung"),
    path("anhoerungen/<int:pk>/brief.pdf", termine.anhoerung_brief, name="anhoerung_brief"),
    path("anhoerungen/<int:pk>/brief/", termine.anhoerung_ansicht, name="anhoerung_ansicht"),
    *[
        path(
            f"anhoerungen/<int:pk>/{schritt}/",
            termine.anhoerung_schritt,
            {"schritt": schritt},
            name=f"anhoerung_{schritt}",
        )
        for schritt in ("antwort", "persoenlich", "feststellung")
    ],
    path("plaene/<int:pk>/", plan.plan, name="plan"),
    path("plaene/<int:pk>/vergleich/", plan.vergleich, name="vergleich"),
    path("plaene/<int:pk>/partnerplan/", plan.partnerplan, name="partnerplan"),
    path("plaene/<int:pk>/pflichtverletzung/", plan.pflichtverletzung, name="pflichtverletzung"),
    # The steps of the lifecycle (plans.lebenszyklus), one view for all.
    *[
        path(f"plaene/<int:pk>/{pfad}/", uebergaenge.uebergang, {"name": name}, name=name)
        for pfad, name in (
            ("vereinbaren", "vereinbaren"),
            ("kein-plan", "kein_plan"),
            ("kein-plan/zuruecknehmen", "kein_plan_zuruecknehmen"),
            ("schlichtung", "schlichtung"),
            ("schlichtung/ende", "schlichtung_beenden"),
            ("festsetzen", "pflichten_festsetzen"),
            ("aufforderung", "aufforderung"),
            ("abstimmung", "abstimmung_anfragen"),
            ("abstimmung-nachholen", "abstimmung_nachholen"),
            ("ueberpruefung", "ueberpruefung"),
            ("ueberpruefung/festhalten", "ueberpruefung_festhalten"),
            ("fortschreiben", "fortschreiben"),
        )
    ],
    path("versionen/<int:pk>/", plan.version, name="version"),
    path("versionen/<int:pk>/bearbeiten/", entwurf.bearbeiten, name="bearbeiten"),
    path("versionen/<int:pk>/eintraege/", entwurf.eintrag_speichern, name="eintrag_neu"),
    path(
        "versionen/<int:pk>/eintraege/<int:eintrag_pk>/",
        entwurf.eintrag_speichern,
        name="eintrag_speichern",
    ),
    path(
        "versionen/<int:pk>/eintraege/<int:eintrag_pk>/bearbeiten/",
        entwurf.eintrag_bearbeiten,
        name="eintrag_bearbeiten",
    ),
    path(
        "versionen/<int:pk>/eintraege/<int:eintrag_pk>/entfernen/",
        entwurf.eintrag_entfernen,
        name="eintrag_entfernen",
    ),
    path("plaene/versionen/<int:pk>/entwurf.pdf", dokumente.plan_pdf_vorschau, name="pdf_vorschau"),
    path("plaene/versionen/<int:pk>/plan.pdf", dokumente.plan_pdf, name="pdf"),
    path("plaene/versionen/<int:pk>/druckansicht/", dokumente.druckansicht, name="druckansicht"),
    path("plaene/bescheide/<int:pk>/bescheid.pdf", dokumente.bescheid_pdf, name="bescheid_pdf"),
    path(
        "plaene/bescheide/<int:pk>/ansicht/",
        dokumente.bescheid_ansicht,
        name="bescheid_ansicht",
    ),
    path("plaene/versionen/<int:pk>/pruefung/", entwurf.plan_pruefung, name="pruefung"),
]
