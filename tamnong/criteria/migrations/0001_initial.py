"""The criteria versions and the editions' kept texts move from ntm to criteria: only Django's state
moves (SeparateDatabaseAndState), the tables keep their names and rows (`ntm_criteriaversion`,
`ntm_editionversion`), and their content types follow them, so permissions and admin history stay."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ("criteriaversion", "editionversion")


def _relabel(apps, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_follow(apps, schema_editor):
    _relabel(apps, "ntm", "criteria")


def content_types_return(apps, schema_editor):
    _relabel(apps, "criteria", "ntm")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('ntm', '0007_criteria_version_cases'),  # the tables exist (created by ntm 0003–0005, 0007)
        ('places', '0004_attribute_assignments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EditionVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('content_hash', models.CharField(max_length=80, unique=True, verbose_name='content hash')),
                        ('edition_id', models.CharField(max_length=64, verbose_name='criteria set')),
                        ('files', models.JSONField(verbose_name='YAML files')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                    ],
                    options={
                        'verbose_name': 'criteria set version',
                        'verbose_name_plural': 'criteria set versions',
                        'db_table': 'ntm_editionversion',
                    },
                ),
                migrations.CreateModel(
                    name='CriteriaVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('edition_id', models.CharField(max_length=64, verbose_name='criteria set')),
                        ('number', models.PositiveIntegerField(verbose_name='number')),
                        ('title', models.CharField(max_length=300, verbose_name='what this version changes')),
                        ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted for review'), ('approved', 'approved'), ('returned', 'returned to its author')], default='draft', max_length=10, verbose_name='status')),
                        ('files', models.JSONField(help_text="national files, or the province's overlay", verbose_name='YAML texts of this version')),
                        ('base_hash', models.CharField(max_length=80, verbose_name='drafted from')),
                        ('repository_hash', models.CharField(blank=True, help_text="hash of the release's texts this version replaces, to see when a later release changes them", max_length=80, verbose_name='repository files when drafted')),
                        ('content_hash', models.CharField(blank=True, max_length=80, verbose_name='content hash when approved')),
                        ('effective_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                        ('review_note', models.TextField(blank=True, verbose_name="reviewer's note")),
                        ('cases', models.JSONField(blank=True, default=list, help_text='made on approval: at, just above and just below each changed threshold (tamnong.rules.cases)', verbose_name='boundary cases')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('province', models.ForeignKey(blank=True, help_text='empty for a national version', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.adminunit', verbose_name='province')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                    ],
                    options={
                        'verbose_name': 'criteria version',
                        'verbose_name_plural': 'criteria versions',
                        'db_table': 'ntm_criteriaversion',
                        'ordering': ['edition_id', '-pk'],
                        'constraints': [models.UniqueConstraint(fields=('edition_id', 'province', 'number'), name='criteria_version_unique')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
