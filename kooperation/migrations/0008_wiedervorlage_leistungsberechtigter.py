from django.db import migrations, models


class Migration(migrations.Migration):
    """One name per thing: the Wiedervorlage names its Leistungsberechtigter
    (before: ``fall_id``). A rename of the column; no data moves."""

    dependencies = [
        ("kooperation", "0007_postausgang"),
    ]

    operations = [
        migrations.RenameField(
            model_name="wiedervorlage",
            old_name="fall_id",
            new_name="leistungsberechtigter_id",
        ),
        migrations.AlterField(
            model_name="wiedervorlage",
            name="leistungsberechtigter_id",
            field=models.PositiveBigIntegerField(
                blank=True, db_index=True, null=True, verbose_name="Leistungsberechtigte Person"
            ),
        ),
    ]
