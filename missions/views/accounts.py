"""Sign-in and sign-out, password reset, invitations, the home page and the static pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import TemplateView

from missions import permissions
from missions.forms.accounts import EmailAuthenticationForm, PasswordResetForm, SetPasswordForm, client_ip
from missions.models import Role
from missions.navigation import landing_url, tiles_for
from missions.services import board_members
from missions.services import staff as staff_service
from missions.services.accounts import clear_failed_logins, request_password_reset
from missions.views.base import current_school_year, my_establishments, my_roles
from missions.views.establishment import role_labels


class LoginView(auth_views.LoginView):
    def get_success_url(self):
        """Going to the home page (no `?next=`, or the site's root), a role may bring its own landing page
        (e.g. the pHARe dashboard)."""
        url = super().get_success_url()
        if url != resolve_url(settings.LOGIN_REDIRECT_URL):
            return url
        return landing_url(self.request.user, permissions.grants_of(self.request.user)) or url


login = LoginView.as_view(
    template_name="registration/login.html",
    authentication_form=EmailAuthenticationForm,
    redirect_authenticated_user=True,
    extra_context={"title": "Connexion"},
)


@require_http_methods(["GET", "POST"])
def logout(request):
    """GET asks for confirmation (a link must never sign someone out); POST signs out."""
    if request.method == "POST":
        auth_logout(request)
        messages.success(request, "Vous êtes déconnecté(e).")
        return redirect("login")
    return render(request, "registration/logout_confirm.html", {"title": "Se déconnecter ?"})


class PasswordResetView(auth_views.PasswordResetView):
    """Limited per address and per client; the mail is built and sent by a task, after the answer."""

    def form_valid(self, form):
        try:
            request_password_reset(
                form.cleaned_data["email"],
                ip_address=client_ip(self.request),
                base_url=self.request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.success_url)


password_reset = PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="registration/password_reset_form.html",
    success_url=reverse_lazy("password_reset_done"),
    extra_context={"title": "Mot de passe oublié"},
)

password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html",
    extra_context={"title": "Message envoyé"},
)


class ChoosePasswordView(auth_views.PasswordResetConfirmView):
    """Choose a password from a link sent by e-mail. Choosing it proves the address: failures are cleared."""

    form_class = SetPasswordForm
    reset_url_token = "choisir"

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_failed_logins(form.user.email)
        return response


password_reset_confirm = ChoosePasswordView.as_view(
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("password_reset_complete"),
    extra_context={"title": "Nouveau mot de passe"},
)

password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html",
    extra_context={"title": "Mot de passe modifié"},
)


class InvitationAcceptView(ChoosePasswordView):
    """The invited person sets their password and is signed in at once."""

    template_name = "accounts/invitation_accept.html"
    post_reset_login = True
    success_url = reverse_lazy("home")
    extra_context = {"title": "Activer mon compte"}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre mot de passe est enregistré : bienvenue !")
        return response


invitation_accept = InvitationAcceptView.as_view()


@login_required
@require_safe
def home(request):
    """My establishments this school year and what I can do in each (queries do not grow with them)."""
    school_year = current_school_year(request)
    roles = my_roles(request)
    establishments = [
        {
            "establishment": establishment,
            "role_labels": role_labels(roles[establishment]),
            "actions": tiles_for(establishment, permissions.capabilities_of(roles[establishment])),
        }
        for establishment in my_establishments(request)
    ]
    sitting = {establishment.pk for establishment, held in roles.items() if Role.BOARD in held}
    context = {
        "establishments": establishments,
        # CA where the user sat and whose roles in force no longer include them: the pack of their term
        "past_seats": [
            seat for seat in board_members.board_seats(request.user) if seat.establishment_id not in sitting
        ],
        "pending_roles": staff_service.pending_roles(request.user).count(),
        "school_year": school_year,
        "title": "Accueil",
        "nav": "home",
    }
    return render(request, "accounts/home.html", context)


@login_required
@require_safe
def switch_establishment(request):
    """Backs the header's establishment switcher: go to that establishment's home if it is mine."""
    uai = request.GET.get("uai", "").strip().upper()
    if not uai:
        return redirect("home")
    establishment = next((found for found in my_establishments(request) if found.uai == uai), None)
    if establishment is None:
        raise Http404("Établissement introuvable.")
    return redirect(establishment)


accessibility = TemplateView.as_view(
    template_name="pages/accessibility.html", extra_context={"title": "Déclaration d'accessibilité"}
)
legal = TemplateView.as_view(
    template_name="pages/legal.html", extra_context={"title": "Mentions légales et données personnelles"}
)
