"""Sign-in, password reset and invitation forms, in DSFR style."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from missions.forms.base import DsfrFormMixin
from missions.services import accounts

LOCKED_MESSAGE = (
    "Trop de tentatives de connexion ont échoué pour cette adresse. Par sécurité, la connexion "
    "est suspendue jusqu'à %(until)s. Vous pouvez aussi réinitialiser votre mot de passe."
)


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledAuthenticationMixin:
    """Refuse an address with too many recent failures (even with the right password): /connexion/ and /admin/."""

    def clean(self):
        email = self.cleaned_data.get("username")
        if not email or not self.cleaned_data.get("password"):
            return self.cleaned_data
        # The attempt is recorded as a failure before the password is tried (see begin_attempt: this is
        # what makes the limit hold when many attempts arrive at once); a right password clears it.
        until = accounts.begin_attempt(email, client_ip(self.request))
        if until is not None:
            raise ValidationError(
                LOCKED_MESSAGE,
                code="locked",
                params={"until": date_format(timezone.localtime(until), "H\\hi")},
            )
        super().clean()  # a wrong password raises, leaving the attempt recorded as a failure
        accounts.clear_failed_logins(email)
        return self.cleaned_data


class EmailAuthenticationForm(ThrottledAuthenticationMixin, DsfrFormMixin, auth_forms.AuthenticationForm):
    """Sign-in by e-mail."""

    username = auth_forms.UsernameField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
        "locked": LOCKED_MESSAGE,
    }


class AdminLoginForm(ThrottledAuthenticationMixin, AdminAuthenticationForm):
    """The admin's sign-in: same throttle and lock; only platform administrators (superusers) get in."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Adresse électronique ou mot de passe incorrect, ou compte sans accès à l'administration.",
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    # Sending is not the form's business: missions.services.accounts.request_password_reset queues it.
    # Invited people who lost their invitation have no password yet: they choose one this way too.


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    pass
