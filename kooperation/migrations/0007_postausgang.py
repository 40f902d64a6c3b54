
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def gesendete_uebernehmen(apps, schema_editor):
    Erinnerung = apps.get_model("kooperation", "Erinnerung")
    Nachricht = apps.get_model("kooperation", "Nachricht")
    stapel = (
        Erinnerung.objects.filter(gesendet_am__isnull=False)
        .values_list("empfaenger_id", "empfaenger__email", "empfaenger__jobcenter_id", "gesendet_am")
        .order_by()
        .distinct()
    )
    for empfaenger_id, adresse, jobcenter_id, gesendet_am in stapel.iterator():
        nachricht = Nachricht.objects.create(
            empfaenger_id=empfaenger_id,
            jobcenter_id=jobcenter_id,
            adresse=adresse or "unbekannt@jobcenter.invalid",
            art="fristen",
            betreff="Kooperationsplan: Fristen",
            text="(Gesendet, bevor der Postausgang eingeführt wurde; der Text ist nicht gespeichert.)",
            versuche=1,
        )
        Nachricht.objects.filter(pk=nachricht.pk).update(
            erstellt_am=gesendet_am, gesendet_am=gesendet_am
        )
        Erinnerung.objects.filter(empfaenger_id=empfaenger_id, gesendet_am=gesendet_am).update(
            nachricht=nachricht
        )


class Migration(migrations.Migration):

    dependencies = [
        ('kooperation', '0006_kontoschutz'),
    ]

    operations = [
        migrations.CreateModel(
            name='Nachricht',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('adresse', models.EmailField(max_length=254, verbose_name='E-Mail-Adresse')),
                ('art', models.CharField(choices=[('fristen', 'Erinnerung an Fristen'), ('traeger', 'Entscheidung des kommunalen Trägers'), ('ansprechpartner', 'Neue Ansprechperson eines Partners')], max_length=20, verbose_name='Art')),
                ('betreff', models.CharField(max_length=200, verbose_name='Betreff')),
                ('text', models.TextField(verbose_name='Text')),
                ('erstellt_am', models.DateTimeField(auto_now_add=True, verbose_name='erstellt am')),
                ('gesendet_am', models.DateTimeField(blank=True, null=True, verbose_name='gesendet am')),
                ('versuche', models.PositiveSmallIntegerField(default=0, verbose_name='Versuche')),
                ('letzter_fehler', models.TextField(blank=True, verbose_name='letzter Fehler')),
            ],
            options={
                'verbose_name': 'Nachricht',
                'verbose_name_plural': 'Nachrichten',
                'ordering': ['-erstellt_am', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='nachricht',
            name='empfaenger',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='nachrichten', to=settings.AUTH_USER_MODEL, verbose_name='an'),
        ),
        migrations.AddField(
            model_name='nachricht',
            name='jobcenter',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='nachrichten', to='kooperation.jobcenter', verbose_name='Jobcenter'),
        ),
        migrations.AddField(
            model_name='erinnerung',
            name='nachricht',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='erinnerungen', to='kooperation.nachricht', verbose_name='Nachricht'),
        ),
        # Reminders sent before the outbox keep being "sent": each batch (one
        # e-mail per person and moment) becomes a sent Nachricht.
        migrations.RunPython(gesendete_uebernehmen, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='erinnerung',
            name='erinnerung_unversandt',
        ),
        migrations.RemoveField(
            model_name='erinnerung',
            name='gesendet_am',
        ),
        migrations.AddIndex(
            model_name='erinnerung',
            index=models.Index(condition=models.Q(('nachricht__isnull', True)), fields=['empfaenger'], name='erinnerung_ohne_nachricht'),
        ),
        migrations.AddIndex(
            model_name='nachricht',
            index=models.Index(condition=models.Q(('gesendet_am__isnull', True)), fields=['erstellt_am'], name='nachricht_unversandt'),
        ),
        migrations.AddIndex(
            model_name='nachricht',
            index=models.Index(fields=['empfaenger', 'erstellt_am'], name='nachricht_empfaenger'),
        ),
    ]
