import django.db.models.deletion
from django.db import migrations, models


def rename_coordinator_role(apps, schema_editor):
    RoleGrant = apps.get_model("missions", "RoleGrant")
    RoleGrant.objects.filter(role="coordinator").update(role="harassment_coordinator")


def restore_coordinator_role(apps, schema_editor):
    RoleGrant = apps.get_model("missions", "RoleGrant")
    RoleGrant.objects.filter(role="harassment_coordinator").update(role="coordinator")


class Migration(migrations.Migration):
    """One word per thing: an envelope's `Dotation` (not a "grant", the word of role grants), and the role of
    the coordinateur harcèlement says so."""

    dependencies = [
        ("missions", "0004_event_log"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="envelopegrant", name="envelopegrant_units_positive"),
        migrations.RenameModel(old_name="EnvelopeGrant", new_name="Dotation"),
        migrations.AlterField(
            model_name="dotation",
            name="envelope",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="dotations", to="missions.envelope"
            ),
        ),
        migrations.AddConstraint(
            model_name="dotation",
            constraint=models.CheckConstraint(condition=models.Q(units__gt=0), name="dotation_units_positive"),
        ),
        migrations.AlterField(
            model_name="rolegrant",
            name="role",
            field=models.CharField(
                choices=[
                    ("head", "Chef d'établissement"),
                    ("deputy", "Adjoint"),
                    ("bursar", "Gestionnaire / secrétariat"),
                    ("staff", "Personnel"),
                    ("board", "Membre du CA"),
                    ("harassment_coordinator", "Coordinateur harcèlement"),
                    ("resource_team", "Équipe ressource pHARe"),
                ],
                max_length=30,
                verbose_name="rôle",
            ),
        ),
        migrations.RunPython(rename_coordinator_role, restore_coordinator_role),
    ]
