"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("manage_allocations")
def allocation_list(request, **kwargs):
    return HttpResponse("En construction : allocation_list")


@establishment_view("manage_allocations")
def envelope_detail(request, **kwargs):
    return HttpResponse("En construction : envelope_detail")


@establishment_view("manage_allocations")
def allocation_create(request, **kwargs):
    return HttpResponse("En construction : allocation_create")


@establishment_view("manage_allocations")
def allocation_update(request, **kwargs):
    return HttpResponse("En construction : allocation_update")


@establishment_view("manage_allocations")
def allocation_delete(request, **kwargs):
    return HttpResponse("En construction : allocation_delete")


@establishment_view("manage_allocations")
def allocation_confirm(request, **kwargs):
    return HttpResponse("En construction : allocation_confirm")


@establishment_view("manage_allocations")
def rollover(request, **kwargs):
    return HttpResponse("En construction : rollover")
