"""Roles of the year (capability manage_roles): list with the pHARe hints, grant, withdraw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms.roles import BoardMemberForm, GrantRoleForm
from missions.models import RoleGrant
from missions.services import staff as staff_service
from missions.services.role_reconduction import reconduct_roles, reconducted_from
from missions.services.staff import holder_name
from missions.views.base import (
    breadcrumb,
    error_text,
    establishment_view,
    get_for_establishment,
    page_link,
    selected_school_year,
    url_for_year,
)


def crumbs(request, current):
    links = [] if current == "Rôles" else [page_link(request, "role_list", "Rôles")]
    return {"breadcrumb_data": breadcrumb(request, current, *links), "title": current, "nav": "home"}


@establishment_view("manage_roles")
def role_list(request):
    school_year = selected_school_year(request)
    groups = staff_service.grants_by_role(request.establishment, school_year)
    context = {
        "school_year": school_year,
        "reconducted_from": reconducted_from(request.establishment, school_year),
        "groups": groups,
        "shortages": [group for group in groups if group["short"]],
        **crumbs(request, "Rôles"),
    }
    return render(request, "missions/roles/role_list.html", context)


@establishment_view("manage_roles")
@require_http_methods(["GET", "POST"])
def role_create(request):
    """Two forms on one page: a role for a staff member, or a CA member without a staff record."""
    school_year = selected_school_year(request)
    action = request.POST.get("action") if request.method == "POST" else None
    staff_form = GrantRoleForm(
        request.POST if action == "staff" else None,
        establishment=request.establishment,
        granter_roles=request.roles,
        initial={"role": request.GET.get("role", "")},
    )
    board_form = BoardMemberForm(request.POST if action == "board" else None)
    form = {"staff": staff_form, "board": board_form}.get(action)
    if form is not None and form.is_valid():
        try:
            result = grant(request, form, action, school_year)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            typed_email = (
                form.cleaned_data["email"] if action == "board" else form.cleaned_data["staff_member"].email
            )
            messages.success(request, success_message(result, typed_email))
            return redirect(url_for_year("role_list", school_year, request.establishment.uai))
    context = {
        "school_year": school_year,
        "staff_form": staff_form,
        "board_form": board_form,
        **crumbs(request, "Attribuer un rôle"),
    }
    return render(request, "missions/roles/role_form.html", context)


def grant(request, form, action, school_year):
    base_url = request.build_absolute_uri("/")
    if action == "staff":
        return staff_service.grant_role(
            form.cleaned_data["staff_member"],
            form.cleaned_data["role"],
            school_year=school_year,
            granted_by=request.user,
            granter_roles=request.roles,
            base_url=base_url,
        )
    return staff_service.add_board_member(
        request.establishment,
        school_year,
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        email=form.cleaned_data["email"],
        quality=form.cleaned_data["quality"],
        term_start=form.cleaned_data["term_start"],
        term_end=form.cleaned_data["term_end"],
        granted_by=request.user,
        base_url=base_url,
    )


def success_message(result, typed_email) -> str:
    """Only what the head typed or their own records hold: the same words whether the address already had
    an account (the role then waits for its acceptance) or not."""
    grant = result.grant
    text = f"Rôle « {grant.get_role_display()} » attribué à {holder_name(grant)} pour {grant.school_year}."
    if result.invitation:
        text += f" Une invitation a été envoyée à {typed_email}."
    return text


@establishment_view("manage_roles")
@require_http_methods(["GET", "POST"])
def role_reconduct(request):
    """POST copies the roles reconduits into the year; GET goes back to the roles page."""
    school_year = selected_school_year(request)
    if request.method == "POST":
        copies = reconduct_roles(request.establishment, school_year, actor=request.user)
        messages.success(request, f"{len(copies)} rôle(s) reconduit(s) pour {school_year}.")
    return redirect(url_for_year("role_list", school_year, request.establishment.uai))


@establishment_view("manage_roles")
@require_http_methods(["GET", "POST"])
def role_delete(request, pk):
    """GET shows what will be withdrawn; POST withdraws it."""
    grant = get_for_establishment(
        RoleGrant.objects.select_related("user", "staff_member", "school_year"), request, pk=pk
    )
    school_year = selected_school_year(request) if request.GET.get("annee") else grant.school_year
    back = url_for_year("role_list", school_year, request.establishment.uai)
    if request.method == "POST":
        try:
            staff_service.revoke_role(grant, revoker_roles=request.roles, school_year=school_year)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                f"Rôle « {grant.get_role_display()} » retiré à {holder_name(grant)} pour {school_year}.",
            )
        return redirect(back)
    context = {
        "grant": grant,
        "school_year": school_year,
        "holder": holder_name(grant),
        "back": back,
        **crumbs(request, "Retirer un rôle"),
    }
    return render(request, "missions/roles/role_delete.html", context)
