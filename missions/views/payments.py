"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("view_all_allocations")
def payment_list(request, **kwargs):
    return HttpResponse("En construction : payment_list")


@establishment_view("view_all_allocations")
def person_allocations(request, **kwargs):
    return HttpResponse("En construction : person_allocations")


@establishment_view("view_all_allocations")
def allocation_service_done(request, **kwargs):
    return HttpResponse("En construction : allocation_service_done")


@establishment_view("view_all_allocations")
def allocation_export(request, **kwargs):
    return HttpResponse("En construction : allocation_export")
