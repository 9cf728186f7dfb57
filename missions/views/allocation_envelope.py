"""The envelope page (grants notified with the DHG, supplements) and next year's roll-over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms.allocations import DotationCancellationForm, DotationCorrectionForm, DotationForm
from missions.models import Dotation, Mission, SchoolYear
from missions.services.envelopes import (
    add_dotation_in_year,
    cancel_dotation,
    correct_dotation,
    existing_envelope,
    summarize,
)
from missions.services.rollover import (
    RolloverRefused,
    confirm_all_drafts,
    plan_roll_over,
    roll_over_to_next_year,
)
from missions.templatetags.french import imp
from missions.views.allocation_screen import list_url, screen_page
from missions.views.base import (
    establishment_view,
    get_for_establishment,
    selected_school_year,
    url_for_year,
)


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def envelope_detail(request):
    school_year = selected_school_year(request)
    envelope = existing_envelope(request.establishment, school_year)
    has_initial = bool(envelope and envelope.dotations.in_force().filter(kind=Dotation.Kind.INITIAL).exists())
    form = DotationForm(
        request.POST or None, initial={"kind": Dotation.Kind.SUPPLEMENT} if has_initial else None
    )
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
            "has_initial": has_initial,
            "base_amount": school_year.imp_base_amount,
            "discharge_hours_per_imp": school_year.discharge_hours_per_imp,
            **screen_page(request, school_year, f"Enveloppe {school_year.label}"),
        },
    )


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def dotation_update(request, pk):
    """Correct or cancel a grant, with a reason recorded in the history."""
    grant = get_for_establishment(
        Dotation.objects.select_related("envelope__school_year", "envelope__establishment"),
        request,
        pk=pk,
    )
    school_year = grant.envelope.school_year
    back = url_for_year("envelope_detail", school_year, request.establishment.uai)
    if grant.cancelled_at:
        messages.error(request, "Cette dotation est annulée : elle ne peut plus être modifiée.")
        return redirect(back)
    cancelling = request.POST.get("action") == "annuler"
    correction = DotationCorrectionForm(
        None if cancelling else (request.POST or None),
        initial={"units": grant.units, "granted_on": grant.granted_on, "reference": grant.reference},
    )
    cancellation = DotationCancellationForm(request.POST if cancelling else None)
    form = cancellation if cancelling else correction
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if cancelling:
                cancel_dotation(grant, reason=data["reason"], actor=request.user)
                text = f"{grant.get_kind_display()} annulée : {imp(grant.units)} IMP retirées de l'enveloppe."
            else:
                grant = correct_dotation(grant, actor=request.user, **data)
                text = f"{grant.get_kind_display()} corrigée : {imp(grant.units)} IMP."
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, text)
            return redirect(back)
    return render(
        request,
        "missions/allocations/dotation_update.html",
        {
            "grant": grant,
            "correction": correction,
            "cancellation": cancellation,
            "school_year": school_year,
            "envelope_url": back,
            **screen_page(request, school_year, f"Corriger la {grant.get_kind_display().lower()}"),
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
    if report.confirmed:
        priority = [a for a in report.confirmed if a.mission.category == Mission.Category.PRIORITY]
        others = [a for a in report.confirmed if a.mission.category != Mission.Category.PRIORITY]
        parts = [
            f"{label} : " + " ; ".join(str(a) for a in group)
            for label, group in (("missions prioritaires (art. 6)", priority), ("autres missions", others))
            if group
        ]
        messages.success(
            request,
            f"{len(report.confirmed)} brouillon(s) validé(s), qui comptent désormais dans l'enveloppe — "
            + " — ".join(parts)
            + ".",
        )
    else:
        messages.info(request, "Aucun brouillon n'a pu être validé.")
    if report.refused:
        details = " ; ".join(f"{draft} : {reason}" for draft, reason in report.refused)
        messages.warning(request, f"Restés en brouillon ({len(report.refused)}) : {details}")
    return redirect(list_url(request, school_year))
