"""The allocation screen (head, deputy): the envelope gauge, missions and their holders, add / edit / remove.

Views parse, authorize (establishment_view) and call the services: the envelope cap, the refusals and the
history are decided in missions.services.allocations. With htmx, a change answers with the changed row and
out-of-band swaps of the gauge, the mission subtotals and the person totals; without JS, a redirect.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms.allocations import AllocationFilterForm, AllocationForm
from missions.models import Allocation, Mission, Rate
from missions.services.allocations import (
    AllocationRefused,
    allocate_in_year,
    confirm_draft,
    person_totals,
    rate_that_fits,
    remove_allocation,
    update_allocation,
)
from missions.services.envelopes import (
    existing_envelope,
    existing_envelope_summarized,
    summarize,
)
from missions.views.allocation_envelope import dotation_update, envelope_detail, rollover  # noqa: F401 (URL map)
from missions.views.allocation_screen import (
    as_pk,
    catalogue_for,
    changed_response,
    history_lines,
    list_url,
    mission_hint,
    screen_context,
    screen_page,
)
from missions.views.base import error_text, establishment_view, get_for_establishment, selected_school_year

ALLOCATION_FORM = "missions/allocations/allocation_form.html"


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _changed(request, allocation, text, *, refused=False, **change):
    """After a change: with htmx, the row and the figures swapped in place; without JS, the message and back
    to the allocation screen of the allocation's year."""
    if is_htmx(request):
        return changed_response(request, allocation, text, refused=refused, **change)
    (messages.error if refused else messages.success)(request, text)
    return redirect(list_url(request, allocation.envelope.school_year))


def _allocation(request, pk):
    queryset = Allocation.objects.select_related(
        "staff_member", "mission", "rate", "envelope__school_year", "envelope__establishment"
    )
    return get_for_establishment(queryset, request, pk=pk)


@establishment_view("manage_allocations")
@require_http_methods(["GET"])
def allocation_list(request):
    school_year = selected_school_year(request)
    envelope, sums = existing_envelope_summarized(request.establishment, school_year)
    # Loaded once: the filter's choices and the alerts' art. 6 missions both read it.
    catalogue = list(Mission.objects.for_establishment(request.establishment).select_related("adapted_from"))
    filters = AllocationFilterForm(request.GET, missions=catalogue)
    context = screen_context(request, school_year, envelope, sums, filters, catalogue)
    return render(request, "missions/allocations/allocation_list.html", context)


@establishment_view("manage_allocations")
def allocation_history(request, pk):
    """One allocation's history, fetched when its row's "Historique" is opened (htmx: the list alone);
    without JS, the same list on a page of its own."""
    allocation = _allocation(request, pk)
    context = {"allocation": allocation, "history": history_lines(allocation)}
    if is_htmx(request):
        return render(request, "missions/allocations/_partials/history.html", context)
    context.update(screen_page(request, allocation.envelope.school_year, "Historique de l'attribution"))
    return render(request, "missions/allocations/allocation_history.html", context)


def _room(request, school_year, form, *, allocation=None) -> dict | None:
    """What is left in the envelope for this form (an edited allocation's own IMP count as free), and whether
    any rate of the chosen mission still fits."""
    envelope = existing_envelope(request.establishment, school_year)
    if envelope is None:
        return None
    summary = summarize(envelope, totals={})
    units = summary.remaining_units
    if allocation is not None and not allocation.is_draft:
        units += allocation.units
    room = {"units": units, "euros": summary.to_euros(units), "no_grant": summary.total_units <= 0}
    mission = form.chosen_mission
    if mission is not None and form["kind"].value() != Allocation.Kind.DISCHARGE:
        rates = list(mission.allowed_rates.all()) or list(Rate.objects.all())
        room["none_fits"] = rate_that_fits(rates, units) is None
    return room


