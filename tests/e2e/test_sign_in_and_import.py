"""In Chromium: the head signs in, opens the staff list, imports the STSWeb export and sees the people."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from missions.models import Role, StaffMember
from tests.e2e.conftest import sign_in
from tests.factories import DEMO_PASSWORD, EstablishmentFactory, SchoolYearFactory, make_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).parent.parent / "data" / "sts_emp_0751234J_2026.xml"


@pytest.fixture
def college():
    # the establishment of the sample file: an import is refused for any other one
    return EstablishmentFactory(uai="0751234J", name="Collège Jean Moulin")


@pytest.fixture
def head(college):
    SchoolYearFactory(start_year=2026)
    return make_person(
        college, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION
    )


def test_the_sign_in_page_loads_the_dsfr_assets_from_our_server(page, live_server):
    page.goto(live_server.url + reverse("login"))
    page.wait_for_load_state("networkidle")
    assert page.failed_requests == []
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
    stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
    assert stylesheets and all(href.startswith(live_server.url) for href in stylesheets)


def test_the_head_imports_the_stsweb_export_and_sees_the_new_staff(page, live_server, college, head):
    sign_in(page, live_server, "principale@example.org", DEMO_PASSWORD)

    # GIVEN the staff list, which offers the STSWeb import
    page.goto(live_server.url + reverse("staff_list", args=[college.uai]))
    page.click(f"a[href='{reverse('sts_import_upload', args=[college.uai])}']")

    # WHEN the head uploads the export, reads the preview and confirms
    page.set_input_files("input[name=file]", str(SAMPLE))
    page.get_by_role("button", name="Prévisualiser l'import").click()
    page.wait_for_url("**/personnels/import/*/")
    expect(page.get_by_text("GUÉRIN").first).to_be_visible()
    page.get_by_role("button", name="Confirmer l'import").click()

    # THEN the staff list says what was done and shows the people of the file
    page.wait_for_url(f"**{reverse('staff_list', args=[college.uai])}*")
    message = page.get_by_text("Import terminé").first
    expect(message).to_be_visible()
    expect(message).to_contain_text("39 créés")
    for name in ("GUÉRIN", "MOREL", "DE LA FONTAINE"):
        expect(page.get_by_text(name).first, name).to_be_visible()
    assert StaffMember.objects.filter(establishment=college).exclude(sts_id="").count() == 39
    assert page.failed_requests == []
