"""The prevention plan of the year and its partners."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from harcelement.forms import (
    PartnerForm,
    PreventionActionForm,
)
from harcelement.models import (
    Partner,
)
from harcelement.services.plan import add_action, add_partner, plan_summary
from harcelement.views.common import phare_link, render_form
from missions.views.base import (
    breadcrumb,
    current_school_year,
    establishment_view,
    selected_school_year,
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
