from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "IMP & pHARe — administration"
admin.site.site_title = "IMP & pHARe"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("missions.urls")),
]
