"""In Chromium, with the Content-Security-Policy on: pages, DSFR and htmx work and nothing is refused."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from missions.models import User
from tests.e2e.conftest import sign_in
from tests.e2e.test_allocate_until_full import add_allocation, college, head  # noqa: F401 (fixtures)
from tests.factories import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def watch_csp(page):
    """Collect every CSP refusal Chromium reports (console message or securitypolicyviolation event)."""
    violations = []
    page.on(
        "console",
        lambda message: (
            ("Content Security Policy" in message.text or "Refused to" in message.text)
            and violations.append(message.text)
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => "
        "console.error('Refused to run (Content Security Policy): ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return violations


def test_pages_and_htmx_work_under_the_policy(page, live_server, college, head):  # noqa: F811
    violations = watch_csp(page)
    sign_in(page, live_server, head, DEMO_PASSWORD)
    response = page.goto(live_server.url + reverse("establishment_home", args=[college.uai]))
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for name in ("staff_list", "role_list", "allocation_list"):
        page.goto(live_server.url + reverse(name, args=[college.uai]))
    # DSFR's JavaScript ran (it marks the page once started)
    expect(page.locator("html[data-fr-js]")).to_have_count(1)
    # an htmx action: the quick-add form loads and an allocation updates the gauge without a reload
    page.get_by_text("Ajouter une attribution sans quitter la page").click()
    page.locator("#quick-add select[name=staff_member]").wait_for()
    add_allocation(page, "BERNARD Alice", "Taux de base — 1 250,00 €")
    page.locator("#new-allocations tr", has_text="BERNARD Alice").wait_for()
    expect(page.locator("#envelope-gauge")).to_contain_text("1 IMP restante")
    # the gauge's width is set from data-percent by static JS (no style="" attribute)
    assert page.locator(".gauge__fill").evaluate("bar => bar.style.width") == "50%"
    assert violations == []
    assert page.failed_requests == []


def test_the_admin_works_under_the_policy(page, live_server, db):
    violations = watch_csp(page)
    User.objects.create_superuser("admin@example.org", "mot-de-passe-admin-2026")
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("input[name=username]", "admin@example.org")
    page.fill("input[name=password]", "mot-de-passe-admin-2026")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:missions_user_changelist"))
    assert "admin@example.org" in page.content()
    assert violations == []
