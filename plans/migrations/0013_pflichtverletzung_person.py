"""A breach belongs to the person; the plan becomes optional (a missed first
appointment after the Potenzialanalyse comes before any plan). Existing rows
take the person of their plan."""

import django.db.models.deletion
from django.db import migrations, models


def person_aus_plan(apps, schema_editor):
    Pflichtverletzung = apps.get_model("plans", "Pflichtverletzung")
    Kooperationsplan = apps.get_model("plans", "Kooperationsplan")
    personen = dict(
        Kooperationsplan.objects.filter(
            pk__in=Pflichtverletzung.objects.values("plan_id")
        ).values_list("pk", "leistungsberechtigter_id")
    )
    # Plain updates per plan: the rows are immutable records, their model's
    # save() refuses changes, and the historical model has no such guard anyway.
    for plan_id, person_id in personen.items():
        Pflichtverletzung.objects.filter(plan_id=plan_id).update(
            leistungsberechtigter_id=person_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_alltag"),
        ("plans", "0012_kein_plan_wiedervorlage_je_grund"),
    ]

    operations = [
        migrations.AddField(
            model_name="pflichtverletzung",
            name="leistungsberechtigter",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pflichtverletzungen",
                to="cases.leistungsberechtigter",
                verbose_name="Leistungsberechtigte Person",
            ),
        ),
        migrations.RunPython(person_aus_plan, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pflichtverletzung",
            name="leistungsberechtigter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pflichtverletzungen",
                to="cases.leistungsberechtigter",
                verbose_name="Leistungsberechtigte Person",
            ),
        ),
        migrations.AlterField(
            model_name="pflichtverletzung",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pflichtverletzungen",
                to="plans.kooperationsplan",
                verbose_name="Kooperationsplan",
            ),
        ),
        migrations.AddIndex(
            model_name="pflichtverletzung",
            index=models.Index(
                fields=["leistungsberechtigter", "tat_am"], name="verstoss_person_tat"
            ),
        ),
    ]
