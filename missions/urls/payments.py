from django.urls import path

from missions.views import payments

urlpatterns = [
    path("paiements/", payments.payment_list, name="payment_list"),
    path("personnels/<int:pk>/", payments.person_allocations, name="person_allocations"),
    path(
        "attributions/<int:pk>/service-fait/",
        payments.allocation_service_done,
        name="allocation_service_done",
    ),
    path("export/", payments.allocation_export, name="allocation_export"),
]
