"""The CA pack, read-only (capability view_board_pack): the frozen versions, their PDF and spreadsheets, and the
members' questions. A version a member may not read does not exist for them (404)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from missions import permissions
from missions.forms.board import QuestionForm
from missions.models import PlanVersion, Role
from missions.services import board, board_members, board_questions, exports
from missions.services.board_pack import build_pack, filename, spreadsheet_rows
from missions.services.board_pdf import render_pack_pdf
from missions.views.base import (
    breadcrumb,
    error_text,
    establishment_view,
    get_for_establishment,
    page_link,
    school_year_choices,
    selected_school_year,
    url_for_year,
)

SPREADSHEETS = {"ods": exports._ods, "xlsx": exports._xlsx}


def board_crumb(request):
    return page_link(request, "board_pack", "Conseil d'administration")


def readable_version(request, pk) -> PlanVersion:
    version = get_for_establishment(
        PlanVersion.objects.select_related("cycle__establishment", "cycle__school_year"), request, pk=pk
    )
    if not permissions.allows(request, "read_plan_version", version):
        raise Http404("Version introuvable.")
    return version


def note_reading(request, version) -> None:
    """A CA member opening a version leaves a read receipt the head sees."""
    if Role.BOARD in request.roles:
        board_questions.record_read(version, request.user)


def pack_page(request, version, versions, year):
    note_reading(request, version)
    context = {
        **build_pack(version),
        "versions": versions,
        "school_year": year,
        "school_years": school_year_choices(request),
        "may_ask": "ask_board_question" in request.capabilities
        and permissions.allows(request, "ask_question_on", version),
        "may_manage": "manage_board" in request.capabilities,
        "question_form": QuestionForm(),
        "title": f"Répartition des IMP {version.cycle.school_year} — version {version.number}",
        "nav": "board",
        "breadcrumb_data": breadcrumb(request, f"Version {version.number}", board_crumb(request)),
    }
    return render(request, "missions/board/pack.html", context)


@establishment_view("view_board_pack")
@require_GET
def board_pack(request):
    """The latest version the user may read, and the list of versions of the year."""
    year = selected_school_year(request)
    cycle = board.existing_cycle(request.establishment, year)
    versions = board_questions.readable_versions(request.user, request.roles, cycle)
    if versions:
        return pack_page(request, versions[0], versions, year)
    if "annee" not in request.GET:
        # a former member lands on the latest year they sat, not on a year they have nothing to read in
        earlier = (
            board_members.board_seats(request.user)
            .filter(establishment=request.establishment, school_year__start_year__lt=year.start_year)
            .first()
        )
        if earlier is not None:
            return redirect(url_for_year("board_pack", earlier.school_year, request.establishment.uai))
    context = {
        "school_year": year,
        "school_years": school_year_choices(request),
        "cycle": cycle,
        "may_manage": "manage_board" in request.capabilities,
        "title": "Conseil d'administration",
        "nav": "board",
        "breadcrumb_data": breadcrumb(request, "Conseil d'administration"),
    }
    return render(request, "missions/board/empty.html", context)


@establishment_view("view_board_pack")
def board_version(request, pk):
    version = readable_version(request, pk)
    versions = board_questions.readable_versions(request.user, request.roles, version.cycle)
    return pack_page(request, version, versions, version.cycle.school_year)


@establishment_view("view_board_pack")
def board_version_pdf(request, pk):
    version = readable_version(request, pk)
    note_reading(request, version)
    response = HttpResponse(render_pack_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename(version, "pdf"))
    return response


@establishment_view("view_board_pack")
def board_version_export(request, pk):
    version = readable_version(request, pk)
    fmt = (request.GET.get("format") or "xlsx").strip().lower()
    if fmt not in SPREADSHEETS:
        return HttpResponseBadRequest("Format inconnu : choisissez ods ou xlsx.")
    headers, rows = spreadsheet_rows(version)
    response = HttpResponse(SPREADSHEETS[fmt](headers, rows), content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename(version, fmt))
    return response


@establishment_view("ask_board_question")
@require_http_methods(["GET", "POST"])
def board_question(request, pk):
    version = readable_version(request, pk)
    if not permissions.allows(request, "ask_question_on", version):
        raise PermissionDenied(
            "Les questions se posent sur la dernière version présentée, avant le vote, pendant votre mandat."
        )
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board_questions.ask_question(version, user=request.user, text=form.cleaned_data["text"])
        except board.BoardRefused as refusal:
            form.add_error(None, error_text(refusal))
        else:
            messages.success(request, "Votre question est transmise au chef d'établissement.")
            return redirect(
                reverse("board_version", args=[request.establishment.uai, version.pk]) + "#questions"
            )
    context = {
        "form": form,
        "version": version,
        "title": "Poser une question",
        "nav": "board",
        "breadcrumb_data": breadcrumb(request, "Poser une question", board_crumb(request)),
    }
    return render(request, "missions/board/question_form.html", context)
