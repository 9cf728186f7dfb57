"""Who may do what in pHARe (registered into missions.permissions at start-up, from HarcelementConfig)."""

from harcelement.services.cases import may_read
from missions.models import Role
from missions.permissions import EVERYONE, object_rule, register_capabilities

HEAD, DEPUTY, BOARD = Role.HEAD, Role.DEPUTY, Role.BOARD
COORDINATOR, RESOURCE_TEAM = Role.HARASSMENT_COORDINATOR, Role.RESOURCE_TEAM
PHARE_MANAGERS = {HEAD, DEPUTY, COORDINATOR}

register_capabilities(
    {
        # the pHARe dashboard, the list of the cases one may read, overdue protocol steps
        "view_phare_dashboard": PHARE_MANAGERS | {RESOURCE_TEAM},
        # the team, trainings, ambassadors, the prevention plan and its partners; qualifying cases
        "manage_phare": PHARE_MANAGERS,
        # designating a coordinator creates an IMP allocation and grants a role: the direction's call
        "designate_phare_coordinator": {HEAD, DEPUTY},
        # every member of staff may report a concern and see what they reported
        "report_concern": EVERYONE - {BOARD},
        # anonymous statistics, also presented to the CA
        "view_phare_stats": PHARE_MANAGERS | {RESOURCE_TEAM, BOARD},
        # who opened which case
        "view_case_read_log": {HEAD},
    }
)


@object_rule("read_case")
def can_read_case(user, roles, case) -> bool:
    """Head, deputy, coordinators, and the resource-team members assigned to this case."""
    return may_read(user, roles, case)


@object_rule("manage_case")
def can_manage_case(user, roles, case) -> bool:
    """Qualifying a case (status, severity, assignment): head, deputy, coordinators."""
    return bool(PHARE_MANAGERS & set(roles))


@object_rule("read_own_report")
def can_read_own_report(user, roles, case) -> bool:
    """A reporter sees what they reported (and nothing recorded since); readers of the case see it too."""
    return case.reporter_id == user.pk or may_read(user, roles, case)
