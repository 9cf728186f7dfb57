from missions import permissions
from missions.views.base import current_school_year


def navigation(request):
    """What the header needs: my establishments (switcher), the current one and what I may do there."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_establishments": permissions.establishments_of(user, current_school_year(request)),
        "current_establishment": getattr(request, "establishment", None),
        "can": getattr(request, "capabilities", frozenset()),
    }
