"""Creates the role groups with their permissions, after every migrate
(idempotent: it sets each group's permissions to exactly the policy's)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from .access import PERMISSION_APP, ROLLEN_RECHTE, Rolle, rollen_gruppenname, verwaltete_modelle


def rollen_einrichten(sender=None, apps=global_apps, verbosity=1, **kwargs) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally made after post_migrate of each app; make sure
    # those we hand out exist already.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for rolle in Rolle:
        gruppe, _ = Group.objects.get_or_create(name=rollen_gruppenname(rolle))
        rechte = list(
            Permission.objects.filter(
                content_type__app_label=PERMISSION_APP, codename__in=ROLLEN_RECHTE[rolle]
            )
        )
        if rolle == Rolle.ADMINISTRATION:
            for label in verwaltete_modelle():
                app_label, model = label.split(".")
                # Only Django's model permissions: the capabilities that make
                # up the other roles also hang on the Jobcenter model.
                rechte += Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{aktion}_{model}" for aktion in ("add", "change", "view")],
                )
        gruppe.permissions.set(rechte)
