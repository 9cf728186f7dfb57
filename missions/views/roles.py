"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("manage_roles")
def role_list(request, **kwargs):
    return HttpResponse("En construction : role_list")


@establishment_view("manage_roles")
def role_create(request, **kwargs):
    return HttpResponse("En construction : role_create")


@establishment_view("manage_roles")
def role_delete(request, **kwargs):
    return HttpResponse("En construction : role_delete")
