from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Leistungsberechtigte und Potenzialanalysen"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kooperation.access import regeln_eintragen

        from . import access, models

        regeln_eintragen(access.REGELN)

        for model in (
            models.Leistungsberechtigter,
            models.GesetzlicherVertreter,
            models.Einwilligung,
            models.Potenzialanalyse,
            models.Handlungsbedarf,
            models.Datenweitergabe,
            models.Vermerk,
        ):
            auditlog.register(model)
