"""In Chromium: a teacher reports a concern from a phone-sized screen; the coordinator, landing on the pHARe
dashboard after signing in, opens the case and records the interview of the target."""

import pytest
from django.urls import reverse

from harcelement.models import Case, EntryKind
from missions.models import Role, StaffMember
from tests.e2e.conftest import sign_in
from tests.factories import DEMO_PASSWORD, EstablishmentFactory, SchoolYearFactory, make_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def college():
    SchoolYearFactory(start_year=2026)
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    make_person(college, Role.STAFF, email="prof@example.org")
    make_person(college, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION)
    make_person(
        college, Role.HARASSMENT_COORDINATOR, email="coordo@example.org", category=StaffMember.Category.CPE
    )
    return college


def test_a_teacher_reports_on_a_phone_and_the_coordinator_records_an_interview(browser, live_server, college):
    phone = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "prof@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("phare_report", args=[college.uai]))
    # nothing wider than the screen: the form is usable without scrolling sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.fill("textarea[name=what]", "Insultes répétées dans la cour, un élève pleure après la récréation.")
    page.fill("input[name=occurred_on]", "2026-11-30")
    page.fill("input[name=pupil0_name]", "Léonie Framboisier")
    page.fill("input[name=pupil0_class]", "5e B")
    page.select_option("select[name=pupil0_role]", "cible")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le signalement").click()
    assert "transmis au chef d'établissement" in page.content()
    phone.close()

    case = Case.objects.get(establishment=college)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = desktop.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "coordo@example.org", DEMO_PASSWORD)
    assert page.url.endswith(reverse("phare_dashboard", args=[college.uai]))
    page.get_by_role("link", name=case.number).first.click()
    page.wait_for_url(f"**/situations/{case.pk}/")
    assert "Léonie Framboisier" in page.content()
    page.select_option("select[name=kind]", EntryKind.TARGET_INTERVIEW)
    page.fill(
        "textarea[name=text]", "Entretien au bureau de la vie scolaire ; mesures de protection proposées."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter au journal").click()
    assert "Entrée ajoutée au journal." in page.content()
    entry = case.entries.get(kind=EntryKind.TARGET_INTERVIEW)
    assert entry.author.email == "coordo@example.org"
    assert "mesures de protection proposées" in page.content()
    desktop.close()
