"""Who may do what, in one place.

A user acts in an establishment through the roles granted to them there for the current school year.
Views never check roles by hand: they declare a capability with `establishment_view` (missions.views.base),
which answers 404 for an establishment outside the user's scope and 403 for a capability their role lacks.
Object-level rules (a person's own allocations) are plain functions below.
"""

from missions.models import Establishment, Role, RoleGrant, SchoolYear

HEAD, DEPUTY, BURSAR, STAFF, BOARD = Role.HEAD, Role.DEPUTY, Role.BURSAR, Role.STAFF, Role.BOARD
COORDINATOR, RESOURCE_TEAM = Role.COORDINATOR, Role.RESOURCE_TEAM
DIRECTION = frozenset({HEAD, DEPUTY})
EVERYONE = frozenset(Role.values)

# capability -> roles that hold it. Keep each line readable as a sentence: "<roles> may <capability>".
CAPABILITIES: dict[str, frozenset[str]] = {
    # see the establishment's home page
    "view_establishment": EVERYONE,
    # list, add, edit and deactivate staff; import the STSWeb file; invite people
    "manage_staff": DIRECTION,
    # grant and revoke roles (including CA members without a staff record)
    "manage_roles": DIRECTION,
    # the allocation screen: envelope, catalogue, allocations, roll-over
    "manage_allocations": DIRECTION,
    # every person's allocations and payment schedule, read-only
    "view_all_allocations": DIRECTION | {BURSAR},
    # exports of the répartition for STSWeb
    "export_repartition": DIRECTION | {BURSAR},
    # record that a one-off mission was done ("service fait") so it can be paid
    "record_service_done": {HEAD, BURSAR},
    # see one's own missions and payment schedule
    "view_own_allocations": EVERYONE - {BOARD},
}


def grants_of(user, school_year=None):
    """Role grants of `user` for the school year (the current one by default); pending ones give nothing."""
    if not user.is_authenticated:
        return RoleGrant.objects.none()
    school_year = school_year or SchoolYear.objects.current()
    return RoleGrant.objects.filter(user=user, school_year=school_year, user__is_active=True, pending=False)


def establishments_of(user, school_year=None):
    """Establishments where `user` holds at least one role: the only ones they can see."""
    return Establishment.objects.filter(
        pk__in=grants_of(user, school_year).values("establishment_id")
    ).order_by("name")


def roles_in(user, establishment, school_year=None) -> frozenset[str]:
    return frozenset(
        grants_of(user, school_year).filter(establishment=establishment).values_list("role", flat=True)
    )


def has_capability(roles, capability: str) -> bool:
    """Whether any of `roles` holds `capability`. An unknown capability is a programming error."""
    return bool(CAPABILITIES[capability] & set(roles))


def capabilities_of(roles) -> frozenset[str]:
    return frozenset(name for name in CAPABILITIES if has_capability(roles, name))


def can_view_allocations_of(user, roles, staff_member) -> bool:
    """Direction and bursar see everyone's allocations; anyone else only their own."""
    if has_capability(roles, "view_all_allocations"):
        return True
    return has_capability(roles, "view_own_allocations") and staff_member.user_id == user.pk


def own_staff_records(user, establishment):
    return establishment.staff.filter(user=user)
