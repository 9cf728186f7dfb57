from django.urls import path

from missions.views import establishment

urlpatterns = [
    path("", establishment.establishment_home, name="establishment_home"),
]
