from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KooperationConfig(AppConfig):
    name = "kooperation"
    verbose_name = "Kooperation: Jobcenter, Rollen, Fristen"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from . import models, tasks
        from .recht.spiegel import rechtsstaende_einrichten
        from .rollen import rollen_einrichten
        from .zeitplan import zeitplan_einrichten

        auditlog.register(models.Wiedervorlage)
        # Role changes are the most sensitive change an account can see.
        auditlog.register(
            models.User, exclude_fields=["password", "last_login"], m2m_fields={"groups"}
        )
        auditlog.register(models.Jobcenter)
        # Account changes, never with a secret: a device's key, a token's
        # digest, the recovery codes themselves (StaticToken) stay out.
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import auditkette  # noqa: F401  (seals every audit entry)

        auditlog.register(models.Rollenantrag)
        # Configuration an operator or the Administration changes.
        auditlog.register(models.Team)
        auditlog.register(models.Vertretung)
        auditlog.register(models.Schliesstag)
        auditlog.register(models.FristEinstellung)
        auditlog.register(
            models.ApiToken, exclude_fields=["digest", "token_key", "zuletzt_benutzt"]
        )
        auditlog.register(
            TOTPDevice,
            exclude_fields=[
                "key",
                "last_t",
                "drift",
                "throttling_failure_timestamp",
                "throttling_failure_count",
                "last_used_at",
            ],
        )
        auditlog.register(
            StaticDevice,
            exclude_fields=[
                "throttling_failure_timestamp",
                "throttling_failure_count",
                "last_used_at",
            ],
        )
        post_migrate.connect(rollen_einrichten, sender=self)
        post_migrate.connect(rechtsstaende_einrichten, sender=self)
        post_migrate.connect(zeitplan_einrichten, sender=self)
        # Every new e-mail of the outbox goes to a worker after its commit.
        post_save.connect(
            tasks.nachricht_veroeffentlichen,
            sender=models.Nachricht,
            dispatch_uid="kooperation.nachricht_veroeffentlichen",
        )
