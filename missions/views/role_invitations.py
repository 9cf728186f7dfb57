"""A signed-in person's roles proposed by an establishment, to accept or refuse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.services import staff as staff_service
from missions.views.base import error_text


@login_required
@require_http_methods(["GET", "POST"])
def role_invitations(request):
    if request.method == "POST":
        action = request.POST.get("action")
        grant_pk = request.POST.get("grant", "")
        if action not in {"accept", "decline"} or not (grant_pk.isascii() and grant_pk.isdigit()):
            messages.error(request, "Choisissez d'accepter ou de refuser une invitation de la liste.")
            return redirect("role_invitations")
        try:
            if action == "accept":
                grant = staff_service.accept_role(request.user, int(grant_pk))
            else:
                grant = staff_service.decline_role(request.user, int(grant_pk))
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("role_invitations")
        verb = "accepté" if action == "accept" else "refusé"
        messages.success(
            request, f"Rôle « {grant.get_role_display()} » {verb} pour {grant.establishment.name}."
        )
        return redirect("role_invitations" if action == "decline" else "home")
    context = {"grants": staff_service.pending_roles(request.user), "title": "Invitations", "nav": "home"}
    return render(request, "accounts/role_invitations.html", context)
