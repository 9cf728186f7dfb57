"""Tenancy: an object of another establishment, reached through my establishment's URL by guessing its number,
answers 404 on every `<int:pk>` URL of the project (the URL list comes from the resolver, like the matrix).

The matrix (tests/test_authorization_matrix.py) checks who gets which page of their own establishment; this
checks that no page loads an object outside `request.establishment` (get_for_establishment).
"""

import pytest
from django.test import Client
from django.urls import reverse

from missions.models import Role
from tests import authz_expectations as expected
from tests.factories import make_person
from tests.test_authorization_matrix import URLS, build_objects

PK_URLS = [
    (name, params) for name, _, params in URLS if "pk" in params and name in expected.ESTABLISHMENT_PAGES
]
# National missions belong to every establishment: the other establishment's own mission stands in for them.
SHARED = {"national_mission": "own_mission"}
# Someone allowed on the page in their own establishment, so a 404 can only come from the object's scope.
ALLOWED = [Role.HEAD, Role.BURSAR, Role.STAFF, Role.BOARD]  # staff: letter pages; board: CA pages


def test_there_are_pk_urls_to_check():
    assert len(PK_URLS) >= 10, PK_URLS


@pytest.mark.parametrize(("name", "params"), PK_URLS, ids=[name for name, _ in PK_URLS])
def test_an_object_of_another_establishment_answers_404(
    name, params, establishment, other_establishment, school_year, personas
):
    page = expected.ESTABLISHMENT_PAGES[name]
    # GIVEN every kind of object exists in the other establishment (its head and a staff member there)
    elsewhere = type(personas)(
        head=personas.outsider,
        staff=make_person(other_establishment, Role.STAFF, email="prof-ailleurs@example.org"),
    )
    foreign = build_objects(other_establishment, school_year, elsewhere)
    target = foreign[SHARED.get(page.obj, page.obj)]
    # WHEN a user allowed on that page in MY establishment asks for it with the other's object number
    role = next(role for role in ALLOWED if role in page.roles)
    client = Client()
    client.force_login(getattr(personas, role))
    kwargs = {"uai": establishment.uai, "pk": target.pk}
    for method in ("get", "post"):
        response = getattr(client, method)(reverse(name, kwargs=kwargs))
        # THEN it does not exist for them, and nothing was done with it
        assert response.status_code == 404, f"{method.upper()} {name}: {response.status_code}"
