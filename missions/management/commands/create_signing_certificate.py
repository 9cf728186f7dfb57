from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missions.letters.sealing import certificate_paths, create_certificate


class Command(BaseCommand):
    help = (
        "Crée une clé et un certificat auto-signés pour sceller les PDF des lettres de mission (développement, "
        "démonstration), aux chemins SIGNING_KEY_FILE et SIGNING_CERT_FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="remplace une paire existante")
        parser.add_argument("--if-missing", action="store_true", help="ne fait rien si la paire existe déjà")
        parser.add_argument("--common-name", default="IMP & pHARe (développement)", help="nom du certificat")

    def handle(self, *args, force=False, if_missing=False, common_name="", **options):
        key_file, cert_file = certificate_paths()
        exists = key_file.exists() or cert_file.exists()
        if exists and if_missing:
            self.stdout.write(f"Certificat déjà présent : {cert_file}")
            return
        if exists and not force:
            raise CommandError(
                f"{cert_file} ou {key_file} existe déjà : --force pour le remplacer (les PDF déjà scellés ne se "
                "vérifieront plus avec le nouveau certificat)."
            )
        try:
            create_certificate(Path(key_file), Path(cert_file), common_name=common_name)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire le certificat : {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Clé : {key_file}\nCertificat : {cert_file}"))
