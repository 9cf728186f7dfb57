from django.urls import path

from missions.views import staff

urlpatterns = [
    path("", staff.staff_list, name="staff_list"),
    path("ajouter/", staff.staff_create, name="staff_create"),
    path("<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("<int:pk>/modifier/", staff.staff_update, name="staff_update"),
    path("<int:pk>/desactiver/", staff.staff_deactivate, name="staff_deactivate"),
    path("<int:pk>/inviter/", staff.staff_invite, name="staff_invite"),
]
