"""`python manage.py purge_sts_previews [--dry-run]`: delete STSWeb uploads never confirmed for a day.

Meant for cron, e.g. every night: `15 3 * * * cd /srv/imp && .venv/bin/python manage.py purge_sts_previews`.
"""

from django.core.management.base import BaseCommand

from missions.sts import purge_stale_previews


class Command(BaseCommand):
    help = (
        "Supprime les fichiers STSWeb déposés il y a plus d'un jour et jamais confirmés (aperçus abandonnés : "
        "ils contiennent des données personnelles)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="compte les aperçus à supprimer sans rien supprimer"
        )

    def handle(self, *args, dry_run, **options):
        count = purge_stale_previews(dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"Simulation (--dry-run) : {count} aperçu(s) d'import STSWeb serai(en)t supprimé(s)."
            )
        else:
            self.stdout.write(f"{count} aperçu(s) d'import STSWeb non confirmé(s) supprimé(s).")
