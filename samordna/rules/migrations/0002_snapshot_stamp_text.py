from django.db import migrations, models


def drop_snapshots(apps, schema_editor):
    """Snapshots are a cache rebuilt by the next check; the old national memo has a new form."""
    apps.get_model("rules", "RuleSnapshot").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("rules", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_snapshots, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rulesnapshot",
            name="stamp",
            field=models.TextField(),
        ),
    ]
