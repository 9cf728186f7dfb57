"""In Chromium: no axe-core serious or critical violation and no JavaScript error on any main page, as every
persona that reaches it; the mobile menu on every kind of page; the skip links."""

import pytest
from django.urls import reverse

from tests.authz_expectations import ESTABLISHMENT_PAGES
from tests.conftest import PERSONAS
from tests.e2e.accessibility import needs_axe, serious_violations
from tests.e2e.conftest import sign_in
from tests.factories import DEMO_PASSWORD
from tests.test_authorization_matrix import build_objects

NOT_PAGES = {  # file downloads
    "allocation_export",
    "letter_pdf",
    "letter_zip",
    "phare_case_pdf",
    "phare_case_summary",
    "phare_attachment",
    "phare_stats_csv",
    "board_version_pdf",
    "board_version_export",
}
PUBLIC_PAGES = ("login", "password_reset", "password_reset_done", "accessibility", "legal")


@pytest.fixture
def world(establishment, school_year, personas):
    objects = build_objects(establishment, school_year, personas)
    return objects


def establishment_urls(establishment, objects, persona):
    for name, entry in ESTABLISHMENT_PAGES.items():
        if name in NOT_PAGES or persona not in entry.roles:
            continue
        args = [establishment.uai] + ([objects[entry.obj].pk] if entry.obj else [])
        yield reverse(name, args=args)


def visit(page, url, problems, errors, status=200):
    response = page.goto(url)
    assert response.status == status, f"{url}: {response.status}"
    page.wait_for_load_state("load")
    if status != 200:  # the browser's own console line about the answer
        errors[:] = [error for error in errors if str(status) not in error]
    for violation in serious_violations(page):
        problems.append(
            f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']} {violation['nodes']}"
        )
    for error in errors:
        problems.append(f"{page.url} erreur JavaScript : {error}")
    errors.clear()


def watch_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


@needs_axe
def test_public_pages_have_no_serious_violation_and_no_script_error(page, live_server, db):
    errors, problems = watch_errors(page), []
    for name in PUBLIC_PAGES:
        visit(page, live_server.url + reverse(name), problems, errors)
    visit(page, live_server.url + "/introuvable/", problems, errors, status=404)
    assert not problems, "\n".join(problems)


@needs_axe
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "outsider"])
def test_every_main_page_as_each_persona(persona, browser, live_server, establishment, personas, world):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    errors, problems = watch_errors(page), []
    email = getattr(personas, persona).email
    sign_in(page, live_server, email, DEMO_PASSWORD)
    visit(page, live_server.url + reverse("home"), problems, errors)
    for url in establishment_urls(establishment, world, persona):
        visit(page, live_server.url + url, problems, errors)
    if persona not in ESTABLISHMENT_PAGES["allocation_list"].roles:  # the 403 page
        url = reverse("allocation_list", args=[establishment.uai])
        visit(page, live_server.url + url, problems, errors, status=403)
    context.close()
    assert not problems, "\n".join(problems)


@needs_axe
def test_the_main_pages_at_390_px(browser, live_server, establishment, personas, world):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    errors, problems = watch_errors(page), []
    visit(page, live_server.url + reverse("login"), problems, errors)
    sign_in(page, live_server, personas.head.email, DEMO_PASSWORD)
    for name in ("establishment_home", "allocation_list", "payment_list", "staff_list", "mission_list"):
        visit(page, live_server.url + reverse(name, args=[establishment.uai]), problems, errors)
    context.close()
    assert not problems, "\n".join(problems)


@needs_axe
def test_the_check_can_fail(page):
    """axe-core really runs: an image without a text alternative is a critical violation."""
    page.set_content(
        '<html lang="fr"><head><title>T</title></head><body><main><img src="x.png"></main></body></html>'
    )
    assert "image-alt" in [violation["id"] for violation in serious_violations(page)]
