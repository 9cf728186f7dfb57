from django.urls import path

from missions.views import sts_import

urlpatterns = [
    path("", sts_import.sts_import_upload, name="sts_import_upload"),
    path("<int:pk>/", sts_import.sts_import_preview, name="sts_import_preview"),
]
