"""pHARe's menu entries, home tiles and landing page, registered into missions.navigation."""

from missions.models import Role
from missions.navigation import Entry, register_home_tile, register_landing, register_menu_entry


def register_entries() -> None:
    register_menu_entry(Entry("view_phare_dashboard", "pHARe", "phare_dashboard", nav="phare", order=60))
    register_menu_entry(
        Entry(
            "report_concern",
            "Signaler du harcèlement",
            "phare_report",
            nav="phare_report",
            order=95,
            group="Mon espace",
        )
    )
    for entry in [
        Entry(
            "view_phare_dashboard",
            "pHARe — situations",
            "phare_dashboard",
            description="Situations suivies, étapes du protocole à faire, équipe ressource.",
            icon="fr-icon-parent-line",
            order=60,
        ),
        Entry(
            "report_concern",
            "Signaler une situation de harcèlement",
            "phare_report",
            description="Un formulaire court, transmis au chef d'établissement et aux coordinateurs.",
            icon="fr-icon-alert-line",
            order=95,
        ),
        Entry(
            "view_phare_stats",
            "Statistiques pHARe",
            "phare_stats",
            description="Décomptes anonymes pour le CESC et le conseil d'administration.",
            icon="fr-icon-bar-chart-box-line",
            order=96,
        ),
    ]:
        register_home_tile(entry)
    # The coordinator and the resource team land on their pHARe dashboard after signing in.
    register_landing(Role.HARASSMENT_COORDINATOR, "phare_dashboard")
    register_landing(Role.RESOURCE_TEAM, "phare_dashboard")
