"""Django admin: every model of `missions` is there and its pages open for a superuser."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from missions.models import (
    Allocation,
    Dotation,
    Envelope,
    Event,
    FailedLogin,
    LetterBatch,
    LetterTemplate,
    Mission,
    OutgoingEmail,
    PasswordResetRequest,
    Rate,
    RoleGrant,
    SigningCode,
    StaffMember,
    StsImport,
    User,
    VerificationAttempt,
)
from missions.services.allocation_history import Action, record_allocation_event
from tests.factories import DotationFactory, make_letter

MODELS = list(apps.get_app_config("missions").get_models())


@pytest.fixture
def admin_client_signed_in(client, db):
    superuser = User.objects.create_superuser("admin@example.org", "mot-de-passe-admin-2026")
    client.force_login(superuser)
    return client


@pytest.fixture
def one_of_each(personas, establishment):
    """At least one row of every model, so change pages and list columns are exercised."""
    grant = DotationFactory(envelope__establishment=establishment)
    rate, _ = Rate.objects.get_or_create(
        code="003", defaults={"label": "Taux de base", "multiplier": Decimal("1")}
    )
    mission = Mission.objects.create(establishment=establishment, code="club-echecs", title="Club d'échecs")
    mission.allowed_rates.add(rate)
    allocation = Allocation.objects.create(
        envelope=grant.envelope,
        staff_member=StaffMember.objects.get(user=personas.staff),
        mission=mission,
        rate=rate,
        count=1,
        units=Decimal("1"),
    )
    record_allocation_event(
        grant.envelope, allocation, actor=personas.head, action=Action.CREATED, changes={}
    )
    FailedLogin.objects.create(email="x@example.org", ip_address="127.0.0.1")
    PasswordResetRequest.objects.create(email="x@example.org", ip_address="127.0.0.1")
    OutgoingEmail.objects.create(establishment=establishment, to="x@example.org", subject="Invitation")
    StsImport.objects.create(
        establishment=establishment, filename="sts_emp_0750654D_2026.xml", content=b"<xml/>"
    )
    letter = make_letter(allocation.staff_member, status="sent")
    LetterTemplate.objects.create(establishment=establishment, header="1, rue de l'École")
    LetterBatch.objects.create(establishment=establishment, school_year=letter.school_year, kind="send")
    VerificationAttempt.objects.create(ip_address="127.0.0.1")
    SigningCode.objects.create(
        letter=letter, user=personas.staff, code_hash="0" * 64, expires_at=letter.created_at
    )
    board_rows(establishment, personas)
    return allocation


def board_rows(establishment, personas):
    from missions.models import BoardSettings, BoardVote, CouncilAvis, ReadReceipt, SchoolYear
    from tests.board_objects import presented_versions, question_on

    (version,) = presented_versions(establishment, SchoolYear.objects.get(start_year=2026), personas.head)
    CouncilAvis.objects.create(
        cycle=version.cycle, given_on="2026-11-20", text="Favorable", recorded_by=personas.head
    )
    BoardVote.objects.create(
        version=version, voted_on="2026-11-30", members_present=20, votes_for=15, votes_against=3, abstentions=2,
        result="favourable", act_reference="Acte 1", recorded_by=personas.head,
    )  # fmt: skip
    question_on(version, personas.board)
    ReadReceipt.objects.create(version=version, user=personas.board)
    BoardSettings.objects.create(establishment=establishment)


def test_every_model_of_missions_is_registered_in_the_admin():
    missing = [model.__name__ for model in MODELS if model not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_changelist_and_change_page_of_every_model_open(admin_client_signed_in, one_of_each, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client_signed_in.get(changelist).status_code == 200
    assert admin_client_signed_in.get(changelist, {"q": "a"}).status_code == 200
    obj = model.objects.first()
    assert obj is not None
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client_signed_in.get(change).status_code == 200


def test_users_are_created_in_the_admin_by_email(admin_client_signed_in):
    response = admin_client_signed_in.post(
        reverse("admin:missions_user_add"),
        {
            "email": "Nouvelle@Example.org",
            "usable_password": "true",
            "password1": "Xy-12345678!",
            "password2": "Xy-12345678!",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="nouvelle@example.org").check_password("Xy-12345678!")


@pytest.mark.parametrize("model", [Event, FailedLogin], ids=lambda model: model.__name__)
def test_history_and_security_records_are_read_only(admin_client_signed_in, one_of_each, model):
    opts = model._meta
    assert (
        admin_client_signed_in.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
        == 403
    )
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = admin_client_signed_in.get(change)
    assert 'type="submit" value="Enregistrer"' not in response.content.decode()


def test_the_sts_import_page_never_shows_the_uploaded_file(admin_client_signed_in, one_of_each):
    sts_import = StsImport.objects.get()
    response = admin_client_signed_in.get(reverse("admin:missions_stsimport_change", args=[sts_import.pk]))
    assert 'name="content"' not in response.content.decode()
    assert "&lt;xml/&gt;" not in response.content.decode()


def test_the_admin_is_closed_to_a_head_without_staff_status(client_for, personas):
    response = client_for(personas.head).get(reverse("admin:index"))
    assert response.status_code == 302


def test_what_a_ca_member_writes_is_not_shown_in_the_admin(admin_client_signed_in, one_of_each):
    from missions.models import BoardQuestion

    question = BoardQuestion.objects.get()
    for url in (
        reverse("admin:missions_boardquestion_changelist"),
        reverse("admin:missions_boardquestion_change", args=[question.pk]),
    ):
        assert "Pourquoi deux référents" not in admin_client_signed_in.get(url).content.decode()


# --- the admin belongs to the platform administrators; service-managed records are read-only -----------


def admin_sign_in(client, email, password):
    return client.post(reverse("admin:login"), {"username": email, "password": password, "next": "/admin/"})


def test_a_staff_account_with_model_permissions_is_refused(client, one_of_each):
    """Model permissions let a staff account list every establishment's staff and edit allocations."""
    from django.contrib.auth.models import Permission

    user = User.objects.create_user("staff@example.org", "mot-de-passe-staff-2026", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="missions"))
    client.force_login(user)
    assert client.get(reverse("admin:missions_staffmember_changelist")).status_code == 302
    allocation = Allocation.objects.first()
    response = client.post(
        reverse("admin:missions_allocation_change", args=[allocation.pk]), {"units": "9999"}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = admin_sign_in(Client(), "staff@example.org", "mot-de-passe-staff-2026")
    assert response.status_code == 200, "a staff account signed in to the admin"


@pytest.mark.parametrize(
    "model", [Allocation, Envelope, Dotation, RoleGrant], ids=lambda model: model.__name__
)
def test_service_managed_records_are_read_only(admin_client_signed_in, one_of_each, model):
    opts = model._meta
    assert admin_client_signed_in.get(reverse(f"admin:missions_{opts.model_name}_add")).status_code == 403
    obj = model.objects.first()
    page = admin_client_signed_in.get(reverse(f"admin:missions_{opts.model_name}_change", args=[obj.pk]))
    assert 'value="Enregistrer"' not in page.content.decode()
    assert (
        admin_client_signed_in.post(
            reverse(f"admin:missions_{opts.model_name}_delete", args=[obj.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert model.objects.filter(pk=obj.pk).exists()


def test_the_admin_sign_in_is_throttled_like_the_sign_in_page(client, db, settings):
    """30 wrong passwords for the administrator were accepted; a locked account still signed in there."""
    settings.LOGIN_MAX_FAILURES = 3
    User.objects.create_superuser("admin@example.org", "mot-de-passe-admin-2026")
    for _ in range(3):
        admin_sign_in(client, "admin@example.org", "devine")
    assert FailedLogin.objects.filter(email="admin@example.org").count() == 3
    response = admin_sign_in(client, "admin@example.org", "mot-de-passe-admin-2026")
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_from_the_sign_in_page_holds_on_the_admin(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 2
    User.objects.create_superuser("admin@example.org", "mot-de-passe-admin-2026")
    for _ in range(2):
        client.post(reverse("login"), {"username": "admin@example.org", "password": "devine"})
    admin_sign_in(client, "admin@example.org", "mot-de-passe-admin-2026")
    assert "_auth_user_id" not in client.session


def test_a_superuser_signs_in_to_the_admin(client, db):
    User.objects.create_superuser("admin@example.org", "mot-de-passe-admin-2026")
    response = admin_sign_in(client, "admin@example.org", "mot-de-passe-admin-2026")
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
