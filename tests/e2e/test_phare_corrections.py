"""In Chromium: the coordinator corrects the hours of a training from the team page, then deletes a partner from
the prevention plan (after its confirmation page), and the action that named it stays without it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from harcelement.models import Partner
from missions.models import Event, Role, StaffMember
from tests.e2e.conftest import sign_in
from tests.factories import DEMO_PASSWORD, EstablishmentFactory, SchoolYearFactory, make_person
from tests.phare_objects import make_member, make_partner, make_prevention_action, make_training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def college():
    SchoolYearFactory(start_year=2026)
    college = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    make_person(
        college, Role.HARASSMENT_COORDINATOR, email="coordo@example.org", category=StaffMember.Category.CPE
    )
    return college


def test_the_coordinator_corrects_a_training_and_deletes_a_partner(page, live_server, college):
    training = make_training(make_member(college).staff_member)
    partner = make_partner(college, name="Association e-Enfance")
    action = make_prevention_action(college, [partner])
    sign_in(page, live_server, "coordo@example.org", DEMO_PASSWORD)

    page.goto(live_server.url + reverse("phare_team", args=[college.uai]))
    page.get_by_role("link", name="Modifier la formation « Formation pHARe niveau 1 »").click()
    page.wait_for_url(f"**/equipe/formation/{training.pk}/modifier/")
    assert page.input_value("input[name=hours]") == "12.0"  # the form comes pre-filled
    page.fill("input[name=hours]", "15")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    assert "Modifications enregistrées." in page.content()
    assert "15 h" in page.content()
    training.refresh_from_db()
    assert training.hours == Decimal("15")

    page.goto(live_server.url + reverse("phare_prevention_plan", args=[college.uai]))
    page.get_by_role("link", name="Supprimer le partenaire « Association e-Enfance »").click()
    page.wait_for_url(f"**/prevention/partenaire/{partner.pk}/supprimer/")
    assert "Il est retiré de 1 action de prévention" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer").click()
    assert "Partenaire « Association e-Enfance » supprimé." in page.content()
    assert "Aucun partenaire." in page.content()
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert not action.partners.exists()
    assert list(
        Event.objects.filter(action__startswith="phare.").order_by("pk").values_list("action", flat=True)
    ) == [
        "phare.training_updated",
        "phare.partner_deleted",
    ]
    assert not page.failed_requests
