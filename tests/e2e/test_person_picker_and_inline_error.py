"""In Chromium: the head finds a person by typing (accents and case ignored) and, editing a row in place beyond
the envelope, sees the refusal next to the row, focused and clear of the sticky gauge."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from missions.models import Role, StaffMember
from missions.services.allocations import allocate
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
    school_year = SchoolYearFactory(start_year=2026)
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    envelope = EnvelopeFactory(establishment=college, school_year=school_year)
    DotationFactory(envelope=envelope, units=Decimal("3"))
    for code in ("001", "002", "003", "004", "005"):
        rate(code)
    mission = MissionFactory(
        establishment=college, title="Laboratoire de sciences", code="laboratoire-sciences"
    )
    StaffMemberFactory(
        establishment=college, usage_name="LEMAÎTRE", first_name="Béatrice", disciplines="Lettres"
    )
    StaffMemberFactory(
        establishment=college, usage_name="Lambert", first_name="Françoise", birth_date=date(1978, 3, 2)
    )
    StaffMemberFactory(
        establishment=college,
        usage_name="Lambert",
        first_name="Françoise",
        birth_date=date(1985, 11, 20),
        disciplines="Histoire-géographie",
    )
    # enough rows that the edited one sits below the fold, under the sticky gauge when scrolled
    holders = [StaffMemberFactory(establishment=college, usage_name=f"Titulaire{n:02d}") for n in range(12)]
    for person in holders:
        allocate(
            envelope=envelope, staff_member=person, mission=mission, actor=None, rate=rate("001"), count=1
        )
    make_person(college, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION)
    return college


def test_typing_finds_a_person_whatever_the_accents(page, live_server, college):
    sign_in(page, live_server, "principale@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("allocation_create", args=[college.uai]))

    page.locator("input[name=chercher]").fill("lemaitre")

    select = page.locator("select[name=staff_member]")
    visible = select.locator("option:not([hidden])").all_inner_texts()
    assert [label for label in visible if not label.startswith("—")] == ["LEMAÎTRE Béatrice — Lettres"]
    assert select.input_value() != ""  # the only match is chosen
    expect(page.locator(".person-picker__count")).to_contain_text("1 personne(s) proposée(s).")

    page.locator("input[name=chercher]").fill("LAMBERT")
    lamberts = [
        t for t in select.locator("option:not([hidden])").all_inner_texts() if t.startswith("LAMBERT")
    ]
    assert (
        len(lamberts) == 2
        and "née en 1978" in lamberts[0] + lamberts[1]
        and "née en 1985" in " ".join(lamberts)
    )


def test_without_javascript_the_search_button_filters_on_the_server(browser, live_server, college):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        sign_in(page, live_server, "principale@example.org", DEMO_PASSWORD)
        page.goto(live_server.url + reverse("allocation_create", args=[college.uai]))
        page.locator("input[name=chercher]").fill("histoire")
        with page.expect_navigation():
            page.get_by_role("button", name="Chercher").click()
        labels = page.locator("select[name=staff_member] option").all_inner_texts()
        assert [label for label in labels if not label.startswith("—")] == [
            "LAMBERT Françoise — Histoire-géographie, née en 1985"
        ]
    finally:
        context.close()


def test_an_inline_edit_refusal_is_shown_by_the_row_and_focused(page, live_server, college):
    sign_in(page, live_server, "principale@example.org", DEMO_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(live_server.url + reverse("allocation_list", args=[college.uai]))
    row = page.locator("tr", has_text="TITULAIRE11").first
    row.scroll_into_view_if_needed()

    row.get_by_role("link", name="Modifier").click()
    form_row = page.locator("tr.allocation-editing")
    form_row.locator("input[name=count]").wait_for()
    form_row.get_by_text("Triple taux", exact=False).click()
    form_row.get_by_role("button", name="Enregistrer").click()

    error = page.locator("tr.allocation-editing .fr-alert--error")
    error.wait_for()
    expect(error).to_contain_text("Enveloppe dépassée")
    expect(page.locator(".fr-alert--error:focus")).to_have_count(1)
    gauge = page.locator("#envelope-gauge").bounding_box()
    box = error.bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= gauge["y"] + gauge["height"]  # not hidden behind the sticky gauge
    assert box["y"] + 10 < viewport["height"]  # and within the screen
