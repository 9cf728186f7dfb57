"""The catalogue pages: national and own missions, adapting, archiving, the EPS suggestion."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from missions.models import Allocation, Mission, Rate
from missions.services import catalogue
from missions.services.allocations import allocate
from tests.factories import DotationFactory, SchoolYearFactory, StaffMemberFactory


def text(response) -> str:
    """The page as the user reads it (HTML entities decoded)."""
    return html.unescape(response.content.decode())


def url(name, establishment, *args):
    return reverse(name, args=[establishment.uai, *args])


def national(code):
    return Mission.objects.get(code=code, establishment__isnull=True)


def rate(code):
    return Rate.objects.get(code=code)


@pytest.fixture
def head(client_for, personas):
    return client_for(personas.head)


@pytest.fixture
def holder(establishment, school_year, personas):
    """A teacher holding the coordination de discipline this year (1 IMP at the base rate)."""
    grant = DotationFactory(envelope__establishment=establishment, envelope__school_year=school_year)
    teacher = StaffMemberFactory(establishment=establishment, usage_name="Lefèvre", first_name="Anne")
    allocate(
        envelope=grant.envelope,
        staff_member=teacher,
        mission=national("coordination-discipline"),
        actor=personas.head,
        rate=rate("003"),
        count=1,
    )
    return teacher


def own_mission_form(**overrides):
    data = {
        "title": "Référent jardin pédagogique",
        "category": "art7",
        "periodicity": "annual",
        "description": "Faire vivre le jardin du collège avec les classes.",
        "tasks": "Planifier les plantations\nAccueillir les classes",
        "suggested_rate": rate("002").pk,
        "allowed_rates": [rate("001").pk, rate("002").pk],
        "legal_reference": "Décret n° 2015-475 du 27 avril 2015, art. 7",
    }
    return data | overrides


def test_head_sees_the_national_catalogue_grouped_by_article_with_amounts(head, establishment):
    response = head.get(url("mission_list", establishment))

    assert response.status_code == 200
    page = text(response)
    assert "Mission prioritaire (art. 6)" in page and "Autre mission (art. 7)" in page
    assert "Coordination" in page and "Nationale" in page
    # the coordination de discipline suggests the base rate: 1 250,00 € with a 1 250 € base amount
    assert "1 250,00 €" in page
    groups = dict(response.context["groups"])
    assert national("coordination-discipline") in groups["Mission prioritaire (art. 6)"]
    assert national("voyage-scolaire") in groups["Autre mission (art. 7)"]


def test_catalogue_counts_this_years_holders(head, establishment, holder):
    response = head.get(url("mission_list", establishment))

    rows = {mission.code: mission for _, missions in response.context["groups"] for mission in missions}
    assert rows["coordination-discipline"].holder_count == 1
    assert rows["tutorat"].holder_count == 0


def test_deputy_may_manage_the_catalogue_but_the_bursar_may_not(client_for, personas, establishment):
    assert client_for(personas.deputy).get(url("mission_list", establishment)).status_code == 200
    assert client_for(personas.bursar).get(url("mission_list", establishment)).status_code == 403


def test_mission_detail_shows_tasks_rates_reference_and_holders(head, establishment, holder):
    mission = national("coordination-discipline")

    response = head.get(url("mission_detail", establishment, mission.pk))

    page = text(response)
    assert mission.task_list[0] in page
    assert mission.legal_reference in page
    assert "Taux de base (code STSWeb 003) — 1 250,00 €" in page
    assert "LEFÈVRE Anne" in page


def test_eps_coordination_explains_the_suggestion(head, establishment):
    for name in ("Martin", "Bernard", "Petit"):
        StaffMemberFactory(establishment=establishment, usage_name=name, disciplines="EPS")

    response = head.get(url("mission_detail", establishment, national("coordination-eps").pk))

    assert response.context["eps_suggestion"].teacher_count == 3
    assert "3 professeurs d'EPS" in text(response)


def test_head_creates_an_own_mission(head, establishment):
    response = head.post(url("mission_create", establishment), own_mission_form())

    mission = Mission.objects.get(title="Référent jardin pédagogique")
    assert response.status_code == 302
    assert response.url == url("mission_detail", establishment, mission.pk)
    assert mission.establishment == establishment
    assert set(mission.allowed_rates.values_list("code", flat=True)) == {"001", "002"}
    listing = text(head.get(url("mission_list", establishment)))
    assert "Propre à l'établissement" in listing


def test_a_suggested_rate_outside_the_allowed_ones_is_refused_and_nothing_saved(head, establishment):
    response = head.post(
        url("mission_create", establishment), own_mission_form(suggested_rate=rate("005").pk)
    )

    assert response.status_code == 200
    assert "doit faire partie des taux possibles" in text(response)
    assert not Mission.objects.filter(establishment=establishment).exists()


def test_adapting_a_national_mission_makes_an_own_copy_and_archives_the_national_one(head, establishment):
    tutorat = national("tutorat")
    form = head.get(url("mission_adapt", establishment, tutorat.pk)).context["form"]
    assert form["title"].value() == tutorat.title  # pre-filled from the national text

    data = own_mission_form(
        title="Tutorat des élèves de seconde",
        category="art6",
        suggested_rate=rate("001").pk,
        allowed_rates=[rate("001").pk, rate("002").pk],
    )
    response = head.post(url("mission_adapt", establishment, tutorat.pk), data)

    copy = Mission.objects.get(establishment=establishment, adapted_from=tutorat)
    assert response.url == url("mission_detail", establishment, copy.pk)
    assert copy.title == "Tutorat des élèves de seconde"
    tutorat.refresh_from_db()
    assert tutorat.title != copy.title  # the national text is untouched
    assert establishment in tutorat.archived_by.all()
    listing = head.get(url("mission_list", establishment))
    active = [m for _, missions in listing.context["groups"] for m in missions]
    assert copy in active and tutorat not in active
    assert tutorat in listing.context["archived"]
    assert "Adaptée" in text(listing)


def test_a_national_mission_cannot_be_edited_but_can_be_adapted(head, establishment):
    mission = national("referent-culture")

    response = head.get(url("mission_update", establishment, mission.pk))
    assert "form" not in response.context
    assert url("mission_adapt", establishment, mission.pk) in text(response)

    head.post(url("mission_update", establishment, mission.pk), own_mission_form())
    mission.refresh_from_db()
    assert mission.title != "Référent jardin pédagogique"


def test_head_edits_an_own_mission(head, establishment):
    mission = catalogue.create_own_mission(establishment, title="Club échecs", suggested_rate=rate("002"))

    response = head.post(
        url("mission_update", establishment, mission.pk), own_mission_form(title="Club d'échecs")
    )

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.title == "Club d'échecs"


def test_another_establishments_own_mission_answers_404(head, establishment, other_establishment):
    theirs = catalogue.create_own_mission(other_establishment, title="Mission du lycée")

    for name in ("mission_detail", "mission_update", "mission_adapt", "mission_archive"):
        assert head.get(url(name, establishment, theirs.pk)).status_code == 404
    assert head.post(url("mission_archive", establishment, theirs.pk)).status_code == 404
    assert not theirs.archived_by.exists()


def test_archiving_shows_the_holders_first_and_keeps_their_allocations(head, establishment, holder):
    mission = national("coordination-discipline")

    confirmation = head.get(url("mission_archive", establishment, mission.pk))
    assert "LEFÈVRE Anne" in text(confirmation)
    assert not mission.archived_by.exists()  # GET changes nothing

    response = head.post(url("mission_archive", establishment, mission.pk), {"action": "archive"})

    assert response.url == url("mission_list", establishment)
    assert establishment in mission.archived_by.all()
    assert Allocation.objects.filter(mission=mission, staff_member=holder).exists()
    listing = head.get(url("mission_list", establishment))
    assert mission in listing.context["archived"]
    assert "Réactiver" in text(listing)


def test_reactivating_brings_the_mission_back(head, establishment):
    mission = national("devoirs-faits")
    catalogue.archive_mission(mission, establishment)

    response = head.post(url("mission_archive", establishment, mission.pk), {"action": "unarchive"})

    assert response.status_code == 302
    assert not mission.archived_by.exists()


def test_archiving_for_one_establishment_leaves_the_other_catalogue_alone(
    head, establishment, other_establishment
):
    mission = national("devoirs-faits")

    head.post(url("mission_archive", establishment, mission.pk), {"action": "archive"})

    assert mission in catalogue.missions_for(other_establishment)


def test_the_rate_amounts_follow_the_selected_years_base_amount(head, establishment, school_year):
    SchoolYearFactory(start_year=2027, imp_base_amount=Decimal("1300.00"))

    response = head.get(url("mission_list", establishment) + "?annee=2027")

    assert "1 300,00 €" in text(response)
