from django.urls import path

from missions.views import accounts, role_invitations

urlpatterns = [
    path("", accounts.home, name="home"),
    path("connexion/", accounts.login, name="login"),
    path("deconnexion/", accounts.logout, name="logout"),
    path("mot-de-passe/oubli/", accounts.password_reset, name="password_reset"),
    path("mot-de-passe/oubli/envoye/", accounts.password_reset_done, name="password_reset_done"),
    path("mot-de-passe/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("mot-de-passe/modifie/", accounts.password_reset_complete, name="password_reset_complete"),
    path("invitation/<uidb64>/<token>/", accounts.invitation_accept, name="invitation_accept"),
    path("invitations/", role_invitations.role_invitations, name="role_invitations"),
    path("changer-etablissement/", accounts.switch_establishment, name="switch_establishment"),
    path("accessibilite/", accounts.accessibility, name="accessibility"),
    path("mentions-legales/", accounts.legal, name="legal"),
]
