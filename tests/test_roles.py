"""Roles of the year: list with the pHARe rules, grant to staff, add CA members, withdraw."""

from django.core import mail
from django.urls import reverse

from missions.models import Role, RoleGrant, StaffMember, User
from tests.factories import RoleGrantFactory, StaffMemberFactory, UserFactory, make_person


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


def grant_staff(client, establishment, staff, role):
    return client.post(
        url("role_create", establishment),
        {"action": "staff", "personnel-staff_member": staff.pk, "personnel-role": role},
        follow=True,
    )


# --- list ----------------------------------------------------------------------------------------


def test_the_list_groups_this_years_grants_by_role(head_client, personas, establishment):
    response = head_client.get(url("role_list", establishment))
    assert response.status_code == 200
    groups = {group["role"]: group["grants"] for group in response.context["groups"]}
    assert [grant.user for grant in groups[Role.HEAD]] == [personas.head]
    assert [grant.user for grant in groups[Role.BOARD]] == [personas.board]
    assert personas.outsider not in [grant.user for grants in groups.values() for grant in grants]


def test_the_list_warns_when_the_resource_team_is_under_five(head_client, personas, establishment):
    content = head_client.get(url("role_list", establishment)).content.decode()
    assert (
        "L'équipe ressource pHARe compte 1 membre : le programme en prévoit au moins 5."
        in content.replace("&#x27;", "'")
    )
    assert "Aucun coordinateur harcèlement" not in content


def test_no_warning_once_the_resource_team_has_five_members(
    head_client, personas, establishment, school_year
):
    for index in range(4):
        make_person(establishment, Role.RESOURCE_TEAM, email=f"equipe{index}@example.org")
    content = head_client.get(url("role_list", establishment)).content.decode()
    assert "fr-alert--warning" not in content


def test_the_list_warns_when_no_coordinator_is_designated(head_client, personas, establishment):
    RoleGrant.objects.filter(role=Role.HARASSMENT_COORDINATOR).delete()
    content = head_client.get(url("role_list", establishment)).content.decode()
    assert "Aucun coordinateur harcèlement n" in content


# --- grant to staff --------------------------------------------------------------------------------


def test_head_grants_a_role_to_a_staff_member_with_an_account(
    head_client, personas, establishment, school_year
):
    staff = StaffMember.objects.get(user=personas.staff)
    response = grant_staff(head_client, establishment, staff, Role.RESOURCE_TEAM)
    assert "Rôle « Équipe ressource pHARe » attribué" in response.content.decode()
    grant = RoleGrant.objects.get(user=personas.staff, role=Role.RESOURCE_TEAM)
    assert grant.staff_member == staff and grant.school_year == school_year
    assert grant.granted_by == personas.head
    assert mail.outbox == []


