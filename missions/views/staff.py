"""Staff management (capability manage_staff): list, add, edit, detail, deactivate, invite."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms.staff import StaffFilterForm, StaffMemberForm
from missions.models import StaffMember
from missions.services import staff as staff_service
from missions.services.accounts import account_statuses
from missions.services.allocations import person_totals
from missions.services.envelopes import existing_envelope
from missions.templatetags.french import agreed
from missions.views.base import (
    breadcrumb,
    current_school_year,
    error_text,
    establishment_view,
    get_for_establishment,
    page_link,
    selected_school_year,
)

PAGE_SIZE = 50


def crumbs(request, *, current, staff=None):
    links = [] if current == "Personnels" else [page_link(request, "staff_list", "Personnels")]
    if staff is not None:
        links.append({"url": staff.get_absolute_url(), "title": staff.full_name})
    return {"breadcrumb_data": breadcrumb(request, current, *links), "nav": "staff", "title": current}


def load_staff(request, pk):
    return get_for_establishment(StaffMember.objects.select_related("user", "establishment"), request, pk=pk)


@establishment_view("manage_staff")
def staff_list(request):
    filter_form = StaffFilterForm(request.GET or None)
    staff = staff_service.search_staff(request.establishment, **filter_form.filters())
    page = Paginator(staff, PAGE_SIZE).get_page(request.GET.get("page"))
    page.pages_list = page.paginator.get_elided_page_range(page.number)
    school_year = current_school_year(request)
    envelope = existing_envelope(request.establishment, school_year) if school_year else None
    totals = person_totals(envelope) if envelope else {}
    members = list(page)
    shared = staff_service.shared_names_among(request.establishment, [member.sort_key for member in members])
    for member in members:
        member.imp_total = totals.get(member.pk)
        member.homonym = member.sort_key in shared
    rows = list(zip(members, account_statuses(members, request.establishment), strict=True))
    context = {
        "filter_form": filter_form,
        "page_obj": page,
        "rows": rows,
        "counts": staff_service.staff_counts(request.establishment),
        "is_filtered": any(filter_form.filters().values()),
        "school_year": school_year,
        **crumbs(request, current="Personnels"),
    }
    return render(request, "missions/staff/staff_list.html", context)


@establishment_view("manage_staff")
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffMemberForm(request.POST or None, establishment=request.establishment)
    if request.method == "POST" and form.is_valid():
        staff = staff_service.create_staff(request.establishment, form.cleaned_data)
        messages.success(request, f"{staff.display_name} est {agreed('ajouté', staff)} aux personnels.")
        return redirect(staff)
    context = {"form": form, **crumbs(request, current="Ajouter un personnel")}
    return render(request, "missions/staff/staff_form.html", context)


@establishment_view("manage_staff")
@require_http_methods(["GET", "POST"])
def staff_update(request, pk):
    staff = load_staff(request, pk)
    form = StaffMemberForm(request.POST or None, instance=staff, establishment=request.establishment)
    if request.method == "POST" and form.is_valid():
        try:
            staff = staff_service.update_staff(
                staff,
                form.cleaned_data,
                school_year=selected_school_year(request),
                editor_roles=request.roles,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"La fiche de {staff.display_name} est enregistrée.")
            return redirect(staff)
    context = {"form": form, "staff": staff, **crumbs(request, current="Modifier", staff=staff)}
    return render(request, "missions/staff/staff_form.html", context)


@establishment_view("manage_staff")
def staff_detail(request, pk):
    staff = load_staff(request, pk)
    school_year = selected_school_year(request)
    grants = staff_service.grants_of_staff_member(staff, school_year).order_by("role")
    context = {
        "staff": staff,
        "school_year": school_year,
        "grants": grants,
        "account": account_statuses([staff], request.establishment)[0],
        "can_manage_roles": "manage_roles" in request.capabilities,
        **crumbs(request, current=staff.full_name),
    }
    return render(request, "missions/staff/staff_detail.html", context)


@establishment_view("manage_staff")
@require_http_methods(["GET", "POST"])
def staff_deactivate(request, pk):
    """GET shows what deactivating does; POST does it. The record is never deleted."""
    staff = load_staff(request, pk)
    school_year = selected_school_year(request)
    if request.method == "POST":
        try:
            withdrawn = staff_service.deactivate(
                staff, school_year=school_year, deactivator_roles=request.roles
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(staff)
        suffix = f" ; {len(withdrawn)} rôle(s) retiré(s) pour {school_year}" if withdrawn else ""
        messages.success(request, f"{staff.display_name} est désormais « plus en poste »{suffix}.")
        return redirect(staff)
    context = {
        "staff": staff,
        "school_year": school_year,
        "grants": staff_service.grants_of_staff_member(staff, school_year).order_by("role"),
        **crumbs(request, current="Désactiver", staff=staff),
    }
    return render(request, "missions/staff/staff_deactivate.html", context)


@establishment_view("manage_staff")
@require_http_methods(["GET", "POST"])
def staff_invite(request, pk):
    """GET says who will receive what; POST creates or links the account and sends the e-mail."""
    staff = load_staff(request, pk)
    school_year = selected_school_year(request)
    if request.method == "POST":
        try:
            invitation = staff_service.give_access(
                staff, inviter=request.user, school_year=school_year, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(staff)
        messages.success(request, f"Invitation envoyée à {invitation.user.email}.")
        return redirect(staff)
    context = {
        "staff": staff,
        "school_year": school_year,
        "account": account_statuses([staff], request.establishment)[0],
        "has_role": staff_service.grants_of_staff_member(staff, school_year).exists(),
        **crumbs(request, current="Inviter", staff=staff),
    }
    return render(request, "missions/staff/staff_invite.html", context)
