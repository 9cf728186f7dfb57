from django.apps import AppConfig


class HarcelementConfig(AppConfig):
    name = "harcelement"
    verbose_name = "pHARe — lutte contre le harcèlement"

    def ready(self):
        from harcelement import permissions  # noqa: F401  (registers capabilities and object rules)
        from harcelement.navigation import register_entries
        from missions.views.base import register_establishment_lookups

        register_entries()
        # get_for_establishment answers 404 for another establishment's training, action or partner
        register_establishment_lookups(
            {
                "Training": "staff_member__establishment",
                "PreventionAction": "establishment",
                "Partner": "establishment",
            }
        )
