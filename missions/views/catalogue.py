"""The establishment's mission catalogue: national missions, its own ones, adapted copies, archived ones.

The rules (what may be adapted or archived, the EPS suggestion) live in missions.services.catalogue.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms.catalogue import MissionForm
from missions.models import Allocation, Mission
from missions.services import catalogue
from missions.views.base import breadcrumb, error_text, establishment_view, page_link, selected_school_year


def visible_missions(establishment):
    """National missions and the establishment's own (archived included): another's own mission is a 404."""
    return Mission.objects.filter(Q(establishment__isnull=True) | Q(establishment=establishment))


def get_mission(request, pk):
    return get_object_or_404(
        visible_missions(request.establishment).select_related("suggested_rate", "adapted_from"), pk=pk
    )


def is_archived(mission, establishment) -> bool:
    return mission.archived_by.filter(pk=establishment.pk).exists()


def catalogue_rows(missions, establishment, school_year) -> list[Mission]:
    """Missions with the number of people holding each this year (roll-over drafts do not count yet)
    and the euro amount of the suggested rate for that year."""
    this_year = Q(
        allocations__envelope__establishment=establishment,
        allocations__envelope__school_year=school_year,
        allocations__is_draft=False,
    )
    rows = list(
        missions.select_related("suggested_rate", "adapted_from")
        .prefetch_related("allowed_rates")
        .annotate(holder_count=Count("allocations__staff_member", filter=this_year, distinct=True))
        .order_by("category", "title")
    )
    for mission in rows:
        rate = mission.suggested_rate
        mission.suggested_amount = rate.amount(school_year) if rate else None
    return rows


def holders_of(mission, establishment, school_year):
    """Who holds the mission this year, as _partials/holders.html shows them (roll-over drafts do not count)."""
    return (
        Allocation.objects.counted()
        .filter(mission=mission, envelope__establishment=establishment, envelope__school_year=school_year)
        .select_related("staff_member", "rate", "envelope__school_year")
        .order_by("staff_member__sort_key", "staff_member__pk")
    )


def catalogue_crumb(request):
    return page_link(request, "mission_list", "Catalogue des missions")


def page(request, template, title, context, *links):
    context = {
        "title": title,
        "nav": "missions",
        "breadcrumb_data": breadcrumb(request, title, *links),
        **context,
    }
    return render(request, template, context)


@establishment_view("manage_allocations")
def mission_list(request):
    year = selected_school_year(request)
    establishment = request.establishment
    active = catalogue_rows(catalogue.missions_for(establishment), establishment, year)
    archived = catalogue_rows(catalogue.archived_missions_for(establishment), establishment, year)
    groups = [
        (label, [m for m in active if m.category == value]) for value, label in Mission.Category.choices
    ]
    context = {"groups": groups, "archived": archived, "school_year": year}
    return page(request, "missions/catalogue/mission_list.html", "Catalogue des missions", context)


@establishment_view("manage_allocations")
def mission_detail(request, pk):
    mission = get_mission(request, pk)
    year = selected_school_year(request)
    context = {
        "mission": mission,
        "school_year": year,
        "rates": [(rate, rate.amount(year)) for rate in mission.allowed_rates.order_by("multiplier")],
        "holders": holders_of(mission, request.establishment, year),
        "archived": is_archived(mission, request.establishment),
        "eps_suggestion": catalogue.eps_suggestion_for(request.establishment)
        if catalogue.is_eps_coordination(mission)
        else None,
    }
    return page(
        request, "missions/catalogue/mission_detail.html", mission.title, context, catalogue_crumb(request)
    )


def mission_form_page(request, form, title, action_label, mission=None):
    context = {"form": form, "mission": mission, "action_label": action_label}
    return page(request, "missions/catalogue/mission_form.html", title, context, catalogue_crumb(request))


def saved(request, mission, message):
    messages.success(request, message)
    return redirect("mission_detail", request.establishment.uai, mission.pk)


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def mission_create(request):
    year = selected_school_year(request)
    form = MissionForm(request.POST or None, school_year=year)
    if request.method == "POST" and form.is_valid():
        try:
            mission = catalogue.create_own_mission(request.establishment, **form.mission_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return saved(request, mission, f"La mission « {mission.title} » a été ajoutée au catalogue.")
    return mission_form_page(request, form, "Ajouter une mission propre à l'établissement", "Ajouter")


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def mission_update(request, pk):
    mission = get_mission(request, pk)
    if mission.is_national:
        # A national mission is the same text for every establishment: one changes its own copy instead.
        context = {"mission": mission}
        return page(
            request,
            "missions/catalogue/mission_national.html",
            f"Modifier « {mission.title} »",
            context,
            catalogue_crumb(request),
        )
    form = MissionForm(request.POST or None, instance=mission, school_year=selected_school_year(request))
    if request.method == "POST" and form.is_valid():
        try:
            mission = catalogue.update_own_mission(mission, request.establishment, **form.mission_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return saved(request, mission, f"La mission « {mission.title} » a été modifiée.")
    return mission_form_page(request, form, f"Modifier « {mission.title} »", "Enregistrer", mission)


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def mission_adapt(request, pk):
    mission = get_mission(request, pk)
    if not mission.is_national:
        return redirect("mission_update", request.establishment.uai, mission.pk)
    year = selected_school_year(request)
    if request.method == "POST":
        form = MissionForm(request.POST, school_year=year)
        if form.is_valid():
            try:
                copy = catalogue.adapt_mission(
                    mission, request.establishment, actor=request.user, **form.mission_fields()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                carried = (
                    f" Ses titulaires la suivent : {len(copy.carried)} attribution(s) reportée(s) "
                    "sur la version adaptée."
                    if copy.carried
                    else ""
                )
                if copy.left:
                    messages.warning(
                        request,
                        "Restées sur la mission nationale : "
                        + " ; ".join(f"{a.staff_member.full_name} — {reason}" for a, reason in copy.left),
                    )
                return saved(
                    request,
                    copy,
                    f"La mission « {copy.title} » est adaptée : la version nationale est archivée "
                    f"pour l'établissement.{carried}",
                )
    else:
        # Pre-filled from the national text; the national mission itself is never saved from this form.
        form = MissionForm(instance=mission, school_year=year)
    return mission_form_page(
        request, form, f"Adapter « {mission.title} »", "Créer la version adaptée", mission
    )


@establishment_view("manage_allocations")
@require_http_methods(["GET", "POST"])
def mission_archive(request, pk):
    """GET: what archiving does (holders keep their allocations); POST `action=archive|unarchive`."""
    mission = get_mission(request, pk)
    establishment = request.establishment
    if request.method == "POST":
        unarchive = request.POST.get("action") == "unarchive"
        try:
            if unarchive:
                catalogue.unarchive_mission(mission, establishment)
            else:
                catalogue.archive_mission(mission, establishment)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("mission_detail", establishment.uai, mission.pk)
        if unarchive:
            messages.success(request, f"La mission « {mission.title} » est de nouveau au catalogue.")
        else:
            messages.success(request, f"La mission « {mission.title} » est archivée.")
        return redirect("mission_list", establishment.uai)
    year = selected_school_year(request)
    context = {
        "mission": mission,
        "holders": holders_of(mission, establishment, year),
        "archived": is_archived(mission, establishment),
        "school_year": year,
    }
    title = f"Archiver « {mission.title} »"
    return page(request, "missions/catalogue/mission_archive.html", title, context, catalogue_crumb(request))
