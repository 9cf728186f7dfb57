"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("view_own_allocations")
def my_allocations(request, **kwargs):
    return HttpResponse("En construction : my_allocations")
