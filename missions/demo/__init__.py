"""Demo data for a newcomer's first minute (`python manage.py seed_demo`): safe to load again.

Two establishments of the académie de Paris with their staff, an account for every role, then each one's
répartition of the current year. Later features add their own `seed_<topic>` here.
"""

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from missions.demo.board import seed_board
from missions.demo.letters import seed_letters
from missions.demo.people import DEMO_DOMAIN, DEMO_PASSWORD, ESTABLISHMENTS, DemoLogin, PeopleSeeder
from missions.models import SchoolYear

CURRENT_START_YEAR = 2026
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"


def seed_repartition_function():
    """The demo répartition (missions.demo.repartition), when that part of the application is installed."""
    if importlib.util.find_spec("missions.demo.repartition") is None:
        return None
    from missions.demo.repartition import seed_repartition  # an error inside it must not pass silently

    return seed_repartition


def app_demo_hooks() -> list:
    """`seed_demo(establishment, school_year, *, head)` of the project's other apps (their `demo` module).

    missions never names those apps: each one that has demo data ships a `demo` module with that function.
    """
    hooks = []
    for config in apps.get_app_configs():
        inside_project = Path(config.path).is_relative_to(Path(settings.BASE_DIR))
        if config.name == "missions" or not inside_project:
            continue
        if importlib.util.find_spec(f"{config.name}.demo") is None:
            continue
        module = importlib.import_module(f"{config.name}.demo")
        if callable(getattr(module, "seed_demo", None)):
            hooks.append(module.seed_demo)
    return hooks


@transaction.atomic
def seed() -> dict:
    """Load the demo data; returns {"logins": [DemoLogin], "establishments": [(establishment, staff count)]}."""
    previous = SchoolYear.for_start_year(CURRENT_START_YEAR - 1)
    current = SchoolYear.for_start_year(CURRENT_START_YEAR)
    seeder = PeopleSeeder([previous, current], make_password(DEMO_PASSWORD))
    seed_repartition = seed_repartition_function()
    result = {"logins": [], "establishments": [], "repartition": seed_repartition is not None, "apps": []}
    hooks = app_demo_hooks()
    for spec in ESTABLISHMENTS:
        seeded = seeder.seed_establishment(spec)
        result["logins"] += seeded.logins
        result["establishments"].append((seeded.establishment, seeded.staff_count))
        if seed_repartition:
            seed_repartition(seeded.establishment, current, actor=seeded.head)
            result.setdefault("letters", []).append(
                (
                    seeded.establishment,
                    seed_letters(seeded.establishment, current, head=seeded.head, password=DEMO_PASSWORD),
                )
            )
            seed_board(seeded.establishment, current, head=seeded.head)
        for hook in hooks:
            result["apps"] += hook(seeded.establishment, current, head=seeded.head)
    admin = seeder.account(ADMIN_EMAIL, "Admin", "Plateforme")
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    result["logins"].append(
        DemoLogin(ADMIN_EMAIL, "Administrateur de la plateforme", "superutilisateur", "/admin/")
    )
    return result
