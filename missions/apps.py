from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = "Missions et IMP"

    def ready(self):
        import missions.letters.rules  # noqa: F401 — registers the letters' capabilities and object rules
        from missions import (
            board_permissions,  # noqa: F401  (registers the CA capabilities and rules)
            site_config,
        )
        from missions.navigation import register_missions_entries

        register_missions_entries()
        site_config.connect_signals()
