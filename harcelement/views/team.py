"""pHARe dashboard, coordinators (role and pay in one action), the équipe ressource and trainings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from harcelement.forms import (
    AmbassadorsForm,
    StaffChoiceForm,
    TrainingForm,
)
from harcelement.models import (
    Case,
    ResourceTeamMember,
    Training,
)
from harcelement.services import cases as case_service
from harcelement.services import people
from harcelement.services.protocol import overdue_steps
from harcelement.views.common import (
    active_staff,
    confirmed_action,
    confirmed_deletion,
    edit_page,
    phare_link,
    render_form,
)
from missions.views.base import (
    breadcrumb,
    current_school_year,
    error_text,
    establishment_view,
    get_for_establishment,
    selected_school_year,
)

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
        "breadcrumb_data": breadcrumb(request, "Équipe", phare_link(request)),
    }
    return render(request, "harcelement/team.html", context)


def _team_url(request):
    return reverse("phare_team", args=[request.establishment.uai])


@establishment_view("designate_phare_coordinator")
@require_http_methods(["GET", "POST"])
def coordinator_designate(request):
    form = StaffChoiceForm(request.POST or None, staff=active_staff(request))
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
    return render_form(
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
    return confirmed_action(
        request,
        lambda: people.withdraw_coordinator(coordinator, actor=request.user, actor_roles=request.roles),
        success="Désignation retirée : le rôle et l'IMP ont été retirés ensemble.",
        title=f"Retirer la désignation de {coordinator.staff_member.display_name} ?",
        text="Le rôle de coordinateur et l'IMP (ou le complément) sont retirés ensemble.",
        back_url=_team_url(request),
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def member_add(request):
    form = StaffChoiceForm(request.POST or None, staff=active_staff(request))
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
    return render_form(request, form, "Ajouter un membre à l'équipe ressource", _team_url(request))


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def member_remove(request, pk):
    member = get_object_or_404(ResourceTeamMember, pk=pk, establishment=request.establishment)
    return confirmed_action(
        request,
        lambda: people.remove_member(member, actor=request.user, actor_roles=request.roles),
        success="Membre retiré de l'équipe ressource.",
        title=f"Retirer {member.staff_member.display_name} de l'équipe ressource ?",
        text="Son rôle « équipe ressource » de l'année lui est retiré.",
        back_url=_team_url(request),
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def training_add(request):
    form = TrainingForm(request.POST or None, staff=active_staff(request))
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
    return render_form(request, form, "Enregistrer une formation pHARe", _team_url(request))


def _load_training(request, pk) -> Training:
    return get_for_establishment(Training.objects.select_related("staff_member"), request, pk=pk)


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def training_update(request, pk):
    training = _load_training(request, pk)
    form = TrainingForm(
        request.POST or None,
        initial=model_to_dict(training, fields=people.TRAINING_FIELDS),
        staff=active_staff(request, also=training.staff_member),
    )
    return edit_page(
        request,
        form,
        lambda data: people.update_training(training, actor=request.user, **data),
        title=f"Modifier la formation « {training.title} »",
        back_url=_team_url(request),
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def training_delete(request, pk):
    training = _load_training(request, pk)
    return confirmed_deletion(
        request,
        lambda: people.delete_training(training, actor=request.user),
        what=f"la formation « {training.title} »",
        consequence=f"Elle ne figurera plus parmi les formations de {training.staff_member.display_name}.",
        done=f"Formation « {training.title} » supprimée.",
        back_url=_team_url(request),
    )


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
