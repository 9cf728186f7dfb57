from django.urls import path

from missions.views import roles

urlpatterns = [
    path("", roles.role_list, name="role_list"),
    path("ajouter/", roles.role_create, name="role_create"),
    path("reconduire/", roles.role_reconduct, name="role_reconduct"),
    path("<int:pk>/retirer/", roles.role_delete, name="role_delete"),
]
