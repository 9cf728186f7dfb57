"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test under tests/e2e/ is marked `e2e` (select with `-m e2e`, leave out with `-m "not e2e"`) and runs in a
transactional database (the live server's thread must see the test's rows). Without /usr/bin/chromium
(`apt-get install -y chromium`) they are skipped with that reason. Never `playwright install`: no downloads.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

# Playwright's sync API keeps an asyncio loop running in the test thread; Django would then refuse every ORM
# call of the test ("You cannot call this from an async context"). The test thread does not share its
# connection with the loop, so this is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = Path(__file__).parent
RESULTS_DIR = E2E_DIR.parent.parent / "test-results"


@pytest.hookimpl(tryfirst=True)  # before pytest-django orders tests by their database marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR not in item.path.parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True))
        if not CHROMIUM.exists():
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} absent : apt-get install -y chromium pour les tests navigateur"
                )
            )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test, so the `page` fixture knows whether to take a screenshot.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def _close_browser_contexts(request):
    """Close what a test opened beside its `page` (a phone, a second desktop) before its database goes: an
    open page keeps connections to the live server, whose threads would otherwise outlive the test."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    request.getfixturevalue("live_server")  # set up before this fixture, so torn down after it
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # The same patience for expect() as for actions: CI runs the suite in two processes beside the browser.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page (own cookies); a screenshot lands in test-results/ when the test fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.failed_requests = []
    # A request the browser itself cancels because the page moved on (net::ERR_ABORTED) is not a failure;
    # a missing file still shows as a response >= 400 below.
    page.on(
        "requestfailed",
        lambda req: (
            "ERR_ABORTED" not in (req.failure or "")
            and page.failed_requests.append(f"{req.url} ({req.failure})")
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and page.failed_requests.append(f"{response.url} ({response.status})")
        ),
    )
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"{request.node.name}.png"), full_page=True)
    context.close()


def sign_in(page, live_server, email, password):
    """Sign in through the real sign-in page, as a person would."""
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert reverse("login") not in page.url, f"connexion refusée pour {email}"
