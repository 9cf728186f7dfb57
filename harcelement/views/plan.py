"""The prevention plan of the year and its partners."""

from django.contrib import messages
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from harcelement.forms import (
    PartnerForm,
    PreventionActionForm,
)
from harcelement.models import (
    Partner,
    PreventionAction,
)
from harcelement.services.plan import (
    ACTION_FIELDS,
    PARTNER_FIELDS,
    actions_with,
    add_action,
    add_partner,
    delete_action,
    delete_partner,
    plan_summary,
    update_action,
    update_partner,
)
from harcelement.views.common import confirmed_deletion, edit_page, phare_link, render_form
from missions.views.base import (
    breadcrumb,
    current_school_year,
    establishment_view,
    get_for_establishment,
    selected_school_year,
    url_for_year,
)

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
        "breadcrumb_data": breadcrumb(request, "Plan de prévention", phare_link(request)),
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
    return render_form(request, form, "Ajouter une action de prévention", _plan_url(request))


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def partner_add(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_partner(request.establishment, **form.cleaned_data)
        messages.success(request, "Partenaire ajouté.")
        return redirect(_plan_url(request))
    return render_form(request, form, "Ajouter un partenaire", _plan_url(request))


def _load_action(request, pk) -> PreventionAction:
    return get_for_establishment(PreventionAction.objects.select_related("school_year"), request, pk=pk)


def _plan_of(request, action):
    # the plan of the action's own school year, which may not be the current one
    return url_for_year("phare_prevention_plan", action.school_year, request.establishment.uai)


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def prevention_action_update(request, pk):
    action = _load_action(request, pk)
    initial = model_to_dict(action, fields=[*ACTION_FIELDS, "partners"])
    partners = Partner.objects.filter(establishment=request.establishment)
    form = PreventionActionForm(request.POST or None, initial=initial, partners=partners, editing=True)
    return edit_page(
        request,
        form,
        lambda data: update_action(action, actor=request.user, **data),
        title=f"Modifier l'action « {action.title} »",
        back_url=_plan_of(request, action),
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def prevention_action_delete(request, pk):
    action = _load_action(request, pk)
    return confirmed_deletion(
        request,
        lambda: delete_action(action, actor=request.user),
        what=f"l'action « {action.title} »",
        consequence="Elle quitte le plan de prévention et ses heures ne comptent plus.",
        done=f"Action « {action.title} » supprimée du plan de prévention.",
        back_url=_plan_of(request, action),
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def partner_update(request, pk):
    partner = get_for_establishment(Partner.objects.all(), request, pk=pk)
    initial = model_to_dict(partner, fields=PARTNER_FIELDS)
    form = PartnerForm(request.POST or None, initial=initial)
    return edit_page(
        request,
        form,
        lambda data: update_partner(partner, actor=request.user, **data),
        title=f"Modifier le partenaire « {partner.name} »",
        back_url=_plan_url(request),
    )


@establishment_view("manage_phare")
@require_http_methods(["GET", "POST"])
def partner_delete(request, pk):
    partner = get_for_establishment(Partner.objects.all(), request, pk=pk)
    return confirmed_deletion(
        request,
        lambda: delete_partner(partner, actor=request.user),
        what=f"le partenaire « {partner.name} »",
        consequence=_detached_actions(actions_with(partner).count()),
        done=f"Partenaire « {partner.name} » supprimé.",
        back_url=_plan_url(request),
    )


def _detached_actions(count: int) -> str:
    if not count:
        return "Aucune action de prévention ne le cite."
    if count == 1:
        return "Il est retiré de 1 action de prévention, qui reste au plan sans lui."
    return f"Il est retiré de {count} actions de prévention, qui restent au plan sans lui."
