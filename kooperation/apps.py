from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KooperationConfig(AppConfig):
    name = "kooperation"
    verbose_name = "Kooperation: Jobcenter, Rollen, Fristen"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .fristwache import fristwache_planen
        from .rechtsstaende import rechtsstaende_einrichten
        from .rollen import rollen_einrichten

        auditlog.register(models.Wiedervorlage)
        # Role changes are the most sensitive change an account can see.
        auditlog.register(
            models.User, exclude_fields=["password", "last_login"], m2m_fields={"groups"}
        )
        auditlog.register(models.Jobcenter)
        post_migrate.connect(rollen_einrichten, sender=self)
        post_migrate.connect(rechtsstaende_einrichten, sender=self)
        post_migrate.connect(fristwache_planen, sender=self)
