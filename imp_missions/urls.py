from django.contrib import admin
from django.urls import include, path

from missions.urls import establishment_prefix

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("missions.urls")),
    # pHARe lives in its own app, which missions never imports: its pages hang under the establishment here.
    path(establishment_prefix + "phare/", include("harcelement.urls")),
]
