"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("view_establishment")
def establishment_home(request, **kwargs):
    return HttpResponse("En construction : establishment_home")
