"""The five IMP rates (data migration).

The arrêté du 27 avril 2015 fixes five annual flat amounts for the IMP created by the décret n° 2015-475
du 27 avril 2015: a quarter, a half, once, twice and three times the base amount (1 250 € since 2015).
The amount itself lives on the school year (`SchoolYear.imp_base_amount`); a rate only stores its multiple.
The STSWeb codes 001–005 follow the order quart → triple.

The data is written out here on purpose: a migration must not import code that may change later.
"""

from decimal import Decimal

from django.db import migrations

RATES = [
    ("001", "Quart de taux", Decimal("0.25")),
    ("002", "Demi-taux", Decimal("0.50")),
    ("003", "Taux de base", Decimal("1.00")),
    ("004", "Double taux", Decimal("2.00")),
    ("005", "Triple taux", Decimal("3.00")),
]


def create_rates(apps, schema_editor):
    Rate = apps.get_model("missions", "Rate")
    for code, label, multiplier in RATES:
        Rate.objects.update_or_create(code=code, defaults={"label": label, "multiplier": multiplier})


def delete_rates(apps, schema_editor):
    Rate = apps.get_model("missions", "Rate")
    Rate.objects.filter(code__in=[code for code, _label, _multiplier in RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_rates, delete_rates),
    ]
