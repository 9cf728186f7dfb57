"""Who may do what, in one place.

A user acts in an establishment through the roles granted to them there (see `grants_of` for which school
year's grants count). Views never check roles by hand: they declare a capability with `establishment_view`
(missions.views.base), which answers 404 for an establishment outside the user's scope and 403 for a
capability their role lacks.

Two kinds of rules, each app declaring its own in its own `permissions` module (loaded by its AppConfig):
- capabilities, per role: `register_capabilities({"name": roles})` — "<roles> may <capability>";
- object rules, about one object: `@object_rule("name")` on a function `(user, roles, obj) -> bool` — "the
  signer of this letter", "a coordinator assigned to this case". Views ask `allows(request, "name", obj)`.
`missions` never imports another app: `harcelement` registers its capabilities here without editing this file.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Subquery

from missions import clock
from missions.compiled_query import CompiledQuery
from missions.models import Establishment, Role, RoleGrant, SchoolYear

HEAD, DEPUTY, BURSAR, STAFF, BOARD = Role.HEAD, Role.DEPUTY, Role.BURSAR, Role.STAFF, Role.BOARD
HARASSMENT_COORDINATOR, RESOURCE_TEAM = Role.HARASSMENT_COORDINATOR, Role.RESOURCE_TEAM
DIRECTION = frozenset({HEAD, DEPUTY})
EVERYONE = frozenset(Role.values)

# capability -> roles that hold it; object rule -> its function. Filled by register_capabilities/object_rule.
CAPABILITIES: dict[str, frozenset[str]] = {}
OBJECT_RULES: dict[str, Callable] = {}


def register_capabilities(table: dict[str, Iterable[str]]) -> None:
    """Declare capabilities. A name declared twice or a role that does not exist is a programming error."""
    for name, roles in table.items():
        roles = frozenset(roles)
        if name in CAPABILITIES and CAPABILITIES[name] != roles:
            raise ImproperlyConfigured(f"Capacité déclarée deux fois : {name}")
        if unknown := roles - EVERYONE:
            raise ImproperlyConfigured(f"Rôles inconnus pour {name} : {sorted(unknown)}")
        CAPABILITIES[name] = roles


def object_rule(name: str):
    """Register `function(user, roles, obj) -> bool` as the rule `name` about one object."""

    def register(function):
        if OBJECT_RULES.get(name, function) is not function:
            raise ImproperlyConfigured(f"Règle d'objet déclarée deux fois : {name}")
        OBJECT_RULES[name] = function
        return function

    return register


def allows(request, rule: str, obj) -> bool:
    """Whether the user of an establishment page (request.roles set by establishment_view) passes `rule`."""
    return OBJECT_RULES[rule](request.user, request.roles, obj)


register_capabilities(
    {
        # see the establishment's home page
        "view_establishment": EVERYONE,
        # list, add, edit and deactivate staff; invite people
        "manage_staff": DIRECTION,
        # import the STSWeb file (the secretariat handles STSWeb)
        "import_sts": DIRECTION | {BURSAR},
        # grant and revoke roles (including CA members without a staff record)
        "manage_roles": DIRECTION,
        # the allocation screen: envelope, catalogue, allocations, roll-over
        "manage_allocations": DIRECTION,
        # every person's allocations and payment schedule, read-only
        "view_all_allocations": DIRECTION | {BURSAR},
        # exports of the répartition for STSWeb and of the month-by-month payment schedule
        "export_repartition": DIRECTION | {BURSAR},
        # record that a one-off mission was done ("service fait") so it can be paid
        "record_service_done": {HEAD, BURSAR},
        # see one's own missions and payment schedule
        "view_own_allocations": EVERYONE - {BOARD},
    }
)


def grants_of(user, school_year=None):
    """Role grants of `user` in force for the school year (the current one by default).

    In each establishment, the grants of that year, or, until it has its own, those of the latest earlier
    year (missions.services.role_reconduction explains the rule). Pending ones give nothing.
    """
    if not user.is_authenticated:
        return RoleGrant.objects.none()
    start_year = school_year.start_year if school_year else current_start_year(clock.today())
    return _in_force(user.pk, start_year)


def current_start_year(today):
    """The start year of the school year current on `today`, as a subquery: the database picks the year in
    the query that needs it (`SchoolYearQuerySet.current_first`; no year at all matches nothing)."""
    return Subquery(SchoolYear.objects.current_first(today).values("start_year")[:1])


def _in_force(user_id, start_year):
    from missions.services.role_reconduction import in_force

    return in_force(RoleGrant.objects.filter(user_id=user_id, user__is_active=True), start_year)


# The roles in force of whoever signs in, read on every page: compiled once per process (missions.compiled_query:
# compiling cost ten times running it), the current school year chosen in the same query (no query of the
# years first). Stand-ins: an account id far beyond any sequence, a day no school year reaches.
ROLES_IN_FORCE = CompiledQuery(
    lambda user_id, today: _in_force(user_id, current_start_year(today)).select_related("establishment"),
    user_id=9_007_199_254_740_001,
    today=date(9999, 12, 30),
)


def roles_by_establishment(user, today: date | None = None) -> dict[Establishment, frozenset[str]]:
    """`user`'s roles in force today in each establishment (the `grants_of` rule), in one query."""
    if not user.is_authenticated:
        return {}
    roles: dict[Establishment, set[str]] = {}
    for grant in ROLES_IN_FORCE.run(user_id=user.pk, today=today or clock.today()):
        roles.setdefault(grant.establishment, set()).add(grant.role)
    return {establishment: frozenset(held) for establishment, held in roles.items()}


def roles_in(user, establishment, school_year=None) -> frozenset[str]:
    return frozenset(
        grants_of(user, school_year).filter(establishment=establishment).values_list("role", flat=True)
    )


# What a CA member keeps where they sat, once their roles there are no longer in force (a later year's roles
# were set): reading the pack of their term, the object rule `read_plan_version` choosing the versions.
FORMER_MEMBER_CAPABILITIES = frozenset({"view_board_pack"})


def former_member_seat(user, uai) -> Establishment | None:
    """The establishment `uai` if `user` sat on its CA in any year (accepted grant), else None."""
    from missions.services.board_members import board_seats

    seat = board_seats(user).filter(establishment__uai=uai).first()
    return seat.establishment if seat else None


def has_capability(roles, capability: str) -> bool:
    """Whether any of `roles` holds `capability`. An unknown capability is a programming error."""
    return bool(CAPABILITIES[capability] & set(roles))


def capabilities_of(roles) -> frozenset[str]:
    return frozenset(name for name in CAPABILITIES if has_capability(roles, name))


@object_rule("view_allocations_of")
def can_view_allocations_of(user, roles, staff_member) -> bool:
    """Direction and bursar see everyone's allocations; anyone else only their own."""
    if has_capability(roles, "view_all_allocations"):
        return True
    return has_capability(roles, "view_own_allocations") and staff_member.user_id == user.pk


def own_staff_records(user, establishment):
    return establishment.staff.filter(user=user)
