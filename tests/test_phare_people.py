"""pHARe people: designating a coordinator is one action (role + paid mission), the team and its warnings."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from harcelement.models import Coordinator, ResourceTeamMember
from harcelement.services.people import (
    add_member,
    add_training,
    designate_coordinator,
    team_status,
    withdraw_coordinator,
)
from missions.models import Allocation, Role, RoleGrant, StaffMember
from tests.factories import StaffMemberFactory

HEAD_ROLES = {Role.HEAD}


def coordinator_grants(staff, school_year):
    return RoleGrant.objects.filter(
        user__email=staff.email, school_year=school_year, role=Role.HARASSMENT_COORDINATOR
    )


@pytest.fixture
def teacher(establishment):
    return StaffMemberFactory(establishment=establishment, email="enseignante@example.org")


def test_designating_a_teacher_grants_the_role_and_creates_the_imp(
    establishment, school_year, personas, teacher, granted_envelope
):
    granted_envelope(3)
    coordinator = designate_coordinator(
        teacher, school_year=school_year, actor=personas.head, actor_roles=HEAD_ROLES
    )
    allocation = coordinator.allocation
    assert allocation.mission.code == "coordinateur-harcelement"
    assert allocation.staff_member == teacher and allocation.units == Decimal("1")
    assert coordinator_grants(teacher, school_year).count() == 1
    assert coordinator.payment == Coordinator.Payment.IMP


def test_a_nurse_gets_the_complement_outside_the_envelope(establishment, school_year, personas):
    nurse = StaffMemberFactory(
        establishment=establishment, category=StaffMember.Category.NURSE, email="infirmiere@example.org"
    )
    coordinator = designate_coordinator(
        nurse, school_year=school_year, actor=personas.head, actor_roles=HEAD_ROLES
    )
    assert coordinator.allocation is None
    assert coordinator.complement_amount == Decimal("1250.00")
    assert not Allocation.objects.filter(staff_member=nurse).exists()
    assert coordinator_grants(nurse, school_year).exists()


def test_a_full_envelope_refuses_the_designation_and_grants_no_role(
    establishment, school_year, personas, teacher
):
    with pytest.raises(ValidationError, match="Enveloppe dépassée"):
        designate_coordinator(teacher, school_year=school_year, actor=personas.head, actor_roles=HEAD_ROLES)
    assert not coordinator_grants(teacher, school_year).exists()
    assert not Coordinator.objects.exists()


def test_withdrawing_removes_the_role_and_the_allocation_together(
    establishment, school_year, personas, teacher, granted_envelope
):
    granted_envelope(3)
    coordinator = designate_coordinator(
        teacher, school_year=school_year, actor=personas.head, actor_roles=HEAD_ROLES
    )
    withdraw_coordinator(coordinator, actor=personas.head, actor_roles=HEAD_ROLES)
    assert not Allocation.objects.filter(staff_member=teacher).exists()
    assert not coordinator_grants(teacher, school_year).exists()
    assert not Coordinator.objects.exists()


def test_the_dashboard_warns_until_five_members_and_a_trained_coordinator(
    establishment, school_year, personas
):
    nurse = StaffMemberFactory(
        establishment=establishment, category=StaffMember.Category.NURSE, email="inf@example.org"
    )
    designate_coordinator(nurse, school_year=school_year, actor=personas.head, actor_roles=HEAD_ROLES)
    status = team_status(establishment, school_year)
    assert any("formation" in warning for warning in status.warnings)
    assert any("au moins 5" in warning for warning in status.warnings)
    add_training(nurse, actor=personas.head, title="pHARe", date=date(2026, 10, 1), hours=Decimal("12"))
    for index in range(5):
        staff = StaffMemberFactory(establishment=establishment, email=f"membre{index}@example.org")
        add_member(staff, school_year=school_year, actor=personas.head, actor_roles=HEAD_ROLES)
    status = team_status(establishment, school_year)
    assert ResourceTeamMember.objects.count() == 5
    # the `coordinator` persona holds the role without a designation: said, so role and pay never disagree
    assert len(status.warnings) == 1 and "sans désignation" in status.warnings[0]


def test_designation_through_the_page(
    establishment, school_year, personas, teacher, granted_envelope, client_for
):
    granted_envelope(2)
    client = client_for(personas.head)
    response = client.post(
        f"/etablissements/{establishment.uai}/phare/equipe/coordinateur/", {"staff_member": teacher.pk}
    )
    assert response.status_code == 302
    assert Coordinator.objects.get().allocation.staff_member == teacher
    page = client.get(response.url).content.decode()
    assert "IMP — 1 250,00 €" in page
