"""Reporting a concern and working on a case. Cases are addressed by id; one may not read answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from harcelement.forms import (
    CaseForm,
    EmlForm,
    EntryForm,
    PupilForm,
    ReportForm,
)
from harcelement.models import (
    Case,
    CaseEntry,
    CaseRead,
    EntryAttachment,
    EntryKind,
    ResourceTeamMember,
)
from harcelement.services import cases as case_service
from harcelement.services.documents import case_file_pdf, case_summary_pdf
from harcelement.services.eml import import_eml
from harcelement.services.protocol import next_steps
from harcelement.views.common import SAFE_METHODS, active_staff, load_case, phare_link, render_form
from missions import permissions
from missions.views.base import (
    breadcrumb,
    current_school_year,
    error_text,
    establishment_view,
    page_link,
)

# --- reporting ------------------------------------------------------------------------------------------


@establishment_view("report_concern")
@require_http_methods(["GET", "POST"])
def report(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_service.report_concern(
                establishment=request.establishment,
                school_year=current_school_year(request),
                reporter=request.user,
                what=data["what"],
                occurred_on=data["occurred_on"],
                places=data["places"],
                pupils=form.pupils(),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                f"Signalement {case.number} transmis au chef d'établissement et aux coordinateurs. Merci.",
            )
            return redirect("phare_my_reports", uai=request.establishment.uai)
    context = {
        "form": form,
        "nav": "phare_report",
        "title": "Signaler une situation de harcèlement",
        "breadcrumb_data": breadcrumb(request, "Signaler"),
    }
    return render(request, "harcelement/report.html", context)


@establishment_view("report_concern")
@require_safe
def my_reports(request):
    context = {
        "cases": Case.objects.filter(establishment=request.establishment, reporter=request.user),
        "nav": "phare_report",
        "title": "Mes signalements",
        "breadcrumb_data": breadcrumb(request, "Mes signalements"),
    }
    return render(request, "harcelement/my_reports.html", context)


@establishment_view("report_concern")
def report_detail(request, pk):
    case = load_case(request, pk, rule="read_own_report")
    if request.method not in SAFE_METHODS:  # after the case check: no hint it exists
        return HttpResponseNotAllowed(SAFE_METHODS)
    report_entry = case.entries.filter(kind=EntryKind.REPORT).select_related("body").first()
    case_service.record_read(case, request.user, what="signalement")
    context = {
        "case": case,
        "entry": report_entry,
        "nav": "phare_report",
        "title": f"Mon signalement {case.number}",
        "breadcrumb_data": breadcrumb(request, f"Signalement {case.number}"),
    }
    return render(request, "harcelement/report_detail.html", context)


# --- a case ---------------------------------------------------------------------------------------------


@establishment_view("view_phare_dashboard")
def case_detail(request, pk):
    case = load_case(request, pk)
    if request.method not in SAFE_METHODS:  # after the case check: no hint it exists
        return HttpResponseNotAllowed(SAFE_METHODS)
    entries = case_service.journal(case)
    case_service.record_read(case, request.user)
    amend = None
    if (amend_id := request.GET.get("corriger", "")).isdigit():
        amend = next((entry for entry in entries if entry.pk == int(amend_id)), None)
    steps = next_steps(case, entries)
    # the form proposes the next step of the protocol
    initial = {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": steps[0].kind if steps else EntryKind.FOLLOW_UP,
    }
    if amend:
        initial.update({"amends": amend.pk, "kind": amend.kind})
    context = {
        "case": case,
        "pupils": case.pupils.all(),
        "entries": entries,
        "steps": steps,
        "entry_form": EntryForm(initial=initial),
        "amend": amend,
        "eml_form": EmlForm(),
        "pupil_form": PupilForm(),
        "can_manage": permissions.allows(request, "manage_case", case),
        "nav": "phare",
        "title": f"Situation {case.number}",
        "breadcrumb_data": breadcrumb(
            request,
            f"Situation {case.number}",
            phare_link(request),
            page_link(request, "phare_case_list", "Situations"),
        ),
    }
    return render(request, "harcelement/case_detail.html", context)


def _case_url(case):
    return reverse("phare_case_detail", args=[case.establishment.uai, case.pk])


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def case_update(request, pk):
    case = load_case(request, pk, rule="manage_case")
    team_members = request.establishment.staff.filter(
        pk__in=ResourceTeamMember.objects.filter(
            establishment=request.establishment, school_year=case.school_year
        ).values("staff_member")
    )
    initial = {
        "source": case.source,
        "forms_": case.forms,
        "places": case.places,
        "severity": case.severity,
        "status": case.status,
        "referent": case.referent,
        "assigned": list(case.assigned.all()),
    }
    form = CaseForm(request.POST or None, initial=initial, staff=active_staff(request), team=team_members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case_service.update_case(
            case,
            actor=request.user,
            source=data["source"],
            forms=data["forms_"],
            places=data["places"],
            severity=data["severity"],
            status=data["status"],
            referent=data["referent"],
            assigned=list(data["assigned"]),
        )
        messages.success(request, "Situation mise à jour.")
        return redirect(_case_url(case))
    return render_form(
        request,
        form,
        f"Qualifier la situation {case.number}",
        _case_url(case),
        crumbs=(phare_link(request),),
    )


@establishment_view("view_phare_dashboard")
@require_http_methods(["GET", "POST"])
def entry_add(request, pk):
    case = load_case(request, pk)
    if request.method == "GET":  # the forms live on the case page
        return redirect(_case_url(case))
    form = EntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Entrée refusée : vérifiez le type et la date (jj/mm/aaaa hh:mm).")
        return redirect(_case_url(case))
    data = form.cleaned_data
    amends = None
    if data["amends"]:
        amends = CaseEntry.objects.filter(pk=data["amends"], case=case).first()
        if amends is None:
            messages.error(request, "L'entrée à corriger n'existe pas dans cette situation.")
            return redirect(_case_url(case))
    try:
        case_service.add_entry(
            case,
            author=request.user,
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            text=data["text"],
            reference=data["reference"],
            amends=amends,
            reason=data["reason"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Entrée ajoutée au journal.")
    return redirect(_case_url(case))


@establishment_view("view_phare_dashboard")
@require_http_methods(["GET", "POST"])
def eml_import(request, pk):
    case = load_case(request, pk)
    if request.method == "GET":  # the forms live on the case page
        return redirect(_case_url(case))
    form = EmlForm(request.POST, request.FILES, upload_too_large=getattr(request, "upload_too_large", False))
    if not form.is_valid():
        too_large = form.too_large in form.errors.get("eml", [])
        messages.error(request, form.too_large if too_large else "Choisissez un fichier .eml.")
        return redirect(_case_url(case))
    try:
        import_eml(case, form.cleaned_data["eml"].read(), author=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Courriel ajouté au journal avec ses pièces jointes.")
    return redirect(_case_url(case))


@establishment_view("view_phare_dashboard")
@require_http_methods(["GET", "POST"])
def pupil_add(request, pk):
    case = load_case(request, pk)
    if request.method == "GET":  # the forms live on the case page
        return redirect(_case_url(case))
    form = PupilForm(request.POST)
    if form.is_valid():
        try:
            case_service.add_pupil(case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Élève ajouté à la situation.")
    else:
        messages.error(request, "Indiquez le nom, la classe et le rôle de l'élève.")
    return redirect(_case_url(case))


@establishment_view("view_phare_dashboard")
def attachment_download(request, pk):
    attachment = get_object_or_404(
        EntryAttachment.objects.select_related("entry__case"),
        pk=pk,
        entry__case__establishment=request.establishment,
    )
    case = load_case(request, attachment.entry.case_id)
    if request.method not in SAFE_METHODS:  # after the case check: no hint it exists
        return HttpResponseNotAllowed(SAFE_METHODS)
    if attachment.erased_at:
        raise Http404("Pièce jointe effacée (durée de conservation écoulée).")
    case_service.record_read(case, request.user, what="piece-jointe")
    response = HttpResponse(bytes(attachment.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="piece-jointe-{attachment.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@establishment_view("view_phare_dashboard")
def case_pdf(request, pk):
    case = load_case(request, pk)
    if request.method not in SAFE_METHODS:  # after the case check: no hint it exists
        return HttpResponseNotAllowed(SAFE_METHODS)
    case_service.record_read(case, request.user, what="dossier-pdf")
    return _pdf_response(case_file_pdf(case, printed_by=request.user), f"situation-{case.number}.pdf")


@establishment_view("view_phare_dashboard")
def case_summary(request, pk):
    case = load_case(request, pk)
    if request.method not in SAFE_METHODS:  # after the case check: no hint it exists
        return HttpResponseNotAllowed(SAFE_METHODS)
    case_service.record_read(case, request.user, what="synthese-pdf")
    return _pdf_response(
        case_summary_pdf(case, printed_by=request.user), f"synthese-faits-etablissement-{case.number}.pdf"
    )


@establishment_view("view_case_read_log")
@require_safe
def read_log(request):
    reads = CaseRead.objects.filter(case__establishment=request.establishment).select_related("case")
    context = {
        "reads": reads[:500],
        "nav": "phare",
        "title": "Journal des consultations",
        "breadcrumb_data": breadcrumb(request, "Consultations", phare_link(request)),
    }
    return render(request, "harcelement/read_log.html", context)


@establishment_view("view_phare_dashboard")
@require_safe
def case_list(request):
    cases = case_service.readable_cases(request.user, request.roles, request.establishment)
    status = request.GET.get("statut", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    context = {
        "cases": cases.select_related("school_year").prefetch_related("pupils"),
        "statuses": Case.Status.choices,
        "status": status,
        "nav": "phare",
        "title": "Situations",
        "breadcrumb_data": breadcrumb(request, "Situations", phare_link(request)),
    }
    return render(request, "harcelement/case_list.html", context)
