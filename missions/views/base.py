"""The one way an establishment page loads its establishment and checks the user's role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from missions import permissions
from missions.compiled_query import CompiledQuery
from missions.events import ACTING_ROLES
from missions.models import Role, SchoolYear
from missions.models.establishments import current_among
from missions.models.staff import search_text


def establishment_view(capability: str):
    """Decorate a view taking `uai`: 404 outside the user's establishments, 403 without `capability`.

    The view receives `request.establishment`, `request.roles` and `request.capabilities`.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, uai, *args, **kwargs):
            # The establishment comes with the user's roles there: none of it for a stranger.
            uai = uai.upper()
            found = [(place, held) for place, held in my_roles(request).items() if place.uai == uai]
            establishment, roles = found[0] if found else (None, frozenset())
            capabilities = permissions.capabilities_of(roles)
            if capability in permissions.FORMER_MEMBER_CAPABILITIES and capability not in capabilities:
                # a former CA member reads what was presented during their term (one query, only here); the
                # object rules know them by the role, their capabilities stay those of their roles in force
                seat = permissions.former_member_seat(request.user, uai)
                if seat is not None:
                    establishment, roles = seat, roles | {Role.BOARD}
                    capabilities = capabilities | permissions.FORMER_MEMBER_CAPABILITIES
            if establishment is None:
                raise Http404("Établissement introuvable.")
            if not permissions.has_capability(roles, capability):
                raise PermissionDenied("Votre rôle ne permet pas cette action.")
            request.establishment = establishment
            request.roles = roles
            request.capabilities = capabilities
            acting = ACTING_ROLES.set(roles)  # events recorded by this request name these roles
            try:
                return view(request, *args, **kwargs)
            finally:
                ACTING_ROLES.reset(acting)

        wrapper.capability = capability
        return wrapper

    return decorator


def school_years(request) -> list[SchoolYear]:
    """Every school year, newest first, loaded once per request: the current one, the one chosen with
    `?annee=` and the year selector all come from this one query."""
    if not hasattr(request, "_school_years"):
        request._school_years = SCHOOL_YEARS.run()
    return request._school_years


# Pages with a year read them: compiled once per process.
SCHOOL_YEARS = CompiledQuery(lambda: SchoolYear.objects.order_by("-start_year"))


def school_year_choices(request) -> list[SchoolYear]:
    """The school years a page's year selector offers, oldest first (from `school_years`: no query of its own)."""
    return school_years(request)[::-1]


def current_school_year(request) -> SchoolYear | None:
    """The school year running today (`SchoolYearQuerySet.current`'s rule, over the years loaded)."""
    if not hasattr(request, "_current_school_year"):
        request._current_school_year = current_among(school_years(request))
    return request._current_school_year


def my_roles(request) -> dict:
    """The user's roles in force this school year in each of their establishments, loaded once per request:
    the establishment a page belongs to (establishment_view), the header and the home page all read them."""
    if not hasattr(request, "_my_roles"):
        request._my_roles = permissions.roles_by_establishment(request.user)
    return request._my_roles


def my_establishments(request) -> list:
    """The establishments where the user holds a role in force, by name (the header's switcher)."""
    return sorted(my_roles(request), key=lambda establishment: search_text(establishment.name))


def selected_school_year(request) -> SchoolYear:
    """The school year chosen with `?annee=2026` (start year), the current one by default."""
    value = request.GET.get("annee") or request.POST.get("annee")
    if value:
        wanted = int(value) if value.isascii() and value.isdigit() else None
        year = next((year for year in school_years(request) if year.start_year == wanted), None)
        if year is None:  # ?annee=abc, ?annee=1999: say so in French (404.html shows the message)
            raise Http404("Année scolaire inconnue : choisissez une année proposée, par exemple annee=2026.")
        return year
    year = current_school_year(request)
    if year is None:
        raise Http404("Aucune année scolaire n'est configurée.")
    return year


def url_for_year(name: str, school_year, *args) -> str:
    """The URL of page `name` for that school year: `?annee=`, read back by `selected_school_year`."""
    return f"{reverse(name, args=args)}?annee={school_year.start_year}"


def page_link(request, name: str, title: str) -> dict:
    """A breadcrumb link to the establishment's page `name`."""
    return {"url": reverse(name, args=[request.establishment.uai]), "title": title}


def breadcrumb(request, current: str, *links: dict) -> dict:
    """`breadcrumb_data` of an establishment page: the establishment's home (for whoever may open it: not a
    former CA member), then `links`, then `current`."""
    home = [page_link(request, "establishment_home", request.establishment.name)]
    return {
        "links": [*(home if "view_establishment" in request.capabilities else []), *links],
        "current": current,
    }


def error_text(error: ValidationError) -> str:
    """A refusal's French messages as one line, for `messages.error`."""
    return " ".join(error.messages)


def get_for_establishment(queryset, request, **lookup):
    """Load one object of the current establishment; anything outside it answers 404."""
    return get_object_or_404(
        queryset, **lookup, **{establishment_lookup(queryset.model): request.establishment}
    )


# Path from a model (by class name) to its establishment, for scoping querysets in one place. Apps built on
# `missions` add their own models with `register_establishment_lookups` (missions never imports them).
ESTABLISHMENT_LOOKUPS: dict[str, str] = {
    "StaffMember": "establishment",
    "RoleGrant": "establishment",
    "StsImport": "establishment",
    "OutgoingEmail": "establishment",
    "Mission": "establishment",
    "Envelope": "establishment",
    "Dotation": "envelope__establishment",
    "Allocation": "envelope__establishment",
    "MissionLetter": "establishment",
    "PlanVersion": "cycle__establishment",
    "BoardQuestion": "version__cycle__establishment",
}


def register_establishment_lookups(paths: dict[str, str]) -> None:
    """Declare how each of an app's models reaches its establishment (model class name -> lookup path)."""
    clashes = {name for name in paths if ESTABLISHMENT_LOOKUPS.get(name, paths[name]) != paths[name]}
    if clashes:
        raise ValueError(f"Chemins vers l'établissement déjà déclarés autrement : {sorted(clashes)}")
    ESTABLISHMENT_LOOKUPS.update(paths)


def establishment_lookup(model) -> str:
    """Path from a model to its establishment, for scoping querysets in one place."""
    return ESTABLISHMENT_LOOKUPS[model.__name__]
