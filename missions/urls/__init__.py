from django.urls import include, path

establishment_prefix = "etablissements/<str:uai>/"

urlpatterns = [
    path("", include("missions.urls.accounts")),
    path("", include("missions.urls.my_letters")),
    path(establishment_prefix, include("missions.urls.establishment")),
    path(establishment_prefix + "personnels/import/", include("missions.urls.sts_import")),
    path(establishment_prefix + "personnels/", include("missions.urls.staff")),
    path(establishment_prefix + "roles/", include("missions.urls.roles")),
    path(establishment_prefix + "courriels/", include("missions.urls.mail")),
    path(establishment_prefix + "imp/", include("missions.urls.allocations")),
    path(establishment_prefix + "imp/missions/", include("missions.urls.catalogue")),
    path(establishment_prefix + "imp/", include("missions.urls.payments")),
    path(establishment_prefix + "mes-missions/", include("missions.urls.mine")),
    path(establishment_prefix + "lettres/", include("missions.urls.letters")),
    path(establishment_prefix + "ca/", include("missions.urls.board")),
]