def test_granting_a_role_to_someone_without_account_invites_them(
    head_client, establishment, school_year, django_capture_on_commit_callbacks
):
    staff = StaffMemberFactory(establishment=establishment, email="nouvelle@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        grant_staff(head_client, establishment, staff, Role.HARASSMENT_COORDINATOR)
    staff.refresh_from_db()
    assert staff.user.email == "nouvelle@example.org"
    assert RoleGrant.objects.filter(user=staff.user, role=Role.HARASSMENT_COORDINATOR).exists()
    assert len(mail.outbox) == 1 and "/invitation/" in mail.outbox[0].body


def test_granting_a_role_to_someone_without_account_nor_email_is_refused(head_client, establishment):
    staff = StaffMemberFactory(establishment=establishment, email="")
    response = grant_staff(head_client, establishment, staff, Role.HARASSMENT_COORDINATOR)
    assert "pas d&#x27;adresse électronique" in response.content.decode()
    assert not RoleGrant.objects.filter(role=Role.HARASSMENT_COORDINATOR, staff_member=staff).exists()
    assert not User.objects.filter(staff_records=staff).exists()


def test_granting_the_same_role_twice_is_refused(head_client, personas, establishment):
    staff = StaffMember.objects.get(user=personas.coordinator)
    response = grant_staff(head_client, establishment, staff, Role.HARASSMENT_COORDINATOR)
    assert "a déjà le rôle" in response.content.decode()
    assert RoleGrant.objects.filter(user=personas.coordinator, role=Role.HARASSMENT_COORDINATOR).count() == 1


def test_a_staff_member_of_another_establishment_cannot_be_chosen(
    head_client, establishment, other_establishment
):
    elsewhere = StaffMemberFactory(establishment=other_establishment, email="ailleurs@example.org")
    response = grant_staff(head_client, establishment, elsewhere, Role.STAFF)
    assert response.context["staff_form"].errors["staff_member"]
    assert not RoleGrant.objects.filter(staff_member=elsewhere).exists()


def test_a_deputy_is_not_offered_the_head_role_and_cannot_force_it(client_for, personas, establishment):
    client = client_for(personas.deputy)
    form = client.get(url("role_create", establishment)).context["staff_form"]
    assert Role.HEAD not in dict(form.fields["role"].choices)
    staff = StaffMember.objects.get(user=personas.deputy)
    grant_staff(client, establishment, staff, Role.HEAD)
    assert not RoleGrant.objects.filter(user=personas.deputy, role=Role.HEAD).exists()


# --- CA members without a staff record ------------------------------------------------------------


def board_data(**overrides):
    data = {
        "action": "board",
        "ca-last_name": "Garnier",
        "ca-first_name": "Paul",
        "ca-email": "Paul.Garnier@example.org",
        "ca-quality": "Représentant des parents d'élèves",
    }
    return {**data, **overrides}


def test_head_adds_a_board_member_without_staff_record_who_is_invited(
    head_client, establishment, school_year, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post(url("role_create", establishment), board_data())
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user__email="paul.garnier@example.org")
    assert grant.role == Role.BOARD and grant.staff_member is None
    assert grant.board_quality == "Représentant des parents d'élèves"
    assert grant.user.get_full_name() == "Paul Garnier"
    assert not grant.user.has_usable_password()
    assert len(mail.outbox) == 1 and "/invitation/" in mail.outbox[0].body


def test_a_board_member_who_already_has_an_account_keeps_it(head_client, establishment):
    existing = UserFactory(email="paul.garnier@example.org")
    head_client.post(url("role_create", establishment), board_data())
    assert RoleGrant.objects.get(role=Role.BOARD, user=existing)
    assert User.objects.filter(email__iexact="paul.garnier@example.org").count() == 1


def test_a_board_member_needs_an_email_and_a_quality(head_client, establishment):
    response = head_client.post(
        url("role_create", establishment), board_data(**{"ca-email": "", "ca-quality": ""})
    )
    assert set(response.context["board_form"].errors) == {"email", "quality"}
    assert not User.objects.filter(last_name="Garnier").exists()


# --- withdraw ------------------------------------------------------------------------------------


def test_withdrawing_a_role_is_confirmed_first(head_client, personas, establishment):
    grant = RoleGrant.objects.get(user=personas.coordinator)
    response = head_client.get(url("role_delete", establishment, grant.pk))
    assert "Retirer ce rôle ?" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_head_withdraws_a_role(head_client, personas, establishment):
    grant = RoleGrant.objects.get(user=personas.coordinator)
    response = head_client.post(url("role_delete", establishment, grant.pk))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert StaffMember.objects.filter(user=personas.coordinator).exists()


def test_the_last_head_role_cannot_be_withdrawn(head_client, personas, establishment):
    grant = RoleGrant.objects.get(user=personas.head, role=Role.HEAD)
    response = head_client.post(url("role_delete", establishment, grant.pk), follow=True)
    assert "dernier rôle de chef d" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_head_role_can_be_withdrawn_once_a_successor_is_named(
    head_client, personas, establishment, school_year
):
    RoleGrantFactory(
        user=personas.deputy, establishment=establishment, school_year=school_year, role=Role.HEAD
    )
    grant = RoleGrant.objects.get(user=personas.head, role=Role.HEAD)
    head_client.post(url("role_delete", establishment, grant.pk))
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_deputy_cannot_withdraw_a_head_role(client_for, personas, establishment, school_year):
    RoleGrantFactory(
        user=personas.deputy, establishment=establishment, school_year=school_year, role=Role.HEAD
    )
    # The deputy now heads too; an ordinary deputy is the case below.
    other_deputy = make_person(establishment, Role.DEPUTY, email="adjoint2@example.org")
    grant = RoleGrant.objects.get(user=personas.head, role=Role.HEAD)
    client_for(other_deputy).post(url("role_delete", establishment, grant.pk))
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_grant_of_another_establishment_answers_404(
    head_client, personas, establishment, other_establishment
):
    grant = RoleGrant.objects.get(user=personas.outsider)
    assert head_client.get(url("role_delete", establishment, grant.pk)).status_code == 404
    assert head_client.post(url("role_delete", establishment, grant.pk)).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_roles_are_managed_by_direction_only(client_for, personas, establishment):
    for persona in (personas.bursar, personas.staff, personas.board, personas.coordinator):
        assert client_for(persona).get(url("role_list", establishment)).status_code == 403
