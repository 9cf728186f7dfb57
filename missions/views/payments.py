"""What is paid and when: a person's missions and payment schedule, the bursar's page, "service fait", exports.

The amounts and months come from missions.services.schedule; the totals and the tax-exemption cap from
missions.services.allocations; the files from missions.services.exports.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from missions import permissions
from missions.compiled_query import CompiledQuery
from missions.forms.payments import ExportForm, ServiceDoneForm
from missions.models import Allocation, Role, RoleGrant, StaffMember, User
from missions.services import exports, schedule
from missions.services.allocations import (
    TAX_EXEMPTION_CAP,
    AllocationRefused,
    record_service_done,
    totals_of_loaded,
)
from missions.services.ceiling import total_across_establishments
from missions.services.envelopes import existing_envelope
from missions.views.base import (
    breadcrumb,
    establishment_view,
    get_for_establishment,
    page_link,
    school_year_choices,
    selected_school_year,
    url_for_year,
)


def counted_allocations(establishment_id, school_year_id):
    """The allocations of the year that count (roll-over drafts do not), with what a schedule needs."""
    return (
        Allocation.objects.counted()
        .filter(envelope__establishment_id=establishment_id, envelope__school_year_id=school_year_id)
        .select_related("mission", "rate", "envelope__school_year")
    )


# A person's page is the one every teacher opens: its two queries are compiled once per process
# (missions.compiled_query). Stand-ins: ids far beyond any sequence.
PERSON_ALLOCATIONS = CompiledQuery(
    lambda establishment_id, school_year_id, staff_member_id: (
        counted_allocations(establishment_id, school_year_id)
        .filter(staff_member_id=staff_member_id)
        .order_by("mission__title", "pk")
    ),
    establishment_id=9_007_199_254_740_011,
    school_year_id=9_007_199_254_740_012,
    staff_member_id=9_007_199_254_740_013,
)


# The person a page is about, in the page's establishment (the scope `get_for_establishment` applies).
PERSON = CompiledQuery(
    lambda establishment_id, pk: StaffMember.objects.filter(establishment_id=establishment_id, pk=pk),
    establishment_id=9_007_199_254_740_015,
    pk=9_007_199_254_740_016,
)


def person_in(request, pk) -> StaffMember:
    """The staff member `pk` of the request's establishment; 404 for anyone else's (or no one)."""
    found = PERSON.run(establishment_id=request.establishment.pk, pk=pk)
    if not found:
        raise Http404("Personnel introuvable.")
    return found[0]


def person_allocations_of(staff_member, school_year) -> list[Allocation]:
    """The person's allocations of the year that count, with what their page and schedule show."""
    return PERSON_ALLOCATIONS.run(
        establishment_id=staff_member.establishment_id,
        school_year_id=school_year.pk,
        staff_member_id=staff_member.pk,
    )


def year_allocations(request, school_year):
    """Everyone's counted allocations, by person, with what the lists show of them."""
    return (
        counted_allocations(request.establishment.pk, school_year.pk)
        .select_related("staff_member", "service_done_by")
        .order_by("staff_member__sort_key", "staff_member__pk", "mission__title")
    )


def payments_crumb(request):
    return page_link(request, "payment_list", "Paiements et exports")


@establishment_view("view_own_allocations")
def person_allocations(request, pk):
    staff_member = person_in(request, pk)
    if not permissions.allows(request, "view_allocations_of", staff_member):
        # Someone else's pay is out of a staff member's scope: it does not exist for them.
        raise Http404("Personnel introuvable.")
    year = selected_school_year(request)
    allocations = person_allocations_of(staff_member, year)
    total = totals_of_loaded(allocations, "staff_member", year.imp_base_amount).get(staff_member.pk)
    links = [payments_crumb(request)] if "view_all_allocations" in request.capabilities else []
    is_own = staff_member.user_id == request.user.pk
    across = total_across_establishments(staff_member, year)
    context = {
        "title": staff_member.display_name,
        "nav": "mine" if is_own else "payments",
        "is_own": is_own,
        # the person sees their total everywhere; a head only learns that it is over the cap
        "total_everywhere": across if is_own else None,
        "over_cap_everywhere": across is not None and across > TAX_EXEMPTION_CAP,
        "contacts": contacts_of(request.establishment, year),
        "breadcrumb_data": breadcrumb(request, staff_member.full_name, *links),
        "staff_member": staff_member,
        "school_year": year,
        "school_years": school_year_choices(request),
        "allocations": allocations,
        "total": total,
        "cap": TAX_EXEMPTION_CAP,
        "schedule": schedule.person_schedule(allocations),
        "may_record_service_done": "record_service_done" in request.capabilities,
    }
    return render(request, "missions/payments/person_allocations.html", context)


# Compiled once per process too (see PERSON_ALLOCATIONS); only what is shown, as values.
CONTACTS = CompiledQuery(
    lambda establishment_id, school_year_id: (
        RoleGrant.objects.filter(
            establishment_id=establishment_id,
            school_year_id=school_year_id,
            role__in=[Role.HEAD, Role.DEPUTY, Role.BURSAR],
        )
        .order_by("role", "user__last_name")
        .values(
            "role",
            "user__email",
            "user__first_name",
            "user__last_name",
            "staff_member_id",
            "staff_member__civility",
            "staff_member__first_name",
            "staff_member__usage_name",
        )
    ),
    establishment_id=9_007_199_254_740_021,
    school_year_id=9_007_199_254_740_022,
)


