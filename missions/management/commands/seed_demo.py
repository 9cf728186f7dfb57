"""`python manage.py seed_demo`: load the demo establishments, people, roles and répartition (idempotent)."""

from django.core.management.base import BaseCommand

from missions.demo import DEMO_PASSWORD, seed
from missions.models import MissionLetter


class Command(BaseCommand):
    help = "Charge les données de démonstration (deux établissements, leurs personnels et rôles). Relançable."

    def handle(self, *args, **options):
        result = seed()
        for establishment, staff_count in result["establishments"]:
            self.stdout.write(f"{establishment.name} ({establishment.uai}) : {staff_count} personnels")
        if not result["repartition"]:
            self.stdout.write("Répartition des IMP de démonstration : module absent, étape sautée.")
        for establishment, counts in result.get("letters", []):
            if counts:
                states = ", ".join(
                    f"{MissionLetter.Status(status).label.lower()} : {n}" for status, n in counts.items()
                )
                self.stdout.write(f"Lettres de mission de {establishment.name} — {states}")
        for line in result.get("apps", []):
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Identifiants de démonstration — mot de passe : {DEMO_PASSWORD}")
        )
        logins = result["logins"]
        email_width = max(len(login.email) for login in logins)
        roles_width = max(len(login.roles) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login.email.ljust(email_width)}  {login.roles.ljust(roles_width)}  "
                f"{login.establishment} — {login.person}"
            )
