"""PDF documents of a case: the full case file (restricted like the case) and the initials-only summary."""

from django.template.loader import render_to_string
from django.utils import timezone

from harcelement.services.cases import journal


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy: loaded when a PDF is asked for, not at start-up

    html = render_to_string(template, {**context, "printed_at": timezone.localtime()})
    return HTML(string=html).write_pdf()


def case_file_pdf(case, *, printed_by) -> bytes:
    return _pdf(
        "pdf/phare_case_file.html",
        {"case": case, "pupils": case.pupils.all(), "entries": journal(case), "printed_by": printed_by},
    )


def case_summary_pdf(case, *, printed_by) -> bytes:
    """For Faits établissement: pupils by initials and class, the forms, the steps taken — no free text."""
    return _pdf(
        "pdf/phare_case_summary.html",
        {"case": case, "pupils": case.pupils.all(), "entries": journal(case), "printed_by": printed_by},
    )
