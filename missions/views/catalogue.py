"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("manage_allocations")
def mission_list(request, **kwargs):
    return HttpResponse("En construction : mission_list")


@establishment_view("manage_allocations")
def mission_create(request, **kwargs):
    return HttpResponse("En construction : mission_create")


@establishment_view("manage_allocations")
def mission_detail(request, **kwargs):
    return HttpResponse("En construction : mission_detail")


@establishment_view("manage_allocations")
def mission_update(request, **kwargs):
    return HttpResponse("En construction : mission_update")


@establishment_view("manage_allocations")
def mission_adapt(request, **kwargs):
    return HttpResponse("En construction : mission_adapt")


@establishment_view("manage_allocations")
def mission_archive(request, **kwargs):
    return HttpResponse("En construction : mission_archive")