def _form_response(request, form, school_year, *, allocation=None, status=200, refused=False):
    context = {
        "form": form,
        "allocation": allocation,
        "school_year": school_year,
        "room": _room(request, school_year, form, allocation=allocation),
        "refused_over_envelope": refused,
        "hint": mission_hint(request.establishment, form, school_year),
        **screen_page(
            request, school_year, "Modifier l'attribution" if allocation else "Ajouter une attribution"
        ),
    }
    if is_htmx(request):
        template = "missions/allocations/_partials/allocation_row_form.html"
        if allocation is None:
            template = "missions/allocations/_partials/quick_add_form.html"
        response = render(request, template, context, status=status)
        if allocation is None:
            response["HX-Retarget"] = "#quick-add"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, ALLOCATION_FORM, context, status=status)


def _form_options(request, school_year, allocation=None) -> dict:
    """What the allocation form needs to offer its choices: the establishment's staff (with what each already
    receives this year) and catalogue, the year."""
    envelope = existing_envelope(request.establishment, school_year)
    return {
        "establishment": request.establishment,
        "school_year": school_year,
        "missions": _missions_for_form(request, allocation),
        "totals": person_totals(envelope) if envelope else {},
    }


def _missions_for_form(request, allocation):
    """The catalogue offered, plus the edited allocation's own mission if it is no longer offered."""
    missions = catalogue_for(request.establishment)
    if allocation is not None:
        missions = missions | Mission.objects.filter(pk=allocation.mission_id).select_related(
            "suggested_rate"
        )
    return missions


def _is_over_envelope(refusal) -> bool:
    return refusal.code == "envelope_exceeded"


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def allocation_create(request):
    school_year = selected_school_year(request)
    form_options = _form_options(request, school_year)
    if request.method != "POST":
        _forget_token_sent_in_url(request)
        initial = _prefill(request, form_options["missions"], remaining=_remaining(request, school_year))
        form = AllocationForm(initial=initial, **form_options)
        if is_htmx(request):
            # "indice": the mission changed in a form already on the page (this one or an edit row): its
            # fields come back for that mission. Otherwise, the add form opened on the allocation screen.
            template = "allocation_fields.html" if "indice" in request.GET else "quick_add_form.html"
            context = {
                "form": form,
                "school_year": school_year,
                "room": _room(request, school_year, form),
                "hint": mission_hint(request.establishment, form, school_year),
            }
            return render(request, f"missions/allocations/_partials/{template}", context)
        return _form_response(request, form, school_year)
    form = AllocationForm(request.POST, **form_options)
    if form.is_valid():
        try:
            allocation = allocate_in_year(
                request.establishment, school_year, actor=request.user, **form.service_arguments()
            )
        except AllocationRefused as refusal:
            form.add_error(None, refusal)
            return _form_response(request, form, school_year, refused=_is_over_envelope(refusal))
        else:
            text = f"Attribution enregistrée : {allocation}."
            return _changed(request, allocation, text, added=True, form_options=form_options)
    return _form_response(request, form, school_year)


# What "Choisir cette mission" (no JS) and the htmx refresh send back: the form as the head left it.
KEPT_FIELDS = (
    *("chercher", "tous", "staff_member", "kind", "rate", "count", "discharge_hours"),
    *("periodicity", "start_date", "end_date", "note"),
)


def _remaining(request, school_year, allocation=None):
    envelope = existing_envelope(request.establishment, school_year)
    if envelope is None:
        return None
    remaining = summarize(envelope, totals={}).remaining_units
    if allocation is not None and not allocation.is_draft:
        remaining += allocation.units
    return remaining


