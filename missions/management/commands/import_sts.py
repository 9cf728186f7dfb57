"""`python manage.py import_sts FILE [--dry-run]`: import an STSWeb export from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missions.sts import StsFileError, import_file, summary
from missions.sts.plan import ImportPlan


class Command(BaseCommand):
    help = (
        "Importe l'export STSWeb sts_emp_<UAI>_<année>.xml (Mise à jour › Exports › Emplois du temps) : "
        "l'établissement est lu dans le fichier et créé s'il n'existe pas."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="le fichier sts_emp_<UAI>_<année>.xml")
        parser.add_argument(
            "--dry-run", action="store_true", help="affiche ce que l'import ferait sans rien enregistrer"
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"Impossible de lire le fichier {file} : {error.strerror or error}."
            ) from error
        try:
            outcome = import_file(content, path.name, dry_run=dry_run)
        except StsFileError as error:
            raise CommandError(f"{path.name} : {error.message} Rien n'a été enregistré.") from error
        plan = outcome.plan
        establishment = plan.establishment
        if dry_run:
            self.stdout.write("Simulation (--dry-run) : rien n'est enregistré.")
        if outcome.establishment_created:
            verb = "serait créé" if dry_run else "créé"
            self.stdout.write(
                f"Établissement {verb} d'après le fichier : {establishment.name} ({establishment.uai})."
            )
        if outcome.school_year_created:
            verb = "serait créée" if dry_run else "créée"
            self.stdout.write(f"Année scolaire {plan.export.school_year_label} {verb}.")
        if dry_run or options["verbosity"] >= 2:
            self._write_details(plan)
        line = f"{establishment.name} ({establishment.uai}) : {summary(outcome.report)}"
        self.stdout.write(self.style.SUCCESS(line) if not dry_run else line)

    def _write_details(self, plan: ImportPlan):
        for person in plan.to_create:
            self.stdout.write(f"  + {person.full_name}")
        for update in plan.to_update:
            changes = " ; ".join(f"{c.label} : {c.before} → {c.after}" for c in update.changes)
            self.stdout.write(f"  ~ {update.person.full_name} ({changes})")
        for member in plan.to_deactivate:
            self.stdout.write(f"  - {member.full_name} (absent du fichier : désactivé)")
