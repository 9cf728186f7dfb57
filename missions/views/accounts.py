"""Placeholder views: replaced by the real ones."""

from django.http import HttpResponse


def home(request, **kwargs):
    return HttpResponse("En construction : home")


def login(request, **kwargs):
    return HttpResponse("En construction : login")


def logout(request, **kwargs):
    return HttpResponse("En construction : logout")


def password_reset(request, **kwargs):
    return HttpResponse("En construction : password_reset")


def password_reset_done(request, **kwargs):
    return HttpResponse("En construction : password_reset_done")


def password_reset_confirm(request, **kwargs):
    return HttpResponse("En construction : password_reset_confirm")


def password_reset_complete(request, **kwargs):
    return HttpResponse("En construction : password_reset_complete")


def invitation_accept(request, **kwargs):
    return HttpResponse("En construction : invitation_accept")


def switch_establishment(request, **kwargs):
    return HttpResponse("En construction : switch_establishment")


def accessibility(request, **kwargs):
    return HttpResponse("En construction : accessibility")


def legal(request, **kwargs):
    return HttpResponse("En construction : legal")
