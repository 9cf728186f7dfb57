"""The establishment's home page: who I am here and what I can do."""

from django.shortcuts import render

from missions.models import Role
from missions.navigation import tiles_for
from missions.views.base import current_school_year, establishment_view


def role_labels(roles) -> list[str]:
    return [label for value, label in Role.choices if value in roles]


@establishment_view("view_establishment")
def establishment_home(request):
    establishment = request.establishment
    context = {
        "establishment": establishment,
        "school_year": current_school_year(request),
        "role_labels": role_labels(request.roles),
        "actions": tiles_for(establishment, request.capabilities),
        "nav": "home",
        "title": establishment.name,
        # django-dsfr's breadcrumb starts with "Accueil" by itself.
        "breadcrumb_data": {"links": [], "current": establishment.name},
    }
    return render(request, "missions/establishment/home.html", context)
