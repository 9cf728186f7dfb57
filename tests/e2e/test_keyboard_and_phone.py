# ruff: noqa: F811 — the screen's fixtures (college, head) are shared with test_allocate_until_full
"""In Chromium: focus after each htmx change, removal in a DSFR modal, the mobile menu on every kind of page,
the establishment switcher and arrow keys, the allocation screen at 390 px, the skip links."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from missions.models import Allocation, Role, StaffMember
from tests.e2e.conftest import sign_in
from tests.e2e.test_allocate_until_full import add_allocation, college, head  # noqa: F401 (fixtures)
from tests.factories import DEMO_PASSWORD, EstablishmentFactory, RoleGrantFactory, StaffMemberFactory

# Waits go through expect() (Playwright's own world): page.wait_for_function evaluates a string with eval()
# when it polls, which the Content-Security-Policy (no 'unsafe-eval') refuses.
OPENED = re.compile(r"\bfr-modal--opened\b")
FOCUSED = "() => [document.activeElement.tagName, document.activeElement.name || '', document.activeElement.textContent.trim().slice(0, 60)]"


def open_screen(page, live_server, college, head):
    sign_in(page, live_server, head, DEMO_PASSWORD)
    page.goto(live_server.url + reverse("allocation_list", args=[college.uai]))
    page.get_by_text("Ajouter une attribution sans quitter la page").click()
    page.locator("#quick-add select[name=staff_member]").wait_for()


def test_focus_follows_each_change_and_the_change_is_announced(page, live_server, college, head):
    open_screen(page, live_server, college, head)
    add_allocation(page, "BERNARD Alice", "Taux de base — 1 250,00 €")
    page.locator("#new-allocations tr", has_text="BERNARD Alice").wait_for()
    allocation = Allocation.objects.get()
    expect(page.locator(f"tr#allocation-{allocation.pk}:focus-within")).to_have_count(1)
    assert page.locator("#screen-messages[aria-live=polite]").inner_text().strip()

    # Modifier: focus on the form's heading; a wrong value: focus on the field in error
    row = page.locator(f"#allocation-{allocation.pk}")
    row.get_by_role("link", name="Modifier").click()
    expect(page.locator(":focus")).to_have_text(re.compile(r"^\s*Modifier :"))
    page.locator(f"#allocation-{allocation.pk} input[name=count]").fill("0")
    page.locator(f"#allocation-{allocation.pk}").get_by_role("button", name="Enregistrer").click()
    expect(page.locator("[aria-invalid=true]:focus")).to_have_count(1)
    assert page.evaluate(FOCUSED)[1] == "count"

    # corrected: the edited row takes the focus back
    page.locator(f"#allocation-{allocation.pk} input[name=count]").fill("1")
    page.locator(f"#allocation-{allocation.pk}").get_by_role("button", name="Enregistrer").click()
    expect(page.locator(f"#allocation-{allocation.pk}")).to_be_focused()
    assert not page.locator(f"#allocation-{allocation.pk} form").count()

    # refused by the envelope (3 IMP asked, 1 left): the refusal takes the focus, in view
    add_allocation(page, "LAMBERT Alice", "Triple taux — 3 750,00 €")
    expect(page.locator("#quick-add .fr-alert--error:focus-within")).to_have_count(1)
    expect(page.locator("#quick-add .fr-alert--error")).to_be_visible()


def test_removal_asks_in_a_dsfr_modal_then_says_it_is_done(page, live_server, college, head):
    open_screen(page, live_server, college, head)
    add_allocation(page, "LAMBERT Alice", "Demi-taux — 625,00 €")
    page.locator("#new-allocations tr", has_text="LAMBERT Alice").wait_for()
    allocation = Allocation.objects.get()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    row = page.locator(f"#allocation-{allocation.pk}")
    modal = page.locator("#remove-dialog")
    row.get_by_role("link", name="Retirer").click()
    expect(modal).to_have_class(OPENED)
    expect(modal).to_contain_text("LAMBERT Alice")
    modal.get_by_role("button", name="Annuler").click()
    expect(modal).not_to_have_class(OPENED)
    assert Allocation.objects.filter(pk=allocation.pk).exists()

    row.get_by_role("link", name="Retirer").click()
    expect(modal).to_have_class(OPENED)
    modal.get_by_role("button", name="Retirer", exact=True).click()
    row.wait_for(state="detached")
    message = page.locator("#screen-messages")
    expect(message).to_contain_text("Attribution retirée")
    expect(page.locator("#screen-messages:focus-within")).to_have_count(1)
    assert not Allocation.objects.filter(pk=allocation.pk).exists()
    assert dialogs == []  # never the browser's confirm()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_the_mobile_menu_opens_on_every_kind_of_page(phone, live_server, college, head):
    pages = [reverse("login"), reverse("legal"), reverse("accessibility"), "/introuvable/"]
    for url in pages:
        phone.goto(live_server.url + url)
        phone.locator("#fr-btn-menu-mobile").click()
        expect(phone.locator("#fr-menu-mobile")).to_have_class(OPENED)
        expect(phone.locator("#fr-menu-mobile .fr-nav__link").first, url).to_be_visible()
        phone.locator("#fr-menu-mobile .fr-btn--close").click()
    sign_in(phone, live_server, head, DEMO_PASSWORD)
    for url, group, link in (
        (reverse("home"), None, "Accueil"),
        (reverse("allocation_list", args=[college.uai]), "IMP", "Répartition des IMP"),
    ):
        phone.goto(live_server.url + url)
        phone.locator("#fr-btn-menu-mobile").click()
        menu = phone.locator("#fr-menu-mobile")
        if group:  # the head's long menu gathers the IMP pages in a drop-down
            menu.get_by_role("button", name=group).click()
        menu.get_by_role("link", name=link).wait_for()
        phone.locator("#fr-menu-mobile .fr-btn--close").click()
    assert phone.errors == []


def test_at_390_px_the_gauge_is_compact_and_the_table_scrolls_in_its_own_region(
    phone, live_server, college, head
):
    teacher = StaffMember.objects.get(usage_name="Bernard")
    from decimal import Decimal

    from missions.models import Mission, Rate

    Allocation.objects.create(
        envelope=college.envelopes.get(),
        staff_member=teacher,
        mission=Mission.objects.get(code="laboratoire-sciences"),
        rate=Rate.objects.get(code="003"),
        count=1,
        units=Decimal("1"),
    )
    sign_in(phone, live_server, head, DEMO_PASSWORD)
    phone.goto(live_server.url + reverse("allocation_list", args=[college.uai]))
    assert phone.locator("#envelope-gauge").bounding_box()["height"] < 160
    region = phone.locator(".allocation-table .fr-table__container").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("End")
    row = phone.locator(".allocation-table tr", has_text="BERNARD Alice").first
    for cell in (row.locator("td").nth(0), row.locator("td").nth(4)):
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + 10 <= 390, cell.inner_text()
    assert phone.errors == []


def test_the_establishment_switcher_does_not_navigate_on_arrow_keys(page, live_server, college, head):
    other = EstablishmentFactory(uai="0930001W", name="Lycée Paul-Éluard")
    user = StaffMember.objects.get(email=head).user
    RoleGrantFactory(
        user=user, establishment=other, school_year=college.envelopes.get().school_year, role=Role.HEAD
    )
    StaffMemberFactory(establishment=other, user=user, email=head)
    sign_in(page, live_server, head, DEMO_PASSWORD)
    page.goto(live_server.url + reverse("establishment_home", args=[college.uai]))
    start = page.url
    switcher = page.locator("#switch-uai")
    switcher.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)
    assert page.url == start
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url != start


def test_the_skip_links_lead_to_content_menu_and_footer(page, live_server, college, head):
    for url in (reverse("login"), reverse("legal")):
        page.goto(live_server.url + url)
        links = page.locator(".fr-skiplinks a")
        assert links.all_inner_texts() == ["Contenu", "Menu", "Pied de page"]
        for href in links.evaluate_all("links => links.map((link) => link.getAttribute('href'))"):
            assert page.locator(href).count() == 1, href


def test_choosing_a_mission_keeps_the_focus_on_the_mission_field(page, live_server, college, head):
    open_screen(page, live_server, college, head)
    mission = page.locator("#quick-add select[name=mission]")
    mission.focus()
    mission.select_option(label="Laboratoire de sciences")
    expect(page.locator("[name=mission]:focus")).not_to_have_value("")


@pytest.mark.urls("tests.e2e.urls_with_error")
def test_the_mobile_menu_opens_on_the_error_pages(phone, live_server, college, head, caplog):
    for url, status in (("/erreur-de-test/", 500), ("/introuvable/", 404)):
        response = phone.goto(live_server.url + url)
        assert response.status == status
        phone.locator("#fr-btn-menu-mobile").click()
        expect(phone.locator("#fr-menu-mobile")).to_have_class(OPENED)
        expect(phone.locator("#fr-menu-mobile").get_by_role("link", name="Accueil")).to_be_visible()
        assert phone.locator(".fr-skiplinks a").all_inner_texts() == ["Contenu", "Menu", "Pied de page"]
    assert phone.errors == []


def test_a_narrow_window_never_scrolls_sideways(page, live_server, college, head):
    """A window 390 px wide (or a desktop zoomed to 400 %, WCAG 1.4.10): the add form keeps to the width, even
    with option labels longer than the screen."""
    sign_in(page, live_server, head, DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("allocation_list", args=[college.uai]))
    page.get_by_text("Ajouter une attribution sans quitter la page").click()
    page.locator("#quick-add select[name=mission]").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_the_display_settings_switch_to_the_dark_theme_and_remember_it(page, live_server, college, head):
    sign_in(page, live_server, head, DEMO_PASSWORD)
    page.goto(live_server.url + reverse("establishment_home", args=[college.uai]))

    page.get_by_role("button", name="Paramètres d’affichage").click()
    page.locator("#fr-theme-modal").get_by_text("Thème sombre").click()
    expect(page.locator("html")).to_have_attribute("data-fr-theme", "dark")

    # the DSFR keeps the choice in the browser: the next page opens dark
    page.goto(live_server.url + reverse("home"))
    expect(page.locator("html")).to_have_attribute("data-fr-theme", "dark")


def test_a_heads_long_menu_gathers_its_entries_in_drop_downs(page, live_server, college, head):
    sign_in(page, live_server, head, DEMO_PASSWORD)
    page.goto(live_server.url + reverse("establishment_home", args=[college.uai]))
    menu = page.locator("#fr-navigation")

    # one row: the establishment, "IMP" (a drop-down), staff, CA, pHARe, "Mon espace"
    assert menu.locator(".fr-nav__list > .fr-nav__item").count() <= 7
    imp = menu.get_by_role("button", name="IMP")
    assert not menu.get_by_role("link", name="Répartition des IMP").is_visible()
    # DSFR's script binds the button after the load event: a click before that would be lost
    expect(imp).to_have_attribute("data-fr-js-collapse-button", "true")
    imp.click()
    expect(imp).to_have_attribute("aria-expanded", "true")
    with page.expect_navigation():
        menu.get_by_role("link", name="Répartition des IMP").click()

    # on the screen, the drop-down holding the current page says so
    expect(page.locator("#fr-navigation").get_by_role("button", name="IMP")).to_have_attribute(
        "aria-current", "true"
    )
