import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missions.letters.verification import verify_pdf


class Command(BaseCommand):
    help = (
        "Vérifie qu'un PDF est une lettre de mission définitive de la plateforme, intacte : sort avec 0 si "
        "oui, 1 sinon (avec la raison)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="le fichier PDF à vérifier")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        verdict = verify_pdf(path.read_bytes())
        if not verdict.authentic:
            self.stderr.write(f"NON AUTHENTIQUE : {verdict.reason}\nSHA-256 : {verdict.sha256}")
            sys.exit(1)
        letter = verdict.letter
        self.stdout.write(
            f"AUTHENTIQUE : {verdict.reason}\n{letter} — {letter.establishment.name} ({letter.establishment.uai})\n"
            f"Version {letter.version}, {letter.get_status_display().lower()}, contresignée le "
            f"{letter.countersigned_at:%d/%m/%Y}\nSHA-256 : {verdict.sha256}"
        )