def _prefill(request, missions, initial=None, remaining=None) -> dict:
    """The form pre-filled from the query string; a chosen mission brings its suggested rate and periodicity.

    `?mission=<pk>` and `?personnel=<pk>` come from links; the other fields from a form reloaded for a mission
    (GET: nothing is saved). A rate the mission does not allow is simply not offered.
    """
    initial = dict(initial or {})
    initial.update({name: request.GET[name] for name in KEPT_FIELDS if name in request.GET})
    staff_pk = as_pk(request.GET.get("personnel"))
    if staff_pk is not None:
        initial["staff_member"] = staff_pk
    mission = _pk_in(request.GET.get("mission"), missions)
    if "mission" in request.GET and mission is None:
        initial.pop("mission", None)  # "— Choisir une mission —" chosen again
    if mission:
        initial.update(mission=mission.pk, periodicity=mission.periodicity)
        if mission.suggested_rate_id:
            initial["rate"] = mission.suggested_rate_id
        if remaining is not None and "rate" not in request.GET and mission.suggested_rate_id:
            # The suggested rate if it fits what is left, else the largest that does (none: nothing chosen).
            rates = list(mission.allowed_rates.all()) or list(Rate.objects.all())
            fitting = rate_that_fits(
                rates, remaining, as_pk(initial.get("count")) or 1, mission.suggested_rate
            )
            initial["rate"] = fitting.pk if fitting else None
    return initial


def _forget_token_sent_in_url(request) -> None:
    """The no-JS "Choisir cette mission" sends the whole form by GET, CSRF token included: that token now sits
    in a URL (history, server logs), so the page is answered with a new one."""
    if "csrfmiddlewaretoken" in request.GET:
        rotate_token(request)


def _pk_in(value, queryset) -> Mission | None:
    pk = as_pk(value)
    return queryset.filter(pk=pk).first() if pk is not None else None


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def allocation_update(request, pk):
    allocation = _allocation(request, pk)
    school_year = allocation.envelope.school_year
    form_options = _form_options(request, school_year, allocation)
    if request.method != "POST":
        _forget_token_sent_in_url(request)
        initial = _prefill(
            request,
            form_options["missions"],
            AllocationForm.initial_from(allocation),
            remaining=_remaining(request, school_year, allocation) if "mission" in request.GET else None,
        )
        form = AllocationForm(initial=initial, **form_options)
        return _form_response(request, form, school_year, allocation=allocation)
    form = AllocationForm(request.POST, **form_options)
    before = (allocation.mission_id, allocation.staff_member_id)
    if form.is_valid():
        try:
            allocation = update_allocation(allocation, actor=request.user, **form.service_arguments())
        except AllocationRefused as refusal:
            form.add_error(None, refusal)
            return _form_response(
                request, form, school_year, allocation=allocation, refused=_is_over_envelope(refusal)
            )
        else:
            return _changed(request, allocation, f"Attribution modifiée : {allocation}.", previous=before)
    return _form_response(request, form, school_year, allocation=allocation)


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def allocation_delete(request, pk):
    allocation = _allocation(request, pk)
    school_year = allocation.envelope.school_year
    if request.method == "POST":
        label = str(allocation)
        try:
            remove_allocation(allocation, actor=request.user)
        except ValidationError as refusal:
            messages.error(request, error_text(refusal))
            return redirect(list_url(request, school_year))
        return _changed(request, allocation, f"Attribution retirée : {label}.", removed=True)
    return render(
        request,
        "missions/allocations/allocation_confirm_delete.html",
        _confirmation_context(request, allocation, "Retirer l'attribution"),
    )


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def allocation_confirm(request, pk):
    allocation = _allocation(request, pk)
    if request.method == "POST":
        try:
            allocation = confirm_draft(allocation, actor=request.user)
        except ValidationError as refusal:
            return _changed(request, allocation, error_text(refusal), refused=True)
        text = f"Brouillon validé : {allocation}. Il compte désormais dans l'enveloppe."
        return _changed(request, allocation, text)
    return render(
        request,
        "missions/allocations/allocation_confirm_draft.html",
        _confirmation_context(request, allocation, "Valider le brouillon"),
    )


def _confirmation_context(request, allocation, title):
    summary = summarize(allocation.envelope)
    return {
        "allocation": allocation,
        "summary": summary,
        "remaining_after": summary.remaining_units + (0 if allocation.is_draft else allocation.units),
        **screen_page(request, allocation.envelope.school_year, title),
    }
