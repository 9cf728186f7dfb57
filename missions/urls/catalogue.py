from django.urls import path

from missions.views import catalogue

urlpatterns = [
    path("", catalogue.mission_list, name="mission_list"),
    path("ajouter/", catalogue.mission_create, name="mission_create"),
    path("<int:pk>/", catalogue.mission_detail, name="mission_detail"),
    path("<int:pk>/modifier/", catalogue.mission_update, name="mission_update"),
    path("<int:pk>/adapter/", catalogue.mission_adapt, name="mission_adapt"),
    path("<int:pk>/archiver/", catalogue.mission_archive, name="mission_archive"),
]
