"""Object-level rules and capabilities: every rule is exercised both ways, every name used exists."""

import re
from pathlib import Path

import pytest

from missions import permissions
from missions.models import Establishment
from missions.navigation import FLAT_MENU_MAX, MENU, TILES, menu_for
from tests import authz_expectations as expected
from tests.factories import StaffMemberFactory, make_letter
from tests.phare_objects import make_case

TEMPLATES = Path(__file__).parent.parent / "templates"


def own_staff_member(establishment, personas):
    return personas.staff.staff_records.get(establishment=establishment)


def plan_versions(establishment, personas):
    """Version 1 presented before the former CA member's term ended, version 2 (the latest) today."""
    from missions.models import SchoolYear
    from tests.board_objects import presented_versions

    year = SchoolYear.objects.get(start_year=2026)
    return presented_versions(establishment, year, personas.head, days_ago=(60, 0))


OBJECTS = {
    "plan_version": lambda establishment, personas: plan_versions(establishment, personas)[1],
    "old_plan_version": lambda establishment, personas: plan_versions(establishment, personas)[0],
    "own_staff_member": own_staff_member,
    "staff_member": lambda establishment, personas: StaffMemberFactory(establishment=establishment),
    "own_letter": lambda establishment, personas: make_letter(
        own_staff_member(establishment, personas), status="sent"
    ),
    "own_draft_letter": lambda establishment, personas: make_letter(
        own_staff_member(establishment, personas)
    ),
    "letter": lambda establishment, personas: make_letter(StaffMemberFactory(establishment=establishment)),
    "phare_case": make_case,
    "assigned_phare_case": lambda establishment, personas: make_case(establishment, personas, assigned=True),
}


class FakeRequest:
    """What `permissions.allows` reads of a request: the user and their roles in the establishment."""

    def __init__(self, user, roles):
        self.user, self.roles = user, roles


def test_every_object_rule_has_cases_both_ways():
    for rule in permissions.OBJECT_RULES:
        cases = expected.OBJECT_RULE_CASES.get(rule)
        assert cases, f"la règle {rule} n'a pas de cas dans tests/authz_expectations.py"
        assert any(allowed for _, allowed, _ in cases) and any(refused for _, _, refused in cases), rule


@pytest.mark.parametrize(
    ("rule", "obj_key", "allowed", "refused"),
    [
        (rule, obj_key, allowed, refused)
        for rule, cases in expected.OBJECT_RULE_CASES.items()
        for obj_key, allowed, refused in cases
    ],
)
def test_object_rule(rule, obj_key, allowed, refused, establishment, personas, former_board):
    obj = OBJECTS[obj_key](establishment, personas)
    users = {**vars(personas), expected.FORMER_BOARD: former_board}
    for persona in allowed | refused:
        user = users[persona]
        roles = permissions.roles_in(user, establishment)
        verdict = permissions.allows(FakeRequest(user, roles), rule, obj)
        assert verdict is (persona in allowed), f"{rule} sur {obj_key} pour {persona}"


def test_capability_names_used_in_templates_exist():
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"""["'](\w+)["'] in can\b""", template.read_text()))
    unknown = used - set(permissions.CAPABILITIES)
    assert not unknown, f"capacités inconnues dans les gabarits : {sorted(unknown)}"


def test_menu_entries_and_tiles_name_existing_capabilities():
    for entry in [*MENU, *TILES]:
        assert entry.capability in permissions.CAPABILITIES, entry


def test_a_capability_cannot_be_declared_twice_with_other_roles():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        permissions.register_capabilities({"manage_staff": {permissions.HEAD}})
    with pytest.raises(ImproperlyConfigured):
        permissions.register_capabilities({"nouvelle_capacite": {"roi"}})


def test_a_short_menu_is_a_row_of_links_and_a_long_one_gathers_its_groups():
    establishment = Establishment(uai="0750680G", name="Lycée Marie-Curie")
    teacher = menu_for(establishment, permissions.capabilities_of({permissions.STAFF}))
    head = menu_for(establishment, permissions.capabilities_of({permissions.HEAD}))

    assert all("entries" not in item for item in teacher)  # few entries: links only
    assert len(head) <= FLAT_MENU_MAX + 1 < len([e for item in head for e in item.get("entries", [item])])
    imp = next(item for item in head if item["title"] == "IMP")
    assert [link["title"] for link in imp["entries"]][:2] == ["Répartition des IMP", "Catalogue des missions"]
    assert "allocations" in imp["navs"]
