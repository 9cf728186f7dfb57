"""seed_demo seeds pHARe through the app's own demo module; the coordinator and the team land on pHARe."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from harcelement.models import Case, Coordinator, PreventionAction, ResourceTeamMember, Training
from missions.demo import app_demo_hooks
from missions.demo.people import DEMO_PASSWORD
from missions.models import Establishment


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def test_the_hook_is_found_without_missions_naming_the_app():
    assert [hook.__module__ for hook in app_demo_hooks()] == ["harcelement.demo"]


@pytest.mark.parametrize("uai", ["0752536Z", "0750680G"])
def test_each_demo_establishment_has_its_programme(seeded, uai):
    establishment = Establishment.objects.get(uai=uai)
    coordinator = Coordinator.objects.get(establishment=establishment)
    assert coordinator.allocation.mission.code == "coordinateur-harcelement"
    members = ResourceTeamMember.objects.filter(establishment=establishment)
    assert members.count() == 6
    assert all(Training.objects.filter(staff_member=m.staff_member).exists() for m in members)
    cases = Case.objects.filter(establishment=establishment)
    assert cases.count() == 8
    assert {case.status for case in cases} == set(Case.Status.values)
    assert PreventionAction.objects.filter(establishment=establishment).count() >= 4


def test_seeding_twice_adds_nothing(seeded):
    call_command("seed_demo", stdout=StringIO())
    assert Case.objects.count() == 16 and ResourceTeamMember.objects.count() == 12


@pytest.mark.parametrize(
    ("email", "landing"),
    [
        ("coordination.college@demo.fr", "phare_dashboard"),
        ("equipe1.college@demo.fr", "phare_dashboard"),
        ("prof.college@demo.fr", None),
    ],
)
def test_demo_logins_land_on_their_dashboard(seeded, client, email, landing):
    response = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
    expected = reverse(landing, args=["0752536Z"]) if landing else reverse("home")
    assert response.status_code == 302 and response.url == expected


def test_coming_from_the_site_root_also_lands_on_phare_but_a_real_next_wins(seeded, client):
    credentials = {"username": "coordination.college@demo.fr", "password": DEMO_PASSWORD}
    response = client.post(reverse("login") + "?next=/", credentials)
    assert response.url == reverse("phare_dashboard", args=["0752536Z"])
    client.logout()
    wanted = reverse("my_allocations", args=["0752536Z"])
    response = client.post(f"{reverse('login')}?next={wanted}", credentials)
    assert response.url == wanted
