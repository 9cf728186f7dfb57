"""Adapting a national mission carries its holders over; "Valider tous les brouillons" takes the art. 6 missions
first and says what it validated; a collège is not offered the lycées' tutorat; an establishment cannot create
its own art. 6 mission."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import Allocation, Mission, Rate
from missions.services import catalogue
from missions.services.allocation_history import Action, allocation_history
from missions.services.allocations import allocate
from missions.services.envelopes import envelope_for
from missions.services.rollover import confirm_all_drafts
from tests.factories import DotationFactory, EstablishmentFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def national(code):
    return Mission.objects.get(code=code, establishment__isnull=True)


def rate(code):
    return Rate.objects.get(code=code)


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


@pytest.fixture
def envelope(establishment, school_year):
    return DotationFactory(
        envelope__establishment=establishment, envelope__school_year=school_year, units=Decimal("10")
    ).envelope


def test_adapting_a_national_mission_carries_its_holders_over(client_for, personas, establishment, envelope):
    discipline = national("coordination-discipline")
    holder = StaffMemberFactory(establishment=establishment, usage_name="Lefèvre", first_name="Anne")
    allocation = allocate(
        envelope=envelope, staff_member=holder, mission=discipline, actor=None, rate=rate("003"), count=1
    )
    data = {
        "title": "Coordination des mathématiques",
        "category": discipline.category,
        "periodicity": "annual",
        "description": "",
        "tasks": "Animer l'équipe",
        "suggested_rate": rate("003").pk,
        "allowed_rates": [r.pk for r in discipline.allowed_rates.all()],
        "legal_reference": "",
    }

    response = client_for(personas.head).post(
        url("mission_adapt", establishment, discipline.pk), data, follow=True
    )

    copy = Mission.objects.get(establishment=establishment, adapted_from=discipline)
    allocation.refresh_from_db()
    assert allocation.mission == copy
    assert "1 attribution(s) reportée(s) sur la version adaptée" in html.unescape(response.content.decode())
    event = allocation_history(allocation).get(action=Action.UPDATED)
    assert (
        event.actor_id == personas.head.pk and event.changes["mission"][1] == "Coordination des mathématiques"
    )


def test_a_holder_on_a_rate_the_copy_refuses_stays_and_is_reported(establishment, envelope, head):
    discipline = national("coordination-discipline")
    holder = StaffMemberFactory(establishment=establishment)
    allocate(
        envelope=envelope, staff_member=holder, mission=discipline, actor=None, rate=rate("004"), count=1
    )

    copy = catalogue.adapt_mission(
        discipline, establishment, actor=head, suggested_rate=rate("003"), allowed_rates=[rate("003")]
    )

    assert copy.carried == [] and len(copy.left) == 1
    assert Allocation.objects.get(staff_member=holder).mission == discipline


def test_validate_all_takes_priority_missions_first(client_for, personas, establishment, school_year):
    envelope = envelope_for(establishment, school_year)
    DotationFactory(envelope=envelope, units=Decimal("1"))
    other, priority = national("devoirs-faits"), national("coordination-discipline")
    assert priority.category == Mission.Category.PRIORITY and other.category == Mission.Category.OTHER
    first = StaffMemberFactory(establishment=establishment, usage_name="Avant")
    second = StaffMemberFactory(establishment=establishment, usage_name="Apres")
    # the art. 7 draft was copied first; both cannot fit in 1 IMP
    allocate(
        envelope=envelope,
        staff_member=first,
        mission=other,
        actor=None,
        rate=rate("003"),
        count=1,
        is_draft=True,
    )
    allocate(
        envelope=envelope,
        staff_member=second,
        mission=priority,
        actor=None,
        rate=rate("003"),
        count=1,
        is_draft=True,
    )

    response = client_for(personas.head).post(
        url("rollover", establishment) + "?annee=2026", {"action": "valider-brouillons"}, follow=True
    )

    confirmed = Allocation.objects.get(is_draft=False)
    assert confirmed.mission == priority
    page = html.unescape(response.content.decode())
    assert (
        f"1 brouillon(s) validé(s), qui comptent désormais dans l'enveloppe — missions prioritaires (art. 6) : {confirmed}."
        in page
    )
    assert "Restés en brouillon (1)" in page


def test_confirm_all_drafts_orders_by_article(establishment, school_year, head):
    envelope = envelope_for(establishment, school_year)
    DotationFactory(envelope=envelope, units=Decimal("5"))
    for code in ("devoirs-faits", "coordination-discipline"):
        allocate(
            envelope=envelope,
            staff_member=StaffMemberFactory(establishment=establishment),
            mission=national(code),
            actor=None,
            rate=rate("003"),
            count=1,
            is_draft=True,
        )

    report = confirm_all_drafts(envelope, actor=head)

    assert [a.mission.code for a in report.confirmed] == ["coordination-discipline", "devoirs-faits"]


def test_a_college_is_not_offered_the_tutorat_but_a_lycee_is(
    client_for, personas, establishment, other_establishment
):
    college_page = client_for(personas.head).get(url("allocation_create", establishment)).content.decode()
    lycee_missions = Mission.objects.offered_to(other_establishment)

    assert national("tutorat").title not in html.unescape(college_page)
    assert national("coordination-discipline").title in html.unescape(college_page)
    assert lycee_missions.filter(code="tutorat").exists()


def test_an_establishment_cannot_create_its_own_priority_mission(client_for, personas, establishment):
    data = {
        "title": "Mission prioritaire maison",
        "category": "art6",
        "periodicity": "annual",
        "suggested_rate": rate("002").pk,
        "allowed_rates": [rate("002").pk],
    }

    response = client_for(personas.head).post(url("mission_create", establishment), data)

    assert response.status_code == 200
    assert "fixées au niveau national" in html.unescape(response.content.decode())
    assert not Mission.objects.filter(title="Mission prioritaire maison").exists()
    own = catalogue.create_own_mission(establishment, title="Jardin", suggested_rate=rate("002"))
    with pytest.raises(catalogue.CatalogueRefused):
        catalogue.update_own_mission(own, establishment, category="art6")


def test_a_lycee_fixture_is_a_lycee(other_establishment):
    assert other_establishment.is_lycee and not EstablishmentFactory(uai="0750001A").is_lycee
