"""Helpers shared by the pHARe pages: loading a case (404 when one may not read it), form pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from harcelement.models import (
    Case,
)
from missions import permissions
from missions.views.base import (
    breadcrumb,
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


def active_staff(request):
    return request.establishment.staff.filter(active=True).order_by("usage_name", "first_name")


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
