from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kooperationspläne"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kooperation.access import regeln_eintragen
        from kooperation.fristwache import nach_fristwache_eintragen
        from kooperation.postausgang import nachholen_eintragen
        from partners.services import ansprechpartner_gewechselt

        from . import access, models
        from .kennzahlen.vorrat import (
            auftrag_eintragen,
            signale_verbinden,
            ueberholte_auffrischen,
            veraltete_auffrischen,
        )
        from .services.partner import wechsel_ankuendigen
        from .services.termine import brief_auftrag_eintragen
        from .tasks import (
            fehlende_pdf_beauftragen,
            kennzahlen_auffrischen,
            pdf_anhoerung_rendern,
            pdf_einladung_rendern,
        )

        regeln_eintragen(access.REGELN)
        for model in (
            models.Kooperationsplan,
            models.PlanVersion,
            models.PlanEintrag,
            models.TraegerAbstimmung,
            models.AbstimmungPosition,
            models.Schlichtung,
            models.Pflichtenfestsetzung,
            models.Partnerplan,
            models.Rechtsakt,
            models.Pflichtverletzung,
            models.Ueberpruefung,
            models.UeberpruefungSchritt,
            models.KeinPlanWiedervorlage,
            models.Einladung,
            models.Anhoerung,
            models.Leistungsmitteilung,
        ):
            auditlog.register(model)
        # Who works with a partner is known here: they hear of its new contact.
        ansprechpartner_gewechselt.connect(
            wechsel_ankuendigen, dispatch_uid="plans.wechsel_ankuendigen"
        )
        # Agreed plans whose PDF was never rendered are rendered by the sweep.
        nachholen_eintragen("pdf", fehlende_pdf_beauftragen)
        # The letters of an appointment are rendered by the documents' tasks.
        brief_auftrag_eintragen("einladung", pdf_einladung_rendern)
        brief_auftrag_eintragen("anhoerung", pdf_anhoerung_rendern)
        # The dashboard's kept figures: marked stale by the changes they
        # count, recomputed for the new day (and hourly) by the watch and,
        # should their task be lost, by the sweep.
        signale_verbinden()
        auftrag_eintragen(kennzahlen_auffrischen)
        nach_fristwache_eintragen("kennzahlen", ueberholte_auffrischen)
        nachholen_eintragen("kennzahlen", veraltete_auffrischen)
