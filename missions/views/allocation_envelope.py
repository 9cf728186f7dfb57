"""The envelope page (grants notified with the DHG, supplements) and next year's roll-over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms.allocations import DotationForm
from missions.models import Dotation, SchoolYear
from missions.services.envelopes import add_dotation_in_year, existing_envelope, summarize
from missions.services.rollover import (
    RolloverRefused,
    confirm_all_drafts,
    plan_roll_over,
    roll_over_to_next_year,
)
from missions.templatetags.french import imp
from missions.views.allocation_screen import list_url, screen_page
from missions.views.base import establishment_view, selected_school_year, url_for_year


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def envelope_detail(request):
    school_year = selected_school_year(request)
    form = DotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_dotation_in_year(request.establishment, school_year, actor=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            kind = Dotation.Kind(form.cleaned_data["kind"]).label.lower()
            messages.success(
                request, f"Dotation enregistrée : {kind} de {imp(form.cleaned_data['units'])} IMP."
            )
            return redirect(url_for_year("envelope_detail", school_year, request.establishment.uai))
    envelope = existing_envelope(request.establishment, school_year)
    grants = (
        [(grant, envelope.to_euros(grant.units)) for grant in envelope.dotations.all()] if envelope else []
    )
    return render(
        request,
        "missions/allocations/envelope_detail.html",
        {
            "form": form,
            "school_year": school_year,
            "envelope": envelope,
            "summary": summarize(envelope) if envelope else None,
            "grants": grants,
            "base_amount": school_year.imp_base_amount,
            "discharge_hours_per_imp": school_year.discharge_hours_per_imp,
            **screen_page(request, school_year, f"Enveloppe {school_year.label}"),
        },
    )


def _preview(establishment, from_year, to_year):
    """What the roll-over will do, read-only: the same plan the service follows when the head confirms."""
    try:
        plan = plan_roll_over(establishment, from_year, to_year)
    except RolloverRefused as refusal:
        return {"created": [], "skipped": [], "refusal": refusal.message}
    return {"created": [str(a) for a in plan.to_copy], "skipped": plan.skipped, "refusal": None}


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def rollover(request):
    from_year = selected_school_year(request)
    if request.method == "POST" and request.POST.get("action") == "valider-brouillons":
        return _confirm_all_drafts(request, from_year)
    if request.method == "POST":
        return _roll_over(request, from_year)
    to_year = from_year.next() or SchoolYear(start_year=from_year.start_year + 1)  # a GET creates no year
    return render(
        request,
        "missions/allocations/rollover.html",
        {
            "from_year": from_year,
            "to_label": to_year.label,
            "preview": _preview(request.establishment, from_year, to_year),
            **screen_page(request, from_year, "Préparer l'année suivante"),
        },
    )


def _roll_over(request, from_year):
    try:
        to_year, report = roll_over_to_next_year(request.establishment, from_year, actor=request.user)
    except RolloverRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(url_for_year("rollover", from_year, request.establishment.uai))
    messages.success(
        request,
        f"Répartition {to_year.label} préparée : {len(report.created)} attribution(s) reprise(s) en brouillon. "
        "Elles ne comptent dans l'enveloppe qu'une fois validées.",
    )
    if report.skipped:
        details = " ; ".join(
            f"{staff.full_name} — {mission} : {reason}" for staff, mission, reason in report.skipped
        )
        messages.warning(request, f"Non reprises ({len(report.skipped)}) : {details}.")
    return redirect(list_url(request, to_year))


def _confirm_all_drafts(request, school_year):
    envelope = existing_envelope(request.establishment, school_year)
    if envelope is None:
        messages.error(request, f"Aucune répartition {school_year.label} à valider.")
        return redirect(list_url(request, school_year))
    report = confirm_all_drafts(envelope, actor=request.user)
    messages.success(
        request, f"{len(report.confirmed)} brouillon(s) validé(s) : ils comptent dans l'enveloppe."
    )
    if report.refused:
        details = " ; ".join(f"{draft} : {reason}" for draft, reason in report.refused)
        messages.warning(request, f"Restés en brouillon ({len(report.refused)}) : {details}")
    return redirect(list_url(request, school_year))
