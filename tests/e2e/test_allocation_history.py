"""In Chromium: a row's history is fetched when its "Historique" is opened (issue 7, item 13)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import Role, StaffMember, User
from missions.services.allocations import allocate, update_allocation
from tests.e2e.conftest import sign_in
from tests.factories import (
    DEMO_PASSWORD,
    DotationFactory,
    EnvelopeFactory,
    EstablishmentFactory,
    MissionFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    make_person,
    rate,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_opening_a_row_history_brings_its_changes(page, live_server):
    # GIVEN an allocation created, then changed, by the head
    school_year = SchoolYearFactory(start_year=2026)
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    envelope = EnvelopeFactory(establishment=college, school_year=school_year)
    DotationFactory(envelope=envelope, units=Decimal("2"))
    make_person(college, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION)
    head = User.objects.get(email="principale@example.org")
    teacher = StaffMemberFactory(establishment=college, usage_name="Bernard", first_name="Alice")
    mission = MissionFactory(
        establishment=college, title="Laboratoire de sciences", code="laboratoire-sciences"
    )
    allocation = allocate(
        envelope=envelope, staff_member=teacher, mission=mission, actor=head, rate=rate("002"), count=1
    )
    update_allocation(allocation, actor=head, rate=rate("003"))

    # WHEN the head opens the row's history on the screen
    sign_in(page, live_server, "principale@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("allocation_list", args=[college.uai]))
    row = page.locator(f"#allocation-{allocation.pk}")
    row.get_by_text("Historique", exact=True).click()

    # THEN the changes appear in place, loaded with htmx (no page change)
    history = row.locator(".allocation-history__body")
    history.get_by_text("Taux : Demi-taux → Taux de base").wait_for()
    assert "Modification" in history.inner_text() and "Création" in history.inner_text()
    assert page.url.endswith(reverse("allocation_list", args=[college.uai]))
