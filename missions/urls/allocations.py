from django.urls import path

from missions.views import allocations

urlpatterns = [
    path("", allocations.allocation_list, name="allocation_list"),
    path("enveloppe/", allocations.envelope_detail, name="envelope_detail"),
    path("enveloppe/dotations/<int:pk>/", allocations.dotation_update, name="dotation_update"),
    path("attributions/ajouter/", allocations.allocation_create, name="allocation_create"),
    path("attributions/<int:pk>/modifier/", allocations.allocation_update, name="allocation_update"),
    path("attributions/<int:pk>/supprimer/", allocations.allocation_delete, name="allocation_delete"),
    path("attributions/<int:pk>/valider/", allocations.allocation_confirm, name="allocation_confirm"),
    path("attributions/<int:pk>/historique/", allocations.allocation_history, name="allocation_history"),
    path("reconduction/", allocations.rollover, name="rollover"),
]
