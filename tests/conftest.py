"""Shared fixtures: one establishment, the current school year and one persona per role."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from missions.models import Establishment, Role, StaffMember
from tests.factories import EstablishmentFactory, SchoolYearFactory, make_person

PERSONAS = ("head", "deputy", "bursar", "staff", "board", "coordinator", "resource_team", "outsider")


@pytest.fixture(scope="session", autouse=True)
def signing_certificate():
    """The throw-away sealing certificate of this test process (paths from imp_missions.settings_test)."""
    from django.conf import settings

    from missions.letters.sealing import create_certificate

    if not settings.SIGNING_CERT_FILE.exists():
        create_certificate(settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE)
    return settings.SIGNING_CERT_FILE


@pytest.fixture
def school_year(db):
    return SchoolYearFactory(start_year=2026)


@pytest.fixture
def establishment(db):
    return EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")


@pytest.fixture
def other_establishment(db):
    return EstablishmentFactory(uai="0930001W", name="Lycée Paul-Éluard", kind=Establishment.Kind.LGT)


@pytest.fixture
def personas(establishment, other_establishment, school_year):
    """Users by role name: head, deputy, bursar, staff, board, coordinator, resource_team, outsider.

    `outsider` is the head of another establishment: everything of `establishment` must be hidden from them.
    """
    people = {
        "head": make_person(
            establishment, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION
        ),
        "deputy": make_person(
            establishment, Role.DEPUTY, email="adjoint@example.org", category=StaffMember.Category.DIRECTION
        ),
        "bursar": make_person(
            establishment, Role.BURSAR, email="gestion@example.org", category=StaffMember.Category.OTHER
        ),
        "staff": make_person(establishment, Role.STAFF, email="prof@example.org"),
        "board": make_person(establishment, Role.BOARD, email="parent@example.org", with_staff_record=False),
        "coordinator": make_person(
            establishment,
            Role.HARASSMENT_COORDINATOR,
            email="coordo@example.org",
            category=StaffMember.Category.CPE,
        ),
        "resource_team": make_person(establishment, Role.RESOURCE_TEAM, email="ressource@example.org"),
        "outsider": make_person(
            other_establishment,
            Role.HEAD,
            email="autre-chef@example.org",
            category=StaffMember.Category.DIRECTION,
        ),
    }
    return SimpleNamespace(**people)


@pytest.fixture
def former_board(personas, establishment, school_year):
    """A CA member of `establishment` whose term ended a month ago (not in `personas`: most pages treat them
    as `board`; the authorization matrix and the object rules check them too)."""
    from tests.board_objects import make_former_board_member

    return make_former_board_member(establishment, school_year)


@pytest.fixture
def head(db):
    """The head's user alone, as the actor of service calls (no roles: `personas` gives those)."""
    from tests.factories import UserFactory

    return UserFactory(email="principale@example.org")


@pytest.fixture
def head_client(personas, client_for):
    """A test client signed in as the head of `establishment`."""
    return client_for(personas.head)


@pytest.fixture
def granted_envelope(establishment, school_year):
    """`granted_envelope(units)`: the establishment's envelope of the year, notified with `units` IMP."""
    from missions.services.envelopes import add_dotation, envelope_for

    def make(units):
        envelope = envelope_for(establishment, school_year)
        add_dotation(
            envelope, kind="initial", units=Decimal(units), granted_on=date(2026, 6, 20), reference="DHG"
        )
        return envelope

    return make


@pytest.fixture
def client_for(client):
    """`client_for(user)` gives a test client signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
