# One plan per source document and owner unit, enforced by the database so that concurrent
# imports of the same file cannot create copies. Copies created before (by such a race) keep
# their data but lose the document hash, so the constraint can be added.

from django.conf import settings
from django.db import migrations, models


def forget_hash_of_copies(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    seen = set()
    rows = Plan.objects.exclude(source_sha256="").order_by("pk")
    for pk, owner_id, sha in rows.values_list("pk", "owner_unit_id", "source_sha256"):
        if (owner_id, sha) in seen:
            Plan.objects.filter(pk=pk).update(source_sha256="")
        seen.add((owner_id, sha))


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('plans', '0002_reporting_frequency_and_target'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forget_hash_of_copies, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.UniqueConstraint(condition=models.Q(('source_sha256', ''), _negated=True), fields=('owner_unit', 'source_sha256'), name='unique_plan_source_per_owner'),
        ),
    ]
