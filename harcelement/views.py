"""pHARe pages: thin views (parse, authorize, call a service, render).

Cases are addressed by their id in URLs; a case one may not read answers 404, as if it did not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from harcelement.forms import (
    AmbassadorsForm,
    CaseForm,
    EmlForm,
    EntryForm,
    PartnerForm,
    PreventionActionForm,
    PupilForm,
    ReportForm,
    StaffChoiceForm,
    TrainingForm,
)
from harcelement.models import (
    Case,
    CaseEntry,
    CaseRead,
    EntryAttachment,
    EntryKind,
    Partner,
    ResourceTeamMember,
)
from harcelement.services import cases as case_service
from harcelement.services import people
from harcelement.services.documents import case_file_pdf, case_summary_pdf
from harcelement.services.eml import import_eml
from harcelement.services.plan import add_action, add_partner, plan_summary
from harcelement.services.protocol import next_steps, overdue_steps
from harcelement.services.stats import bar_chart, statistics, statistics_csv
from missions import permissions
from missions.views.base import (
    breadcrumb,
    current_school_year,
    error_text,
    establishment_view,
    page_link,
    selected_school_year,
)

SAFE_METHODS = ["GET", "HEAD"]


def _phare_link(request):
    return page_link(request, "phare_dashboard", "pHARe")


def _case(request, pk, rule="read_case") -> Case:
    """The case if the user passes `rule`; 404 otherwise (its existence is not revealed)."""
    case = get_object_or_404(
        Case.objects.select_related("school_year"), pk=pk, establishment=request.establishment
    )
    if not permissions.allows(request, rule, case):
        raise Http404("Situation introuvable.")
    return case


def _active_staff(request):
    return request.establishment.staff.filter(active=True).order_by("usage_name", "first_name")


def _render_form(request, form, title, back_url, *, intro="", multipart=False, crumbs=()):
    context = {
        "form": form,
        "title": title,
        "intro": intro,
        "back_url": back_url,
        "multipart": multipart,
        "nav": "phare",
        "breadcrumb_data": breadcrumb(request, title, *crumbs),
    }
    return render(request, "harcelement/form.html", context)


# --- dashboard and team -----------------------------------------------------------------------------


@establishment_view("view_phare_dashboard")
@require_safe
def dashboard(request):
    year = selected_school_year(request)
    cases = case_service.readable_cases(request.user, request.roles, request.establishment)
    year_cases = cases.filter(school_year=year)
    context = {
        "school_year": year,
        "team": people.team_status(request.establishment, year),
        "overdue": overdue_steps(cases),
        "open_cases": year_cases.exclude(status=Case.Status.CLOSED),
        "closed_count": year_cases.filter(status=Case.Status.CLOSED).count(),
        "nav": "phare",
        "title": "pHARe — tableau de bord",
        "breadcrumb_data": breadcrumb(request, "pHARe"),
    }
    return render(request, "harcelement/dashboard.html", context)


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
        "breadcrumb_data": breadcrumb(request, "Situations", _phare_link(request)),
    }
    return render(request, "harcelement/case_list.html", context)


@establishment_view("manage_phare")
@require_safe
def team(request):
    year = selected_school_year(request)
    context = {
        "school_year": year,
        "team": people.team_status(request.establishment, year),
        "ambassadors_form": AmbassadorsForm(),
        "nav": "phare",
        "title": "Coordinateurs et équipe ressource",
        "breadcrumb_data": breadcrumb(request, "Équipe", _phare_link(request)),
    }
    return render(request, "harcelement/team.html", context)


def _team_url(request):
    return reverse("phare_team", args=[request.establishment.uai])


@establishment_view("designate_phare_coordinator")
@require_http_methods(["GET", "POST"])
def coordinator_designate(request):
    form = StaffChoiceForm(request.POST or None, staff=_active_staff(request))
    if request.method == "POST" and form.is_valid():
        try:
            coordinator = people.designate_coordinator(
                form.cleaned_data["staff_member"],
                school_year=current_school_year(request),
                actor=request.user,
                actor_roles=request.roles,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            how = (
                "une IMP « coordinateur harcèlement » est attribuée sur l'enveloppe"
                if coordinator.allocation_id
                else "le complément indemnitaire est enregistré, hors enveloppe"
            )
            messages.success(request, f"{coordinator.staff_member.display_name} est désigné(e) ; {how}.")
            return redirect(_team_url(request))
    return _render_form(
        request,
        form,
        "Désigner un coordinateur harcèlement",
        _team_url(request),
        intro=(
            "Une seule action : le rôle de coordinateur est attribué et la mission est rémunérée — par une IMP "
            "de la mission nationale « coordinateur harcèlement » (prise sur l'enveloppe), ou, pour un "
            "infirmier ou un assistant de service social, par le complément de 1 250 € (hors enveloppe)."
        ),
    )


@establishment_view("designate_phare_coordinator")
@require_http_methods(["GET", "POST"])
def coordinator_withdraw(request, pk):
    from harcelement.models import Coordinator

    coordinator = get_object_or_404(Coordinator, pk=pk, establishment=request.establishment)
    if request.method == "POST":
        try:
            people.withdraw_coordinator(coordinator, actor=request.user, actor_roles=request.roles)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Désignation retirée : le rôle et l'IMP ont été retirés ensemble.")
        return redirect(_team_url(request))
    return render(
        request,
        "harcelement/confirm.html",
        {
            "title": f"Retirer la désignation de {coordinator.staff_member.display_name} ?",
            "text": "Le rôle de coordinateur et l'IMP (ou le complément) sont retirés ensemble.",
            "back_url": _team_url(request),
            "nav": "phare",
        },
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def member_add(request):
    form = StaffChoiceForm(request.POST or None, staff=_active_staff(request))
    if request.method == "POST" and form.is_valid():
        try:
            people.add_member(
                form.cleaned_data["staff_member"],
                school_year=current_school_year(request),
                actor=request.user,
                actor_roles=request.roles,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Membre ajouté à l'équipe ressource.")
            return redirect(_team_url(request))
    return _render_form(request, form, "Ajouter un membre à l'équipe ressource", _team_url(request))


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def member_remove(request, pk):
    member = get_object_or_404(ResourceTeamMember, pk=pk, establishment=request.establishment)
    if request.method == "POST":
        try:
            people.remove_member(member, actor=request.user, actor_roles=request.roles)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Membre retiré de l'équipe ressource.")
        return redirect(_team_url(request))
    return render(
        request,
        "harcelement/confirm.html",
        {
            "title": f"Retirer {member.staff_member.display_name} de l'équipe ressource ?",
            "text": "Son rôle « équipe ressource » de l'année lui est retiré.",
            "back_url": _team_url(request),
            "nav": "phare",
        },
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def training_add(request):
    form = TrainingForm(request.POST or None, staff=_active_staff(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            people.add_training(
                data["staff_member"],
                actor=request.user,
                title=data["title"],
                date=data["date"],
                hours=data["hours"],
                organiser=data["organiser"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, "Formation enregistrée.")
            return redirect(_team_url(request))
    return _render_form(request, form, "Enregistrer une formation pHARe", _team_url(request))


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def ambassadors_set(request):
    if request.method == "GET":
        return redirect(_team_url(request))
    form = AmbassadorsForm(request.POST)
    if form.is_valid():
        people.set_ambassadors(
            request.establishment, current_school_year(request), form.cleaned_data["ambassadors"]
        )
        messages.success(request, "Nombre d'élèves ambassadeurs enregistré.")
    else:
        messages.error(request, "Indiquez un nombre entier positif d'élèves ambassadeurs.")
    return redirect(_team_url(request))


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
    case = _case(request, pk, rule="read_own_report")
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
    case = _case(request, pk)
    if request.method not in SAFE_METHODS:  # after the case check: no hint it exists
        return HttpResponseNotAllowed(SAFE_METHODS)
    entries = case_service.journal(case)
    case_service.record_read(case, request.user)
    amend = None
    if (amend_id := request.GET.get("corriger", "")).isdigit():
        amend = next((entry for entry in entries if entry.pk == int(amend_id)), None)
    initial = {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    if amend:
        initial.update({"amends": amend.pk, "kind": amend.kind})
    context = {
        "case": case,
        "pupils": case.pupils.all(),
        "entries": entries,
        "steps": next_steps(case, entries),
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
            _phare_link(request),
            page_link(request, "phare_case_list", "Situations"),
        ),
    }
    return render(request, "harcelement/case_detail.html", context)


def _case_url(case):
    return reverse("phare_case_detail", args=[case.establishment.uai, case.pk])


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def case_update(request, pk):
    case = _case(request, pk, rule="manage_case")
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
    form = CaseForm(request.POST or None, initial=initial, staff=_active_staff(request), team=team_members)
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
    return _render_form(
        request,
        form,
        f"Qualifier la situation {case.number}",
        _case_url(case),
        crumbs=(_phare_link(request),),
    )


@establishment_view("view_phare_dashboard")
@require_http_methods(["GET", "POST"])
def entry_add(request, pk):
    case = _case(request, pk)
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
    case = _case(request, pk)
    if request.method == "GET":  # the forms live on the case page
        return redirect(_case_url(case))
    form = EmlForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choisissez un fichier .eml.")
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
    case = _case(request, pk)
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
    case = _case(request, attachment.entry.case_id)
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
    case = _case(request, pk)
    if request.method not in SAFE_METHODS:  # after the case check: no hint it exists
        return HttpResponseNotAllowed(SAFE_METHODS)
    case_service.record_read(case, request.user, what="dossier-pdf")
    return _pdf_response(case_file_pdf(case, printed_by=request.user), f"situation-{case.number}.pdf")


@establishment_view("view_phare_dashboard")
def case_summary(request, pk):
    case = _case(request, pk)
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
        "breadcrumb_data": breadcrumb(request, "Consultations", _phare_link(request)),
    }
    return render(request, "harcelement/read_log.html", context)


# --- prevention plan ---------------------------------------------------------------------------------


@establishment_view("manage_phare")
@require_safe
def prevention_plan(request):
    year = selected_school_year(request)
    context = {
        "school_year": year,
        "plan": plan_summary(request.establishment, year),
        "partners": Partner.objects.filter(establishment=request.establishment),
        "nav": "phare",
        "title": f"Plan de prévention {year}",
        "breadcrumb_data": breadcrumb(request, "Plan de prévention", _phare_link(request)),
    }
    return render(request, "harcelement/prevention_plan.html", context)


def _plan_url(request):
    return reverse("phare_prevention_plan", args=[request.establishment.uai])


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def prevention_action_add(request):
    partners = Partner.objects.filter(establishment=request.establishment)
    form = PreventionActionForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        add_action(
            request.establishment, current_school_year(request), actor=request.user, **form.cleaned_data
        )
        messages.success(request, "Action ajoutée au plan de prévention.")
        return redirect(_plan_url(request))
    return _render_form(request, form, "Ajouter une action de prévention", _plan_url(request))


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def partner_add(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_partner(request.establishment, **form.cleaned_data)
        messages.success(request, "Partenaire ajouté.")
        return redirect(_plan_url(request))
    return _render_form(request, form, "Ajouter un partenaire", _plan_url(request))


# --- statistics ---------------------------------------------------------------------------------------


@establishment_view("view_phare_stats")
@require_safe
def stats(request):
    year = selected_school_year(request)
    data = statistics(request.establishment, year)
    charts = [
        bar_chart("Situations par mois", data["by_month"]),
        bar_chart("Situations par forme", data["by_form"]),
        bar_chart("Élèves cibles par niveau", data["by_level"]),
        bar_chart("Situations par statut", data["by_status"]),
    ]
    context = {
        "school_year": year,
        "stats": data,
        "charts": charts,
        "nav": "phare",
        "title": f"Statistiques pHARe {year}",
        "breadcrumb_data": breadcrumb(request, "Statistiques pHARe"),
    }
    return render(request, "harcelement/stats.html", context)


@establishment_view("view_phare_stats")
@require_safe
def stats_csv(request):
    year = selected_school_year(request)
    response = HttpResponse(
        "\ufeff" + statistics_csv(statistics(request.establishment, year)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="phare-statistiques-{year.start_year}.csv"'
    return response
