"""Helpers shared by the pHARe pages: loading a case (404 when one may not read it), form and confirmation
pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from harcelement.models import (
    Case,
)
from missions import permissions
from missions.views.base import (
    breadcrumb,
    error_text,
    page_link,
)

SAFE_METHODS = ["GET", "HEAD"]


def phare_link(request):
    return page_link(request, "phare_dashboard", "pHARe")


def load_case(request, pk, rule="read_case") -> Case:
    """The case if the user passes `rule`; 404 otherwise (its existence is not revealed)."""
    case = get_object_or_404(
        Case.objects.select_related("school_year"), pk=pk, establishment=request.establishment
    )
    if not permissions.allows(request, rule, case):
        raise Http404("Situation introuvable.")
    return case


def active_staff(request, *, also=None):
    """The staff in post, by name; `also` stays choosable after leaving, so a record naming them can be
    corrected without choosing someone else."""
    wanted = Q(active=True) | Q(pk=also.pk) if also is not None else Q(active=True)
    return request.establishment.staff.filter(wanted).order_by("usage_name", "first_name")


def render_form(request, form, title, back_url, *, intro="", multipart=False, crumbs=()):
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


def edit_page(request, form, save, *, title, back_url):
    """GET: the form, pre-filled; POST: `save(cleaned_data)` then back to `back_url`. A refused form or a
    ValidationError from the service shows the form again with the reason, and nothing is changed."""
    if request.method == "POST" and form.is_valid():
        try:
            changes = save(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if changes:
                messages.success(request, "Modifications enregistrées.")
            else:
                messages.info(request, "Aucune modification : rien n'a été changé.")
            return redirect(back_url)
    elif request.method == "POST":
        messages.error(request, "Le formulaire contient des erreurs : rien n'a été modifié.")
    return render_form(request, form, title, back_url)


def confirmed_action(request, act, *, success, title, text, back_url):
    """GET: a confirmation page; POST: `act()`, then back to `back_url` with what happened."""
    if request.method == "POST":
        try:
            act()
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, success)
        return redirect(back_url)
    context = {"title": title, "text": text, "back_url": back_url, "nav": "phare"}
    return render(request, "harcelement/confirm.html", context)


def confirmed_deletion(request, delete, *, what, consequence, done, back_url):
    """`confirmed_action` for deleting `what` (e.g. "la formation « … »"): the page says what else goes with
    it and that the event log keeps what was deleted."""
    return confirmed_action(
        request,
        delete,
        success=done,
        title=f"Supprimer {what} ?",
        text=f"{consequence} La suppression reste inscrite au journal des événements.",
        back_url=back_url,
    )