def contacts_of(establishment, school_year):
    """Who a teacher asks about their missions: the direction (who allocates) and the secretariat (who pays)."""
    contacts = []
    for grant in CONTACTS.run(establishment_id=establishment.pk, school_year_id=school_year.pk):
        if grant["staff_member_id"]:
            name = StaffMember.name_for_display(
                grant["staff_member__civility"],
                grant["staff_member__first_name"],
                grant["staff_member__usage_name"],
            )
        else:
            name = User(
                first_name=grant["user__first_name"], last_name=grant["user__last_name"]
            ).get_full_name()
        contacts.append(
            {
                "name": name or grant["user__email"],
                "role": Role(grant["role"]).label,
                "email": grant["user__email"],
            }
        )
    return contacts


def monthly_grid(allocations):
    """Everyone's payments by month: the per-person schedules summed, computed in memory (no query per row)."""
    by_person = defaultdict(list)
    for allocation in allocations:
        by_person[allocation.staff_member].append(allocation)
    schedules = [(person, schedule.person_schedule(held)) for person, held in by_person.items()]
    months = sorted({row.month for _, person_schedule in schedules for row in person_schedule.rows})
    people = []
    for person, person_schedule in schedules:
        paid = {row.month: row.total for row in person_schedule.rows}
        people.append(
            {
                "person": person,
                "cells": [paid.get(month) for month in months],
                "scheduled_total": person_schedule.scheduled_total,
                "pending_total": person_schedule.pending_total,
                "discharges": person_schedule.discharges,
            }
        )
    month_totals = [sum((p["cells"][i] or 0 for p in people), Decimal("0.00")) for i in range(len(months))]
    return {
        "months": [schedule.month_label(month) for month in months],
        "people": people,
        "month_totals": month_totals,
        "scheduled_total": sum(month_totals, Decimal("0.00")),
        "pending_total": sum((p["pending_total"] for p in people), Decimal("0.00")),
    }


@establishment_view("view_all_allocations")
def payment_list(request):
    year = selected_school_year(request)
    allocations = list(year_allocations(request, year))
    context = {
        "title": "Paiements et exports",
        "nav": "payments",
        "breadcrumb_data": breadcrumb(request, "Paiements et exports"),
        "school_year": year,
        "school_years": school_year_choices(request),
        "grid": monthly_grid(allocations),
        "awaiting": [a for a in allocations if a.is_pay and a.is_one_off and a.service_done_on is None],
        "exports": export_links(request, year),
        "may_record_service_done": "record_service_done" in request.capabilities,
        "may_export": "export_repartition" in request.capabilities,
    }
    return render(request, "missions/payments/payment_list.html", context)


@establishment_view("record_service_done")
@require_http_methods(["GET", "POST"])
def allocation_service_done(request, pk):
    allocation = get_for_establishment(
        Allocation.objects.select_related("staff_member", "mission", "rate", "envelope__school_year"),
        request,
        pk=pk,
    )
    form = ServiceDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_service_done(allocation, actor=request.user, done_on=form.cleaned_data["done_on"])
        except AllocationRefused as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(
                request,
                f"Service fait enregistré pour « {allocation.mission.title} » "
                f"({allocation.staff_member.full_name}) : la mission sera payée.",
            )
            if request.POST.get("retour") == "paiements":
                return redirect("payment_list", request.establishment.uai)
            return redirect(
                url_for_year(
                    "person_allocations",
                    allocation.envelope.school_year,
                    request.establishment.uai,
                    allocation.staff_member_id,
                )
            )
    context = {
        "title": "Service fait",
        "nav": "payments",
        "breadcrumb_data": breadcrumb(request, "Service fait", payments_crumb(request)),
        "allocation": allocation,
        "form": form,
        "retour": request.GET.get("retour") or request.POST.get("retour") or "",
    }
    return render(request, "missions/payments/service_done.html", context)


EXPORT_GROUPINGS = (
    ("personne", "répartition par personne"),
    ("mission", "répartition par mission"),
    ("mois", "échéancier mois par mois"),
)


def export_links(request, school_year, envelope=None):
    """The download links of the year; none for a year with nothing to export (no links to an empty file)."""
    if not exports.has_rows(envelope or existing_envelope(request.establishment, school_year)):
        return []
    base = reverse("allocation_export", args=[request.establishment.uai])
    return [
        (f"{grouping_label} ({label})", f"{base}?format={fmt}&par={par}&annee={school_year.start_year}")
        for par, grouping_label in EXPORT_GROUPINGS
        for fmt, label in ExportForm.FORMATS.items()
    ]


@establishment_view("export_repartition")
@require_GET
def allocation_export(request):
    """`?format=csv|ods|xlsx&par=personne|mission&annee=2026` downloads the file; without a format, the list."""
    try:
        year = selected_school_year(request)
    except Http404:
        return HttpResponseBadRequest(
            "Année scolaire inconnue : indiquez l'année de début, par exemple annee=2026.",
            content_type="text/plain; charset=utf-8",
        )
    envelope = existing_envelope(request.establishment, year)
    context = {
        "title": "Exports de la répartition",
        "nav": "payments",
        "breadcrumb_data": breadcrumb(request, "Exports"),
        "school_year": year,
        "envelope": envelope,
        "exports": export_links(request, year, envelope),
    }
    if "format" not in request.GET:
        return render(request, "missions/payments/export_list.html", context)
    form = ExportForm(request.GET)
    if not form.is_valid():
        context["error"] = form.error_text()
        return render(request, "missions/payments/export_list.html", context, status=400)
    if not exports.has_rows(envelope):
        context["error"] = f"Rien à exporter : aucune attribution validée pour l'année {year.label}."
        return render(request, "missions/payments/export_list.html", context, status=404)
    content, content_type, filename = exports.render_export(envelope, form.by, form.cleaned_data["format"])
    response = HttpResponse(content, content_type=content_type)
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
