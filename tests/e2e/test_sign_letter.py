"""In Chromium: a teacher signs their lettre de mission on a phone, then the head countersigns it on a desktop."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from missions.letters import workflow
from missions.models import MissionLetter, Role, StaffMember
from tests.e2e.conftest import sign_in
from tests.factories import (
    DEMO_PASSWORD,
    AllocationFactory,
    EnvelopeFactory,
    EstablishmentFactory,
    MissionFactory,
    SchoolYearFactory,
    make_person,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "fr-FR"}


@pytest.fixture
def sent_letter():
    school_year = SchoolYearFactory(start_year=2026)
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    make_person(college, Role.HEAD, email="principale@example.org", category=StaffMember.Category.DIRECTION)
    make_person(college, Role.STAFF, email="prof@example.org")
    head = college.staff.get(email="principale@example.org").user
    teacher = college.staff.get(email="prof@example.org")
    envelope = EnvelopeFactory(establishment=college, school_year=school_year)
    mission = MissionFactory(establishment=college, title="Coordination de discipline")
    AllocationFactory(envelope=envelope, staff_member=teacher, mission=mission, count=2)
    workflow.generate_drafts(college, school_year, actor=head)
    letter = MissionLetter.objects.get()
    workflow.send_letter(letter, actor=head)
    return letter


def test_teacher_signs_on_a_phone_then_the_head_countersigns(browser, page, live_server, sent_letter):
    uai = sent_letter.establishment.uai
    phone = browser.new_context(**PHONE).new_page()
    sign_in(phone, live_server, "prof@example.org", DEMO_PASSWORD)
    phone.goto(live_server.url + reverse("my_letters"))
    phone.get_by_role("link", name="Collège Victor-Hugo — 2026-2027").click()
    expect(phone.get_by_text("2 500,00 €").first).to_be_visible()
    phone.get_by_role("link", name="Signer la lettre").click()
    expect(phone.get_by_text("eIDAS").first).to_be_visible()
    # the form fits the phone's width: no horizontal scrolling
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.fill("input[name=password]", DEMO_PASSWORD)
    phone.get_by_text("J'ai lu la lettre").click()
    phone.get_by_role("button", name="Signer la lettre").click()
    expect(phone.get_by_text("Lettre signée")).to_be_visible()
    sent_letter.refresh_from_db()
    assert sent_letter.status == MissionLetter.Status.SIGNED

    sign_in(page, live_server, "principale@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("letter_overview", args=[uai]))
    page.get_by_role("link", name=sent_letter.staff_member.full_name).click()
    page.get_by_role("link", name="Contresigner").click()
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_text("Je contresigne").click()
    page.get_by_role("button", name="Contresigner").click()
    expect(page.get_by_text("elle est définitive")).to_be_visible()
    sent_letter.refresh_from_db()
    assert sent_letter.status == MissionLetter.Status.FINAL
    assert sent_letter.final_pdf and sent_letter.final_pdf_sha256  # sealed by the task after the commit
    assert not page.failed_requests, page.failed_requests


def test_teacher_who_forgot_their_password_signs_with_a_code_sent_by_mail(browser, live_server, sent_letter):
    uai = sent_letter.establishment.uai
    phone = browser.new_context(**PHONE).new_page()
    sign_in(phone, live_server, "prof@example.org", DEMO_PASSWORD)
    phone.goto(live_server.url + reverse("letter_sign", args=[uai, sent_letter.pk]))
    mail.outbox.clear()

    phone.get_by_role("button", name="Recevoir un code par courriel").click()
    expect(phone.get_by_text("Un code de signature a été envoyé à p…@example.org")).to_be_visible()
    (message,) = mail.outbox
    code = re.search(r"code de signature : (\d{6})", message.body).group(1)
    phone.get_by_label("Ou le code reçu par courriel").fill(code)
    phone.get_by_text("J'ai lu la lettre").click()
    phone.get_by_role("button", name="Signer la lettre").click()

    expect(phone.get_by_text("Lettre signée")).to_be_visible()
    sent_letter.refresh_from_db()
    assert sent_letter.status == MissionLetter.Status.SIGNED
