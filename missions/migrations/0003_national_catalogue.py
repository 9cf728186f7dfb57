"""The national mission catalogue (data migration).

The missions of art. 6 (priority) and art. 7 of the décret n° 2015-475 du 27 avril 2015, with the content and
suggested rates of the circulaire n° 2015-058 du 29 avril 2015, and the coordinateur harcèlement of the
circulaire du 2 février 2024 (pHARe). National missions have no establishment.

The data comes from `missions.catalogue_data.NATIONAL_MISSIONS_V1`, a frozen constant (see its docstring):
a later revision of the catalogue gets a new constant and a new migration, so this one replays identically.
Reverse: national missions of this list that no allocation uses are deleted; the others stay (an allocation
must never lose its mission).
"""

from django.db import migrations

from missions.catalogue_data import NATIONAL_CODES_V1, NATIONAL_MISSIONS_V1


def create_national_missions(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    Rate = apps.get_model("missions", "Rate")
    rates = {rate.code: rate for rate in Rate.objects.all()}
    for data in NATIONAL_MISSIONS_V1:
        mission, _created = Mission.objects.update_or_create(
            establishment=None,
            code=data["code"],
            defaults={
                "title": data["title"],
                "category": data["category"],
                "description": data["description"],
                "tasks": data["tasks"],
                "suggested_rate": rates[data["suggested_rate"]],
                "periodicity": data["periodicity"],
                "legal_reference": data["legal_reference"],
            },
        )
        mission.allowed_rates.set([rates[code] for code in data["allowed_rates"]])


def delete_unused_national_missions(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    Mission.objects.filter(establishment=None, code__in=NATIONAL_CODES_V1, allocations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0002_rates"),
    ]

    operations = [
        migrations.RunPython(create_national_missions, delete_unused_national_missions),
    ]
