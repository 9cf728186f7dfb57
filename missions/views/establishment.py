"""The establishment's home page: who I am here and what I can do."""

from django.shortcuts import render
from django.urls import reverse

from missions.models import Role
from missions.views.base import current_school_year, establishment_view

# What a capability opens, in the order shown: (capability, title, description, URL name, DSFR icon).
ACTIONS = [
    (
        "manage_allocations",
        "Répartition des IMP",
        "Enveloppe, attributions par mission et par personne, jauge en direct.",
        "allocation_list",
        "fr-icon-money-euro-circle-line",
    ),
    (
        "manage_allocations",
        "Catalogue des missions",
        "Missions nationales et missions propres à l'établissement.",
        "mission_list",
        "fr-icon-list-unordered",
    ),
    (
        "view_all_allocations",
        "Paiements et exports",
        "Échéancier des paiements, service fait, exports pour STSWeb.",
        "payment_list",
        "fr-icon-file-download-line",
    ),
    (
        "manage_staff",
        "Personnels",
        "Liste des personnels, fiches, invitations, import STSWeb.",
        "staff_list",
        "fr-icon-team-line",
    ),
    (
        "manage_staff",
        "Courriels non envoyés",
        "Invitations refusées par le serveur de courrier ou en attente : les renvoyer.",
        "email_list",
        "fr-icon-mail-line",
    ),
    (
        "manage_roles",
        "Rôles et pHARe",
        "Direction, gestion, membres du CA, coordinateur harcèlement, équipe ressource.",
        "role_list",
        "fr-icon-shield-line",
    ),
    (
        "view_own_allocations",
        "Mes missions",
        "Mes missions de l'année, leur montant et l'échéancier de paiement.",
        "my_allocations",
        "fr-icon-briefcase-line",
    ),
]


def actions_for(establishment, capabilities) -> list[dict]:
    """The tiles of one establishment for someone holding `capabilities` (no query)."""
    return [
        {
            "title": title,
            "description": description,
            "url": reverse(url_name, kwargs={"uai": establishment.uai}),
            "icon": icon,
        }
        for capability, title, description, url_name, icon in ACTIONS
        if capability in capabilities
    ]


def role_labels(roles) -> list[str]:
    return [label for value, label in Role.choices if value in roles]


@establishment_view("view_establishment")
def establishment_home(request):
    establishment = request.establishment
    context = {
        "establishment": establishment,
        "school_year": current_school_year(request),
        "role_labels": role_labels(request.roles),
        "actions": actions_for(establishment, request.capabilities),
        "is_board_only": set(request.roles) == {Role.BOARD},
        "nav": "home",
        "title": establishment.name,
        # django-dsfr's breadcrumb starts with "Accueil" by itself.
        "breadcrumb_data": {"links": [], "current": establishment.name},
    }
    return render(request, "missions/establishment/home.html", context)
