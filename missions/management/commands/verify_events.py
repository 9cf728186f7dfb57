from django.core.management.base import BaseCommand, CommandError

from missions.events import verify_chains


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal des événements ; code 1 au premier maillon rompu."

    def handle(self, **options):
        broken = verify_chains()
        if broken:
            for link in broken:
                self.stderr.write(f"Maillon rompu : {link}")
            raise CommandError(f"Journal des événements altéré : {broken[0]}", returncode=1)
        self.stdout.write("Journal des événements intact : toutes les chaînes sont continues.")
