"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse

from missions.views.base import establishment_view


@establishment_view("manage_staff")
def sts_import_upload(request, **kwargs):
    return HttpResponse("En construction : sts_import_upload")


@establishment_view("manage_staff")
def sts_import_preview(request, **kwargs):
    return HttpResponse("En construction : sts_import_preview")
