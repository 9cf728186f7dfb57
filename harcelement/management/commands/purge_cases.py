"""`python manage.py purge_cases [--dry-run]`: anonymise the pHARe cases past their retention period."""

from django.core.management.base import BaseCommand

from harcelement.services.retention import purge, purge_after


class Command(BaseCommand):
    help = (
        "Anonymise les situations de harcèlement closes depuis plus longtemps que la durée de conservation "
        "(noms réduits aux initiales, textes libres et pièces jointes effacés, décomptes conservés)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche les situations concernées sans rien modifier."
        )

    def handle(self, *args, dry_run=False, **options):
        cases = purge(dry_run=dry_run)
        verb = "serait anonymisée" if dry_run else "anonymisée"
        for case in cases:
            self.stdout.write(
                f"{case.establishment.uai} situation {case.number} (close le {case.closed_at:%d/%m/%Y}, "
                f"conservation jusqu'au {purge_after(case.closed_at):%d/%m/%Y}) : {verb}"
            )
        total = len(cases)
        if dry_run:
            self.stdout.write(f"{total} situation(s) à anonymiser — rien n'a été modifié (--dry-run).")
        else:
            self.stdout.write(self.style.SUCCESS(f"{total} situation(s) anonymisée(s)."))
