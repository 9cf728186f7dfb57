"""The project's URLs plus two pages that exist only for the throughput benchmark (bench/settings.py).

- `bench/nu/`: a bare Django view for a signed-in user (`login_required`, a plain response, no template, no
  query of its own: the session and the user are read, as on any signed-in page): what the framework, the
  middleware and signing in cost.
- `bench/coquille/`: an empty page on the project's base layout (header, menu, footer), signed in: what the
  page shell costs before any content.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import include, path

SHELL = Template('{% extends "base.html" %}{% block main %}<h1>Page vide</h1>{% endblock main %}')


@login_required
def bare_view(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def shell_page(request):
    return HttpResponse(SHELL.render(RequestContext(request, {"title": "Page vide"})))


urlpatterns = [
    path("bench/nu/", bare_view),
    path("bench/coquille/", shell_page),
    path("", include("imp_missions.urls")),
]
