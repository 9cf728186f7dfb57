from missions.navigation import menu_for
from missions.views.base import my_establishments


def navigation(request):
    """What the header needs: my establishments (switcher), the current one and what I may do there."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    establishment = getattr(request, "establishment", None)
    capabilities = getattr(request, "capabilities", frozenset())
    return {
        "my_establishments": my_establishments(request),
        "current_establishment": establishment,
        "can": capabilities,
        "menu_entries": menu_for(establishment, capabilities) if establishment else [],
    }
