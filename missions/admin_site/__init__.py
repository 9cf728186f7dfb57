"""The platform administration site: superusers only, signing in through the same throttle as /connexion/.

A staff account with model permissions is not enough: everything an establishment does goes through its own
pages (their rules, the envelope lock, the history); the admin is for the platform administrators.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class PlatformAdminSite(AdminSite):
    site_header = "IMP & pHARe — administration"
    site_title = "IMP & pHARe"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser

    def login(self, request, extra_context=None):
        # Imported here: the site is built while the app registry loads, before forms may import models.
        from missions.forms.accounts import AdminLoginForm

        self.login_form = AdminLoginForm
        return super().login(request, extra_context)


class PlatformAdminConfig(AdminConfig):
    default_site = "missions.admin_site.PlatformAdminSite"
