from django.apps import AppConfig


class HarcelementConfig(AppConfig):
    name = "harcelement"
    verbose_name = "pHARe — lutte contre le harcèlement"

    def ready(self):
        from harcelement import permissions  # noqa: F401  (registers capabilities and object rules)
        from harcelement.navigation import register_entries

        register_entries()
