"""python manage.py export_repartition --uai UAI --year 2026 --format csv|ods|xlsx|pdf --output FILE
    [--by person|mission|month]

csv, ods, xlsx: what the secretariat enters in STSWeb (the same file as the "Exporter" button of the payments
page). pdf: the CA pack of the version the CA voted on and the head confirmed, else of the latest version
presented (the same file as the pack's "PDF imprimable" button), else a draft of the répartition as it stands.
`--year 2026` means the school year 2026-2027.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missions.models import Envelope, Establishment, SchoolYear
from missions.services import board
from missions.services.board_pdf import render_pack_pdf
from missions.services.exports import BY_CHOICES, FORMATS, RESERVED_FORMATS, ExportUnavailable, render_export


class Command(BaseCommand):
    help = (
        "Exporte la répartition des IMP d'un établissement pour une année scolaire (csv, ods ou xlsx), ou le "
        "dossier du conseil d'administration (pdf)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--uai", required=True, help="UAI de l'établissement, ex. 0750654D")
        parser.add_argument(
            "--year",
            required=True,
            type=int,
            help="année de la rentrée : 2026 pour l'année scolaire 2026-2027",
        )
        parser.add_argument(
            "--format", required=True, dest="fmt", help=f"format du fichier : {', '.join(FORMATS)} ou pdf"
        )
        parser.add_argument("--output", required=True, help="fichier à écrire")
        parser.add_argument(
            "--by", default="person", choices=sorted(BY_CHOICES), help="regroupement (par défaut : person)"
        )

    def handle(self, *args, uai, year, fmt, output, by, **options):
        fmt = fmt.strip().lower()
        if fmt not in FORMATS and fmt != "pdf":
            raise CommandError(
                RESERVED_FORMATS.get(fmt, f"Format inconnu « {fmt} » : choisissez {', '.join(FORMATS)}.")
            )
        uai = uai.strip().upper()
        establishment = Establishment.objects.filter(uai=uai).first()
        if establishment is None:
            raise CommandError(f"Aucun établissement d'UAI {uai}.")
        school_year = SchoolYear.objects.filter(start_year=year).first()
        if school_year is None:
            raise CommandError(f"L'année scolaire {year}-{year + 1} n'existe pas.")
        envelope = Envelope.objects.filter(establishment=establishment, school_year=school_year).first()
        if envelope is None:
            raise CommandError(
                f"{establishment} n'a pas d'enveloppe IMP pour {school_year.label} : rien à exporter."
            )
        if fmt == "pdf":
            content = self.board_pack(establishment, school_year)
        else:
            try:
                content, _content_type, _filename = render_export(envelope, by, fmt)
            except ExportUnavailable as exc:
                raise CommandError(str(exc)) from exc
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Impossible d'écrire {path} : {exc.strerror or exc}.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Répartition {school_year.label} de {establishment} écrite dans {path} ({fmt})."
            )
        )

    def board_pack(self, establishment, school_year) -> bytes:
        """The version the CA voted on and the head confirmed, else the latest one presented, else a draft of
        the répartition as it stands (marked as a draft: nothing is frozen by printing it)."""
        cycle = board.existing_cycle(establishment, school_year)
        version = (cycle.confirmed_version if cycle else None) or board.latest_version(cycle)
        if version is None:
            try:
                version = board.draft_version(establishment, school_year)
            except board.BoardRefused as refusal:
                raise CommandError(" ".join(refusal.messages)) from refusal
        return render_pack_pdf(version)
