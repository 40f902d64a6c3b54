from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KooperationConfig(AppConfig):
    name = "kooperation"
    verbose_name = "Kooperation: Jobcenter, Rollen, Fristen"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from . import models, tasks
        from .rechtsstaende import rechtsstaende_einrichten
        from .rollen import rollen_einrichten
        from .zeitplan import zeitplan_einrichten

        auditlog.register(models.Wiedervorlage)
        # Role changes are the most sensitive change an account can see.
        auditlog.register(
            models.User, exclude_fields=["password", "last_login"], m2m_fields={"groups"}
        )
        auditlog.register(models.Jobcenter)
        post_migrate.connect(rollen_einrichten, sender=self)
        post_migrate.connect(rechtsstaende_einrichten, sender=self)
        post_migrate.connect(zeitplan_einrichten, sender=self)
        # Every new e-mail of the outbox goes to a worker after its commit.
        post_save.connect(
            tasks.nachricht_veroeffentlichen,
            sender=models.Nachricht,
            dispatch_uid="kooperation.nachricht_veroeffentlichen",
        )
