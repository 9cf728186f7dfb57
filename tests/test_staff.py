"""Staff management: list, search and filters, add, edit, detail, deactivate, invite."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from missions.models import Role, RoleGrant, StaffMember
from tests.factories import StaffMemberFactory, UserFactory


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


@pytest.fixture
def teachers(establishment):
    return {
        "maths": StaffMemberFactory(
            establishment=establishment,
            usage_name="Moreau",
            first_name="Lucie",
            email="lucie.moreau@example.org",
        ),
        "eps": StaffMemberFactory(
            establishment=establishment, usage_name="Girard", first_name="Hugo", disciplines="EPS", email=""
        ),
        "cpe": StaffMemberFactory(
            establishment=establishment,
            usage_name="Roux",
            first_name="Nadia",
            category=StaffMember.Category.CPE,
            disciplines="",
            active=False,
        ),
    }


def listed_names(response):
    return {member.usage_name for member, _ in response.context["rows"]}


# --- list ----------------------------------------------------------------------------------------


def test_the_list_shows_the_establishment_staff_with_counts(
    head_client, establishment, teachers, other_establishment
):
    StaffMemberFactory(establishment=other_establishment, usage_name="Ailleurs")
    response = head_client.get(url("staff_list", establishment))
    assert response.status_code == 200
    names = listed_names(response)
    assert {"Moreau", "Girard", "Roux"} <= names
    assert "Ailleurs" not in names
    counts = response.context["counts"]
    assert counts["left"] == 1 and counts["total"] == counts["in_post"] + 1
    assert reverse("sts_import_upload", args=[establishment.uai]) in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("moreau", {"Moreau"}), ("lucie.moreau@", {"Moreau"}), ("eps", {"Girard"}), ("hugo girard", {"Girard"})],
)
def test_the_list_searches_names_emails_and_disciplines(
    head_client, establishment, teachers, query, expected
):
    response = head_client.get(url("staff_list", establishment), {"q": query})
    assert listed_names(response) == expected


def test_the_list_filters_by_category_status_and_account(head_client, establishment, teachers, personas):
    response = head_client.get(url("staff_list", establishment), {"categorie": "cpe"})
    assert "Roux" in listed_names(response) and "Moreau" not in listed_names(response)

    response = head_client.get(url("staff_list", establishment), {"statut": "inactifs"})
    assert listed_names(response) == {"Roux"}

    response = head_client.get(url("staff_list", establishment), {"statut": "actifs", "compte": "sans"})
    assert listed_names(response) == {"Moreau", "Girard"}

    response = head_client.get(url("staff_list", establishment), {"compte": "avec"})
    assert len(listed_names(response)) == 6  # the personas with a staff record


def test_the_list_is_paginated_by_fifty(head_client, establishment):
    StaffMemberFactory.create_batch(55, establishment=establishment)
    first = head_client.get(url("staff_list", establishment))
    assert len(first.context["rows"]) == 50
    second = head_client.get(url("staff_list", establishment), {"page": 2})
    assert len(second.context["rows"]) == 55 + 6 - 50
    assert 'class="fr-pagination"' in first.content.decode()


def test_the_list_is_refused_to_a_bursar(client_for, personas, establishment):
    assert client_for(personas.bursar).get(url("staff_list", establishment)).status_code == 403


# --- add and edit ----------------------------------------------------------------------------------


def staff_data(**overrides):
    data = {
        "civility": "Mme",
        "sex": "F",
        "usage_name": "Petit",
        "birth_name": "Lambert",
        "first_name": "Sophie",
        "birth_date": "1985-03-02",
        "category": "enseignant",
        "grade": "CERT. CL N",
        "disciplines": "Histoire-géographie",
        "email": "sophie.petit@example.org",
        "sts_id": "",
        "active": "on",
    }
    return {**data, **overrides}


def test_the_add_form_uses_a_date_input_for_the_birth_date(head_client, establishment):
    content = head_client.get(url("staff_create", establishment)).content.decode()
    assert 'type="date"' in content and 'name="birth_date"' in content


def test_head_adds_a_staff_member(head_client, establishment):
    response = head_client.post(url("staff_create", establishment), staff_data())
    staff = StaffMember.objects.get(usage_name="Petit")
    assert response.status_code == 302 and response.url == staff.get_absolute_url()
    assert staff.establishment == establishment
    assert staff.birth_date == date(1985, 3, 2)
    assert staff.birth_name == "Lambert"


def test_usage_name_and_first_name_are_required(head_client, establishment):
    response = head_client.post(url("staff_create", establishment), staff_data(usage_name=" ", first_name=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"usage_name", "first_name"}
    assert not StaffMember.objects.filter(birth_name="Lambert").exists()


def test_an_email_is_unique_among_the_establishment_staff(
    head_client, establishment, other_establishment, teachers
):
    response = head_client.post(
        url("staff_create", establishment), staff_data(email="Lucie.Moreau@example.org")
    )
    assert "déjà celle d'un autre personnel" in response.context["form"].errors["email"][0]
    # Someone working in two establishments has the same address in both.
    StaffMemberFactory(establishment=other_establishment, email="sophie.petit@example.org")
    assert head_client.post(url("staff_create", establishment), staff_data()).status_code == 302


def test_head_edits_a_record_and_keeps_its_own_email(head_client, establishment, teachers):
    staff = teachers["maths"]
    data = staff_data(usage_name="Moreau-Blanc", first_name="Lucie", email="lucie.moreau@example.org")
    response = head_client.post(url("staff_update", establishment, staff.pk), data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.usage_name == "Moreau-Blanc" and staff.disciplines == "Histoire-géographie"


def test_a_record_of_another_establishment_answers_404(head_client, establishment, other_establishment):
    elsewhere = StaffMemberFactory(establishment=other_establishment)
    for name in ("staff_detail", "staff_update", "staff_deactivate", "staff_invite"):
        assert head_client.get(url(name, establishment, elsewhere.pk)).status_code == 404
    response = head_client.post(url("staff_update", establishment, elsewhere.pk), staff_data())
    assert response.status_code == 404


# --- detail --------------------------------------------------------------------------------------


def test_the_detail_shows_identity_roles_account_and_allocations_link(head_client, personas, establishment):
    staff = StaffMember.objects.get(user=personas.coordinator)
    response = head_client.get(url("staff_detail", establishment, staff.pk))
    content = response.content.decode()
    assert "17 mai 1980" in content
    assert "Coordinateur harcèlement" in content
    assert "Compte actif" in content
    assert reverse("person_allocations", args=[establishment.uai, staff.pk]) in content


# --- deactivate ----------------------------------------------------------------------------------


def test_deactivation_is_confirmed_first(head_client, establishment, teachers):
    staff = teachers["maths"]
    response = head_client.get(url("staff_deactivate", establishment, staff.pk))
    assert "Désactiver" in response.content.decode()
    staff.refresh_from_db()
    assert staff.active


def test_deactivation_keeps_the_record_and_withdraws_the_roles_of_the_year(
    head_client, personas, establishment, school_year
):
    staff = StaffMember.objects.get(user=personas.resource_team)
    response = head_client.post(url("staff_deactivate", establishment, staff.pk))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.active
    assert not RoleGrant.objects.filter(user=personas.resource_team, establishment=establishment).exists()


def test_the_last_head_cannot_be_deactivated(head_client, personas, establishment):
    staff = StaffMember.objects.get(user=personas.head)
    response = head_client.post(url("staff_deactivate", establishment, staff.pk), follow=True)
    assert "dernier rôle de chef d" in response.content.decode()
    staff.refresh_from_db()
    assert staff.active
    assert RoleGrant.objects.filter(user=personas.head, role=Role.HEAD).exists()


def test_reactivating_is_an_edit(head_client, establishment, teachers):
    staff = teachers["cpe"]
    data = staff_data(usage_name="Roux", first_name="Nadia", email="nadia.roux@example.org", active="on")
    head_client.post(url("staff_update", establishment, staff.pk), data)
    staff.refresh_from_db()
    assert staff.active


# --- invite --------------------------------------------------------------------------------------


def test_invitation_is_confirmed_first(head_client, establishment, teachers):
    response = head_client.get(url("staff_invite", establishment, teachers["maths"].pk))
    assert "lucie.moreau@example.org" in response.content.decode()
    assert mail.outbox == []


def test_inviting_creates_the_account_sends_the_email_and_grants_the_staff_role(
    head_client, establishment, teachers, school_year, django_capture_on_commit_callbacks
):
    staff = teachers["maths"]
    with django_capture_on_commit_callbacks(execute=True):
        response = head_client.post(url("staff_invite", establishment, staff.pk), follow=True)
    assert "Invitation envoyée à lucie.moreau@example.org" in response.content.decode()
    staff.refresh_from_db()
    assert staff.user.email == "lucie.moreau@example.org"
    assert len(mail.outbox) == 1
    assert RoleGrant.objects.filter(user=staff.user, role=Role.STAFF, school_year=school_year).exists()


def test_inviting_a_record_without_email_is_refused_clearly(head_client, establishment, teachers):
    staff = teachers["eps"]
    response = head_client.post(url("staff_invite", establishment, staff.pk), follow=True)
    assert "pas d&#x27;adresse électronique" in response.content.decode()
    staff.refresh_from_db()
    assert staff.user is None and mail.outbox == []


def test_inviting_someone_who_works_elsewhere_links_their_existing_account(
    head_client, establishment, teachers
):
    existing = UserFactory(email="LUCIE.MOREAU@example.org")
    head_client.post(url("staff_invite", establishment, teachers["maths"].pk))
    teachers["maths"].refresh_from_db()
    assert teachers["maths"].user == existing
