from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kooperationspläne"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kooperation.access import regeln_eintragen

        from . import access, models

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
        ):
            auditlog.register(model)

        from partners.services import ansprechpartner_gewechselt

        from .services.partner import wechsel_ankuendigen

        ansprechpartner_gewechselt.connect(
            wechsel_ankuendigen, dispatch_uid="plans.wechsel_ankuendigen"
        )
