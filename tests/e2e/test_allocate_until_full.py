"""In Chromium: the head fills the envelope from the allocation screen and one more allocation is refused."""

import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from playwright.sync_api import expect

from missions.models import Allocation, Role, StaffMember
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


@pytest.fixture
def college():
    """A collège whose 2026-2027 envelope is 2 IMP, three teachers and a mission open to every rate."""
    school_year = SchoolYearFactory(start_year=2026)
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    envelope = EnvelopeFactory(establishment=college, school_year=school_year)
    DotationFactory(envelope=envelope, units=Decimal("2"))
    for name in ("Bernard", "Lambert", "Rousseau"):
        StaffMemberFactory(establishment=college, usage_name=name, first_name="Alice")
    MissionFactory(establishment=college, title="Laboratoire de sciences", code="laboratoire-sciences")
    for code in ("001", "002", "003", "004", "005"):
        rate(code)
    return college


@pytest.fixture
def head(college):
    make_person(college, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION)
    return "principale@example.org"


def add_allocation(page, teacher, rate_label):
    """Fill the add form of the screen (loaded with htmx when opened) and send it."""
    form = page.locator("#quick-add")
    # each option names the person then what tells them apart ("BERNARD Alice — Mathématiques")
    person = form.locator("select[name=staff_member] option", has_text=teacher).first.get_attribute("value")
    form.locator("select[name=staff_member]").select_option(value=person)
    form.locator("select[name=mission]").select_option(label="Laboratoire de sciences")
    form.get_by_text(rate_label, exact=True).click()
    form.locator("input[name=count]").fill("1")
    form.get_by_role("button", name="Enregistrer l'attribution").click()


def test_the_head_allocates_until_the_envelope_is_full_then_is_refused(page, live_server, college, head):
    sign_in(page, live_server, head, DEMO_PASSWORD)
    page.goto(live_server.url + reverse("allocation_list", args=[college.uai]))
    gauge = page.locator("#envelope-gauge")
    expect(gauge).to_contain_text("2 IMP restantes")

    page.get_by_text("Ajouter une attribution sans quitter la page").click()
    page.locator("#quick-add select[name=staff_member]").wait_for()

    add_allocation(page, "BERNARD Alice", "Taux de base — 1 250,00 €")
    page.locator("#new-allocations tr", has_text="BERNARD Alice").wait_for()
    expect(gauge).to_contain_text("1 IMP restante")

    add_allocation(page, "LAMBERT Alice", "Demi-taux — 625,00 €")
    page.locator("#new-allocations tr", has_text="LAMBERT Alice").wait_for()
    add_allocation(page, "ROUSSEAU Alice", "Demi-taux — 625,00 €")
    page.locator("#new-allocations tr", has_text="ROUSSEAU Alice").wait_for()
    expect(gauge).to_contain_text("0 IMP restante")
    # htmx settles the swapped gauge's attributes a moment after its text: wait for the class
    expect(gauge).to_have_class(re.compile(r"\bgauge--full\b"))

    add_allocation(page, "BERNARD Alice", "Quart de taux — 312,50 €")
    refusal = page.locator("#quick-add .fr-alert--error")
    refusal.wait_for()
    expect(refusal).to_contain_text("Enveloppe dépassée : il reste 0 IMP (0,00 €)")

    assert Allocation.objects.count() == 3
    assert Allocation.objects.aggregate(total=Sum("units"))["total"] == Decimal("2")
    page.reload()
    expect(page.locator("#envelope-gauge")).to_contain_text("0 IMP restante")
    assert page.failed_requests == []
