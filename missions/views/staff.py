"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("manage_staff")
def staff_list(request, **kwargs):
    return HttpResponse("En construction : staff_list")


@establishment_view("manage_staff")
def staff_create(request, **kwargs):
    return HttpResponse("En construction : staff_create")


@establishment_view("manage_staff")
def staff_detail(request, **kwargs):
    return HttpResponse("En construction : staff_detail")


@establishment_view("manage_staff")
def staff_update(request, **kwargs):
    return HttpResponse("En construction : staff_update")


@establishment_view("manage_staff")
def staff_deactivate(request, **kwargs):
    return HttpResponse("En construction : staff_deactivate")


@establishment_view("manage_staff")
def staff_invite(request, **kwargs):
    return HttpResponse("En construction : staff_invite")
