"""The two ways in: an upload kept for preview then confirmed in the browser, and the `import_sts` command."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from missions.models import Establishment, SchoolYear, StsImport

from .parser import StsExport, StsFileError, parse_sts_file
from .plan import ImportPlan, apply_import, plan_import, report_of


class ImportAlreadyApplied(Exception):
    pass


def check_establishment(export: StsExport, establishment: Establishment) -> None:
    """In the browser the import runs inside one establishment: a file of another one is refused."""
    if export.uai != establishment.uai:
        raise StsFileError(
            f"Ce fichier est l'export STSWeb de l'établissement {export.uai} ({export.establishment_name}), "
            f"pas celui de {establishment.uai} ({establishment.name}). Choisissez le fichier "
            f"sts_emp_{establishment.uai}_<année>.xml."
        )


@transaction.atomic
def store_upload(establishment: Establishment, user, filename: str, content: bytes) -> StsImport:
    """Keep a checked upload until the head confirms it (the content stays in the database)."""
    check_establishment(parse_sts_file(content), establishment)
    return StsImport.objects.create(
        establishment=establishment, filename=filename[:255], content=content, uploaded_by=user
    )


def plan_stored_import(sts_import: StsImport) -> ImportPlan:
    export = parse_sts_file(bytes(sts_import.content))
    check_establishment(export, sts_import.establishment)
    return plan_import(sts_import.establishment, export)


def apply_stored_import(sts_import: StsImport) -> dict:
    """Apply an upload once. The plan is computed again inside the transaction, on the staff as they are now."""
    with transaction.atomic():
        # Two imports of one establishment must not interleave (they would both create the same people).
        Establishment.objects.select_for_update().get(pk=sts_import.establishment_id)
        locked = StsImport.objects.select_for_update().select_related("establishment").get(pk=sts_import.pk)
        if locked.applied_at is not None:
            raise ImportAlreadyApplied("Cet import a déjà été appliqué.")
        report = apply_import(plan_stored_import(locked))
        locked.applied_at = timezone.now()
        locked.report = report
        locked.save(update_fields=["applied_at", "report"])
    return report


@dataclass
class CommandOutcome:
    plan: ImportPlan
    report: dict
    establishment_created: bool
    school_year_created: bool


def import_file(content: bytes, filename: str, *, dry_run: bool = False) -> CommandOutcome:
    """The command's import: the establishment and school year come from the file, created when missing.

    With `dry_run` nothing is written, not even the establishment: the plan is computed and rolled back.
    """
    export = parse_sts_file(content)
    with transaction.atomic():
        establishment = Establishment.objects.select_for_update().filter(uai=export.uai).first()
        establishment_created = establishment is None
        if establishment_created:
            establishment = Establishment(
                uai=export.uai, name=export.establishment_name, academie=export.academie, kind=export.kind
            )
        school_year_created = not SchoolYear.objects.filter(start_year=export.school_year_start).exists()
        plan = plan_import(establishment, export)
        if dry_run:
            return CommandOutcome(plan, report_of(plan), establishment_created, school_year_created)
        if establishment_created:
            establishment.full_clean()
            establishment.save()
        if school_year_created:
            _create_school_year(export)
        report = apply_import(plan)
        StsImport.objects.create(
            establishment=establishment,
            filename=filename[:255],
            content=content,
            applied_at=timezone.now(),
            report=report,
        )
    return CommandOutcome(plan, report, establishment_created, school_year_created)


def _create_school_year(export: StsExport) -> SchoolYear:
    year = SchoolYear.for_start_year(export.school_year_start)
    # The file's own dates beat the usual ones (1 September – 4 July) used by `for_start_year`.
    if export.school_year_start_date and export.school_year_end_date:
        year.start_date = export.school_year_start_date
        year.end_date = export.school_year_end_date
        year.save(update_fields=["start_date", "end_date"])
    return year


PREVIEW_LIFETIME = timedelta(days=1)


def stale_previews(now=None):
    """Uploads never confirmed for a day: their personal data has no reason to stay (purge_sts_previews)."""
    return StsImport.objects.filter(
        applied_at__isnull=True, uploaded_at__lt=(now or timezone.now()) - PREVIEW_LIFETIME
    )


def purge_stale_previews(*, dry_run=False) -> int:
    previews = stale_previews()
    if dry_run:
        return previews.count()
    deleted, _ = previews.delete()
    return deleted
