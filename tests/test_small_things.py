"""What users noticed: the platform administrator's landing page, French grammar in messages, the staff list's
IMP column, each log line once and a 403 without a traceback; the add form's room in the envelope and the fix a
refusal proposes."""

import html
import io
import logging
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from imp_missions.logging_filters import ForbiddenWithoutTraceback
from missions.models import Mission, Rate, RoleGrant, StaffMember
from missions.services.allocations import allocate
from tests.factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


def page_text(response) -> str:
    return re.sub(r"<[^>]+>", "", html.unescape(response.content.decode()))


def test_the_platform_administrator_lands_on_a_link_to_the_admin(client_for, school_year):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)

    page = client_for(admin).get(reverse("home")).content.decode()

    assert f'href="{reverse("admin:index")}"' in page
    assert "rapprochez-vous du secrétariat" not in page


def test_role_messages_elide_before_a_vowel(head_client, personas, establishment, school_year):
    elise = StaffMemberFactory(
        establishment=establishment, civility="", usage_name="Schmitt", first_name="Élise"
    )
    elise.user = UserFactory(email="elise@example.org")
    elise.save()
    RoleGrant.objects.create(
        user=elise.user,
        establishment=establishment,
        school_year=school_year,
        role="harassment_coordinator",
        staff_member=elise,
    )

    page = head_client.get(url("role_list", establishment)).content.decode()

    assert "le rôle d&#x27;Élise SCHMITT" in page or "le rôle d'Élise SCHMITT" in page


def test_adding_a_woman_says_ajoutee(head_client, establishment):
    data = {
        "civility": "Mme",
        "sex": "F",
        "usage_name": "Petit",
        "first_name": "Sophie",
        "category": "enseignant",
        "disciplines": "Histoire-géographie",
        "active": "on",
    }

    response = head_client.post(url("staff_create", establishment), data)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Mme Sophie PETIT est ajoutée aux personnels."
    ]


def test_the_staff_list_shows_each_persons_imp(head_client, establishment, granted_envelope):
    envelope = granted_envelope(10)
    teacher = StaffMemberFactory(establishment=establishment, usage_name="Imbert", first_name="Lou")
    mission = Mission.objects.get(code="coordination-discipline", establishment=None)
    allocate(
        envelope=envelope,
        staff_member=teacher,
        mission=mission,
        actor=None,
        rate=Rate.objects.get(code="004"),
        count=1,
    )

    page = page_text(head_client.get(url("staff_list", establishment)))

    assert "IMP 2026-2027" in page
    row = page[page.index("IMBERT Lou") :][:400]
    assert "2 IMP" in row and "2 500,00 € brut" in row


def test_a_django_line_reaches_one_handler_only():
    """Django's own "django" console handler printed every django.* line a second time beside the root's."""
    chain, logger = [], logging.getLogger("django.request")
    while logger is not None:
        chain.append(logger)
        logger = logger.parent if logger.propagate else None
    assert chain[-1] is logging.getLogger()  # it reaches the root...
    assert all(not logger.handlers for logger in chain[:-1])  # ...and no handler on the way
    ours = [h for h in chain[-1].handlers if any(isinstance(f, ForbiddenWithoutTraceback) for f in h.filters)]
    assert len(ours) == 1


def test_a_403_is_logged_as_one_line_without_traceback(client_for, personas, establishment):
    stream = io.StringIO()
    root_handler = next(h for h in logging.getLogger().handlers if h.filters)
    handler = logging.StreamHandler(stream)
    for log_filter in root_handler.filters:
        handler.addFilter(log_filter)
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = client_for(personas.staff).get(url("allocation_list", establishment))
    finally:
        logging.getLogger("django.request").removeHandler(handler)

    assert response.status_code == 403
    assert stream.getvalue().strip().splitlines() == [
        f"Forbidden (Permission denied): {url('allocation_list', establishment)}"
    ]


# --- the add form: what is left, a rate that fits, the fix of a refusal ----------------------------


@pytest.fixture
def tight_envelope(granted_envelope, establishment):
    """1,5 IMP notified, 1 already allocated: 0,5 IMP left."""
    envelope = granted_envelope(Decimal("1.5"))
    allocate(
        envelope=envelope,
        staff_member=StaffMemberFactory(establishment=establishment),
        mission=Mission.objects.get(code="devoirs-faits", establishment=None),
        actor=None,
        rate=Rate.objects.get(code="003"),
        count=1,
    )
    return envelope


def checked_rate(page):
    match = re.search(r'<input type="radio" name="rate" value="(\d+)"[^>]*checked', page)
    return Rate.objects.get(pk=match.group(1)) if match else None


def test_the_form_shows_what_is_left_and_preselects_a_rate_that_fits(
    head_client, establishment, tight_envelope
):
    discipline = Mission.objects.get(
        code="coordination-discipline", establishment=None
    )  # base rate suggested

    page = head_client.get(url("allocation_create", establishment) + f"?annee=2026&mission={discipline.pk}")
    content = page.content.decode()

    assert "Reste dans l&#x27;enveloppe : " in content or "Reste dans l'enveloppe : " in content
    assert "<strong>0,5 IMP</strong>" in content
    assert checked_rate(content).code == "002"  # the half rate fits, the suggested base rate does not


def test_the_form_says_when_no_rate_fits(head_client, establishment, tight_envelope):
    level = Mission.objects.get(code="coordination-niveau", establishment=None)  # base rate and above only

    content = head_client.get(
        url("allocation_create", establishment) + f"?annee=2026&mission={level.pk}"
    ).content.decode()

    assert "Aucun taux de cette mission ne tient dans ce qui reste." in content
    assert checked_rate(content) is None


def test_a_refusal_over_the_envelope_proposes_the_fix(head_client, establishment, tight_envelope):
    discipline = Mission.objects.get(code="coordination-discipline", establishment=None)
    teacher = StaffMemberFactory(establishment=establishment)

    response = head_client.post(
        url("allocation_create", establishment) + "?annee=2026",
        {
            "staff_member": teacher.pk,
            "mission": discipline.pk,
            "kind": "pay",
            "rate": Rate.objects.get(code="003").pk,
            "count": 1,
            "periodicity": "annual",
        },
    )

    content = html.unescape(response.content.decode())
    assert "Le plus grand taux qui tient : demi-taux × 1 (0,5 IMP)" in content
    assert f'href="{url("envelope_detail", establishment)}?annee=2026">Enregistrer un abondement' in content
    assert "Enveloppe dépassée" in content
    assert not StaffMember.objects.get(pk=teacher.pk).allocations.exists()
