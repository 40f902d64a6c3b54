from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner und Angebote"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.KommunalerTraeger,
            models.Partner,
            models.Ansprechpartner,
            models.Angebot,
            models.Kooperationsvereinbarung,
            models.Rahmenabstimmung,
        ):
            auditlog.register(model)
