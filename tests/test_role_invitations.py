"""Granting a role by e-mail reveals nothing about another establishment; an existing account accepts it."""

import re

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from missions.models import Role, RoleGrant
from tests.factories import StaffMemberFactory, UserFactory, make_person


def board_member(client, establishment, email, first_name="Paul", last_name="Garnier", capture=None):
    data = {
        "action": "board",
        "ca-last_name": last_name,
        "ca-first_name": first_name,
        "ca-email": email,
        "ca-quality": "Représentant des parents d'élèves",
    }
    with capture(execute=True):
        response = client.post(reverse("role_create", args=[establishment.uai]), data)
    return response, [str(message) for message in get_messages(response.wsgi_request)]


def test_adding_another_establishments_teacher_to_the_ca_shows_nothing_of_them(
    head_client, personas, establishment, other_establishment, school_year, django_capture_on_commit_callbacks
):
    # GIVEN a teacher of another establishment, whose real name the head does not know
    teacher = make_person(
        other_establishment,
        Role.STAFF,
        email="secret@example.org",
        first_name="Hortense",
        usage_name="Zébulon",
    )
    teacher.last_name = "Zébulon"
    teacher.save()
    # WHEN the head types that address with another name
    response, texts = board_member(
        head_client, establishment, "secret@example.org", capture=django_capture_on_commit_callbacks
    )
    # THEN the message only repeats what was typed, the same words as for an unknown address
    assert response.status_code == 302
    assert texts == [
        "Rôle « Membre du CA » attribué à Paul Garnier pour 2026-2027. "
        "Une invitation a été envoyée à secret@example.org."
    ]
    role_page = head_client.get(reverse("role_list", args=[establishment.uai])).content.decode()
    assert "Hortense" not in role_page and "Zébulon" not in role_page and "Paul Garnier" in role_page
    assert "invitation en attente" in role_page
    # AND the person did not silently get a role: it waits for their acceptance
    grant = RoleGrant.objects.get(user=teacher, establishment=establishment)
    assert grant.pending
    head_client.force_login(teacher)
    assert head_client.get(reverse("establishment_home", args=[establishment.uai])).status_code == 404
    # they are asked by e-mail, and accept on their "Invitations" page
    assert len(mail.outbox) == 1 and "/invitations/" in mail.outbox[0].body
    assert "Membre du CA" in mail.outbox[0].body
    page = head_client.get(reverse("home")).content.decode()
    assert "Un établissement vous propose un rôle" in page
    head_client.post(reverse("role_invitations"), {"grant": grant.pk, "action": "accept"})
    assert head_client.get(reverse("establishment_home", args=[establishment.uai])).status_code == 200


def test_a_new_address_gets_the_same_message(
    head_client, establishment, school_year, django_capture_on_commit_callbacks
):
    _, texts = board_member(
        head_client, establishment, "nouveau@example.org", capture=django_capture_on_commit_callbacks
    )
    assert texts == [
        "Rôle « Membre du CA » attribué à Paul Garnier pour 2026-2027. "
        "Une invitation a été envoyée à nouveau@example.org."
    ]
    # a new account gets the role at once: choosing the password proves the address
    assert not RoleGrant.objects.get(user__email="nouveau@example.org").pending
    assert "/invitation/" in mail.outbox[0].body


def test_a_role_for_a_record_whose_address_has_an_account_elsewhere_waits_for_acceptance(
    head_client, personas, establishment, other_establishment, school_year, django_capture_on_commit_callbacks
):
    elsewhere = make_person(other_establishment, Role.STAFF, email="double@example.org")
    record = StaffMemberFactory(establishment=establishment, email="double@example.org", first_name="Zoé")
    with django_capture_on_commit_callbacks(execute=True):
        head_client.post(
            reverse("role_create", args=[establishment.uai]),
            {
                "action": "staff",
                "personnel-staff_member": record.pk,
                "personnel-role": Role.HARASSMENT_COORDINATOR,
            },
        )
    grant = RoleGrant.objects.get(user=elsewhere, establishment=establishment)
    assert grant.pending and grant.role == Role.HARASSMENT_COORDINATOR
    head_client.force_login(elsewhere)
    assert head_client.get(reverse("establishment_home", args=[establishment.uai])).status_code == 404
    # refusing removes the proposal
    head_client.post(reverse("role_invitations"), {"grant": grant.pk, "action": "decline"})
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_someone_already_working_here_gets_a_new_role_at_once(
    head_client, personas, establishment, school_year
):
    record = personas.staff.staff_records.get()
    head_client.post(
        reverse("role_create", args=[establishment.uai]),
        {"action": "staff", "personnel-staff_member": record.pk, "personnel-role": Role.RESOURCE_TEAM},
    )
    assert not RoleGrant.objects.get(user=personas.staff, role=Role.RESOURCE_TEAM).pending
    assert mail.outbox == []


def test_nobody_can_accept_someone_elses_invitation(client, personas, establishment, school_year):
    stranger = UserFactory(email="x@example.org")
    grant = RoleGrant.objects.create(
        user=stranger, establishment=establishment, school_year=school_year, role=Role.HEAD, pending=True
    )
    client.force_login(personas.staff)
    response = client.post(reverse("role_invitations"), {"grant": grant.pk, "action": "accept"}, follow=True)
    assert "Cette invitation n&#x27;existe plus." in response.content.decode() or re.search(
        "Cette invitation n.existe plus", response.content.decode()
    )
    grant.refresh_from_db()
    assert grant.pending


def test_the_staff_pages_do_not_tell_an_account_of_another_establishment_apart(
    head_client, personas, establishment, other_establishment, school_year, django_capture_on_commit_callbacks
):
    make_person(other_establishment, Role.STAFF, email="double@example.org")
    record = StaffMemberFactory(establishment=establishment, email="double@example.org", usage_name="Double")
    new = StaffMemberFactory(establishment=establishment, email="neuve@example.org", usage_name="Neuve")
    with django_capture_on_commit_callbacks(execute=True):
        for member in (record, new):
            head_client.post(reverse("staff_invite", args=[establishment.uai, member.pk]))
    page = head_client.get(reverse("staff_detail", args=[establishment.uai, record.pk])).content.decode()
    assert "Compte actif" not in page and "Invitation envoyée" in page
    listing = head_client.get(
        reverse("staff_list", args=[establishment.uai]), {"q": "double"}
    ).content.decode()
    assert "Compte actif" not in listing
