from django.urls import path

from missions.views import mine

urlpatterns = [
    path("", mine.my_allocations, name="my_allocations"),
]
