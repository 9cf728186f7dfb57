"""The project's URLs plus one page that fails, to see the 500 page in the browser."""

from django.urls import path

from imp_missions.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("page de test en erreur")


urlpatterns = [*project_urlpatterns, path("erreur-de-test/", failing_view)]
