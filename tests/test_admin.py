"""Django admin: every model of `missions` is there and its pages open for a superuser."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from missions.models import (
    Allocation,
    Event,
    FailedLogin,
    Mission,
    Rate,
    StaffMember,
    StsImport,
    User,
)
from missions.services.allocation_history import Action, record_allocation_event
from tests.factories import DotationFactory

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
    StsImport.objects.create(
        establishment=establishment, filename="sts_emp_0750654D_2026.xml", content=b"<xml/>"
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
