"""In Chromium: a CA member reads the presented répartition on a phone and asks a question; the head answers it
and records the CA's vote."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from missions.models import BoardVote, Role, StaffMember
from missions.services import board
from missions.services.allocations import allocate
from missions.services.envelopes import add_dotation, envelope_for
from tests.board_objects import presented_versions
from tests.e2e.conftest import sign_in
from tests.factories import (
    DEMO_PASSWORD,
    EstablishmentFactory,
    MissionFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    make_person,
    rate,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def presented():
    """A collège whose répartition (two missions) is presented to the CA meeting of next week."""
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    year = SchoolYearFactory(start_year=2026)
    head = make_person(
        college, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION
    )
    parent = make_person(college, Role.BOARD, email="parent@example.org", with_staff_record=False)
    envelope = envelope_for(college, year)
    add_dotation(envelope, kind="initial", units=Decimal(6), granted_on=timezone.localdate(), reference="DHG")
    for surname, title, count in (
        ("Lefèvre", "Référent numérique", 2),
        ("Martin", "Coordination de discipline", 1),
    ):
        allocate(
            envelope=envelope,
            staff_member=StaffMemberFactory(establishment=college, usage_name=surname, first_name="Anne"),
            mission=MissionFactory(establishment=college, title=title),
            actor=head,
            rate=rate("003"),
            count=count,
        )
    cycle = board.cycle_for(college, year)
    board.record_council_avis(cycle, given_on=timezone.localdate(), text="Avis favorable.", actor=head)
    version = board.present(cycle, meeting_date=timezone.localdate() + timedelta(days=7), actor=head)
    return college, version, parent


def test_a_member_reads_the_pack_on_a_phone_asks_and_the_head_answers_and_records_the_vote(
    browser, page, live_server, presented
):
    college, version, parent = presented
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR").new_page()
    phone.set_default_timeout(15_000)

    # GIVEN a parent of the CA, on a phone, who opens the CA tile of their home page
    sign_in(phone, live_server, "parent@example.org", DEMO_PASSWORD)
    phone.goto(live_server.url + reverse("establishment_home", args=[college.uai]))
    phone.get_by_role("link", name="Conseil d'administration").last.click()
    phone.wait_for_url(f"**{reverse('board_pack', args=[college.uai])}")

    # THEN the pack names its version and hash, and fits the screen (tables scroll inside their box)
    expect(phone.get_by_text("Version 1 présentée au conseil d'administration")).to_be_visible()
    expect(phone.get_by_text(version.sha256)).to_be_visible()
    expect(phone.get_by_text("Référent numérique").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # WHEN they ask a question
    phone.get_by_label("Votre question").fill("Pourquoi deux IMP pour le numérique ?")
    phone.get_by_role("button", name="Envoyer ma question").click()
    phone.wait_for_url("**#questions")
    expect(phone.get_by_text("Votre question est transmise")).to_be_visible()
    expect(phone.get_by_text("En attente de réponse.")).to_be_visible()
    phone.context.close()

    # THEN the head sees it was read and the question, answers it and records the vote
    sign_in(page, live_server, "principale@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("board_manage", args=[college.uai]))
    expect(page.get_by_text("ouverte le").first).to_be_visible()
    page.get_by_role("link", name="Répondre").first.click()
    page.get_by_label("Réponse").fill("Deux sites à équiper cette année.")
    page.get_by_role("button", name="Publier la réponse").click()
    page.wait_for_url(f"**{reverse('board_manage', args=[college.uai])}*")
    page.get_by_label("Membres présents ou représentés").fill("20")
    page.get_by_label("Pour", exact=True).fill("15")
    page.get_by_label("Contre").fill("3")
    page.get_by_label("Abstentions").fill("2")
    page.get_by_label("Avis du conseil d'administration").select_option("favourable")
    page.get_by_label("Référence de l'acte").fill("Acte n° 2026-14")
    page.get_by_role("button", name="Enregistrer le vote").click()
    expect(page.get_by_text("Le vote du CA sur la version 1 est enregistré.")).to_be_visible()
    vote = BoardVote.objects.get(version=version)
    assert (vote.votes_for, vote.result, vote.act_reference) == (15, "favourable", "Acte n° 2026-14")
    assert version.questions.get().answer == "Deux sites à équiper cette année."
    assert page.failed_requests == []


def test_a_member_of_last_years_ca_still_reads_what_was_presented_to_them(page, live_server):
    # GIVEN last year's CA member, once the collège has set this year's roles
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    last_year, this_year = SchoolYearFactory(start_year=2025), SchoolYearFactory(start_year=2026)
    head = make_person(college, Role.HEAD, email="principale@example.org", school_year=this_year)
    make_person(
        college, Role.BOARD, email="ancien@example.org", school_year=last_year, with_staff_record=False
    )
    (version,) = presented_versions(college, last_year, head, days_ago=(300,))

    # WHEN they sign in and follow the link of their home page
    sign_in(page, live_server, "ancien@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Collège Victor-Hugo — année scolaire 2025-2026").click()

    # THEN the version they voted on is there, and nothing to ask any more
    expect(page.get_by_role("heading", level=1)).to_contain_text("Répartition des IMP 2025-2026")
    expect(page.get_by_text(version.sha256).first).to_be_visible()
    expect(page.get_by_role("button", name="Envoyer ma question")).to_have_count(0)
    assert not page.failed_requests, page.failed_requests
