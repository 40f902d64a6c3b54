from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner und Angebote"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kooperation.access import regeln_eintragen

        from . import access, models

        regeln_eintragen(access.REGELN)

        for model in (
            models.KommunalerTraeger,
            models.Partner,
            models.Ansprechpartner,
            models.Angebot,
            models.Kooperationsvereinbarung,
            models.Rahmenabstimmung,
            models.Vereinbarungsdokument,
            models.Kooperationstreffen,
        ):
            auditlog.register(model)
