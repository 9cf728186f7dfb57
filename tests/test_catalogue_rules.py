"""Catalogue rules: the establishment's catalogue, own and adapted missions, archiving, rates, EPS rule."""

from decimal import Decimal

import pytest

from missions.models import Allocation, Dotation, Envelope, Mission, Rate, StaffMember
from missions.services.catalogue import (
    CatalogueRefused,
    adapt_mission,
    archive_mission,
    create_own_mission,
    eps_coordination_suggestion,
    eps_suggestion_for,
    missions_for,
    rate_allowed,
    rate_not_allowed_message,
    teaches_eps,
    unarchive_mission,
    update_own_mission,
)
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def national(code):
    return Mission.objects.get(establishment=None, code=code)


def rate(code):
    return Rate.objects.get(code=code)


def catalogue_codes(establishment):
    return {(m.code, m.establishment_id) for m in missions_for(establishment)}


# --- The establishment's catalogue ---


def test_catalogue_shows_national_missions_and_own_ones_but_not_another_establishments(
    establishment, other_establishment
):
    create_own_mission(establishment, title="Référent chorale", suggested_rate=rate("002"))
    create_own_mission(other_establishment, title="Club robotique", suggested_rate=rate("002"))
    codes = {m.code for m in missions_for(establishment)}
    assert "referent-chorale" in codes
    assert "coordination-discipline" in codes
    assert "club-robotique" not in codes


def test_catalogue_loads_allowed_rates_in_a_constant_number_of_queries(
    establishment, django_assert_num_queries
):
    with django_assert_num_queries(2):
        for mission in missions_for(establishment):
            list(mission.allowed_rates.all())
            str(mission.suggested_rate)


# --- Own missions ---


def test_own_mission_gets_a_code_from_its_title_unique_in_the_establishment(establishment):
    first = create_own_mission(establishment, title="Référent chorale", suggested_rate=rate("002"))
    second = create_own_mission(establishment, title="Référent chorale", suggested_rate=rate("002"))
    assert first.code == "referent-chorale"
    assert second.code == "referent-chorale-2"
    assert first.establishment == establishment and first.adapted_from is None


def test_own_mission_allows_every_rate_unless_told_otherwise(establishment):
    mission = create_own_mission(establishment, title="Club théâtre", suggested_rate=rate("002"))
    assert {r.code for r in mission.allowed_rates.all()} == {"001", "002", "003", "004", "005"}


def test_own_mission_refuses_a_suggested_rate_it_does_not_allow(establishment):
    with pytest.raises(CatalogueRefused, match="taux conseillé"):
        create_own_mission(
            establishment,
            title="Club théâtre",
            suggested_rate=rate("004"),
            allowed_rates=[rate("001"), rate("002")],
        )
    assert not Mission.objects.filter(establishment=establishment).exists()


def test_own_mission_needs_a_title(establishment):
    with pytest.raises(CatalogueRefused, match="intitulé"):
        create_own_mission(establishment, title="  ", suggested_rate=rate("002"))


def test_an_own_mission_is_updated_and_its_rates_rule_still_holds(establishment):
    club = create_own_mission(establishment, title="Club théâtre", suggested_rate=rate("002"))

    update_own_mission(club, establishment, title="Atelier théâtre", allowed_rates=[rate("001"), rate("002")])
    club.refresh_from_db()
    assert club.title == "Atelier théâtre"
    assert set(club.allowed_rates.values_list("code", flat=True)) == {"001", "002"}

    with pytest.raises(CatalogueRefused, match="taux conseillé"):
        update_own_mission(club, establishment, suggested_rate=rate("004"))
    club.refresh_from_db()
    assert club.suggested_rate == rate("002")


def test_a_national_or_foreign_mission_cannot_be_updated(establishment, other_establishment):
    with pytest.raises(CatalogueRefused, match="adaptez"):
        update_own_mission(national("referent-culture"), establishment, title="Autre")
    foreign = create_own_mission(other_establishment, title="Club échecs", suggested_rate=rate("002"))
    with pytest.raises(CatalogueRefused):
        update_own_mission(foreign, establishment, title="Pris")
    foreign.refresh_from_db()
    assert foreign.title == "Club échecs"


# --- Adapting a national mission ---


def test_adapting_a_national_mission_makes_an_own_copy_and_hides_the_national_one(establishment):
    culture = national("referent-culture")
    copy = adapt_mission(culture, establishment, title="Référent culture et chorale")
    assert copy.establishment == establishment
    assert copy.adapted_from == culture
    assert copy.code == "referent-culture"
    assert copy.description == culture.description
    assert {r.code for r in copy.allowed_rates.all()} == {"002", "003"}
    shown = catalogue_codes(establishment)
    assert ("referent-culture", establishment.pk) in shown
    assert ("referent-culture", None) not in shown


def test_adapting_leaves_the_national_text_untouched_for_other_establishments(
    establishment, other_establishment
):
    adapt_mission(national("tutorat"), establishment, title="Tutorat de seconde")
    assert national("tutorat").title == "Tutorat des élèves (lycée)"
    assert ("tutorat", None) in catalogue_codes(other_establishment)


def test_adapting_twice_gives_distinct_codes(establishment):
    tutorat = national("tutorat")
    first = adapt_mission(tutorat, establishment)
    unarchive_mission(tutorat, establishment)
    second = adapt_mission(tutorat, establishment, title="Tutorat de terminale")
    assert (first.code, second.code) == ("tutorat", "tutorat-2")


def test_adapting_may_change_the_allowed_rates(establishment):
    copy = adapt_mission(
        national("referent-culture"),
        establishment,
        suggested_rate=rate("003"),
        allowed_rates=[rate("003"), rate("004")],
    )
    assert {r.code for r in copy.allowed_rates.all()} == {"003", "004"}


def test_an_own_mission_cannot_be_adapted_it_is_edited(establishment):
    own = create_own_mission(establishment, title="Club théâtre", suggested_rate=rate("002"))
    with pytest.raises(CatalogueRefused, match="modifiez-la"):
        adapt_mission(own, establishment)


def test_another_establishments_mission_cannot_be_adapted(establishment, other_establishment):
    theirs = create_own_mission(other_establishment, title="Club robotique", suggested_rate=rate("002"))
    with pytest.raises(CatalogueRefused, match="autre établissement"):
        adapt_mission(theirs, establishment)
    assert not Mission.objects.filter(establishment=establishment).exists()


# --- Archiving ---


def test_archiving_hides_a_mission_from_this_establishment_only(establishment, other_establishment):
    archive_mission(national("eleves-precoces"), establishment)
    assert ("eleves-precoces", None) not in catalogue_codes(establishment)
    assert ("eleves-precoces", None) in catalogue_codes(other_establishment)


def test_archiving_never_deletes_and_unarchiving_brings_the_mission_back(establishment):
    own = create_own_mission(establishment, title="Club théâtre", suggested_rate=rate("002"))
    archive_mission(own, establishment)
    assert Mission.objects.filter(pk=own.pk).exists()
    assert ("club-theatre", establishment.pk) not in catalogue_codes(establishment)
    unarchive_mission(own, establishment)
    assert ("club-theatre", establishment.pk) in catalogue_codes(establishment)


def test_archiving_keeps_existing_allocations(establishment, school_year):
    envelope = Envelope.objects.create(establishment=establishment, school_year=school_year)
    Dotation.objects.create(envelope=envelope, units=Decimal("2"), granted_on=school_year.start_date)
    mission = national("referent-culture")
    holder = StaffMemberFactory(establishment=establishment)
    allocation = Allocation.objects.create(
        envelope=envelope,
        staff_member=holder,
        mission=mission,
        rate=rate("002"),
        count=1,
        units=Decimal("0.5"),
    )
    archive_mission(mission, establishment)
    allocation.refresh_from_db()
    assert allocation.mission == mission
    assert envelope.allocated_units() == Decimal("0.5")


def test_another_establishments_mission_cannot_be_archived_or_unarchived(establishment, other_establishment):
    theirs = create_own_mission(other_establishment, title="Club robotique", suggested_rate=rate("002"))
    with pytest.raises(CatalogueRefused):
        archive_mission(theirs, establishment)
    with pytest.raises(CatalogueRefused):
        unarchive_mission(theirs, establishment)
    assert not theirs.archived_by.exists()


# --- Rates allowed for a mission ---


def test_rate_allowed_follows_the_missions_allowed_rates():
    culture = national("referent-culture")
    assert rate_allowed(culture, rate("002"))
    assert not rate_allowed(culture, rate("005"))
    assert not rate_allowed(culture, None)


def test_the_refusal_message_names_the_rate_the_mission_and_the_possible_rates():
    message = rate_not_allowed_message(national("referent-culture"), rate("005"))
    assert message == (
        "Le taux « Triple taux » n'est pas prévu pour la mission « Référent culture » "
        "(taux possibles : Demi-taux, Taux de base)."
    )


# --- EPS / APSA coordination (circulaire 2015-058; docs/glossary.md, "coordination EPS") ---


@pytest.mark.parametrize(
    ("teachers", "hours", "service_max", "units", "rate_code"),
    [
        (0, None, None, "0", None),
        (2, None, None, "0", None),
        (3, Decimal("49.5"), None, "0", None),
        (3, Decimal("50"), None, "1", "003"),
        (3, Decimal("60"), None, "1", "003"),
        (4, Decimal("72"), Decimal("72"), "1", "003"),
        (4, Decimal("73"), Decimal("72"), "2", "004"),
        (5, None, None, "2", "004"),
        (9, None, None, "2", "004"),
    ],
)
def test_eps_coordination_follows_the_table(teachers, hours, service_max, units, rate_code):
    suggestion = eps_coordination_suggestion(teachers, hours, service_max)
    assert suggestion.units == Decimal(units)
    assert suggestion.rate_code == rate_code
    assert suggestion.explanation


def test_eps_with_unknown_hours_says_what_the_head_must_check():
    three = eps_coordination_suggestion(3)
    assert three.units == 1 and "50 h" in three.explanation and "Vérifiez" in three.explanation
    four = eps_coordination_suggestion(4, total_hours=Decimal("70"))
    assert four.units == 1 and "maxima de service" in four.explanation and "Vérifiez" in four.explanation


def test_eps_explanation_prints_hours_the_french_way():
    assert "49,5 h" in eps_coordination_suggestion(3, Decimal("49.5")).explanation


@pytest.mark.parametrize(
    ("disciplines", "expected"),
    [
        ("EPS", True),
        ("Éducation physique et sportive", True),
        ("ED. PHYSIQUE SPORT.", True),
        ("education physique", True),
        ("Mathématiques, EPS", True),
        ("EPS-ANGLAIS", True),
        ("Sciences physiques", False),
        ("Anglais", False),
        ("", False),
    ],
)
def test_an_eps_teacher_is_recognised_by_discipline(disciplines, expected):
    assert teaches_eps(disciplines) is expected


def test_eps_suggestion_counts_active_eps_teachers_of_the_establishment_only(
    establishment, other_establishment
):
    for discipline in ("EPS", "Éducation physique et sportive", "ED. PHYSIQUE SPORT.", "EPS"):
        StaffMemberFactory(establishment=establishment, disciplines=discipline)
    StaffMemberFactory(establishment=establishment, disciplines="EPS", active=False)
    StaffMemberFactory(
        establishment=establishment, disciplines="EPS", category=StaffMember.Category.DIRECTION
    )
    StaffMemberFactory(establishment=establishment, disciplines="Anglais")
    StaffMemberFactory(establishment=other_establishment, disciplines="EPS")

    suggestion = eps_suggestion_for(establishment)

    assert suggestion.teacher_count == 4
    assert suggestion.units == 1 and suggestion.rate_code == "003"
    assert "Vérifiez" in suggestion.explanation


def test_eps_suggestion_is_nothing_with_two_eps_teachers(establishment):
    StaffMemberFactory.create_batch(2, establishment=establishment, disciplines="EPS")
    suggestion = eps_suggestion_for(establishment)
    assert suggestion.units == 0 and suggestion.rate_code is None


def test_a_mission_listing_no_rate_accepts_any_rate(establishment):
    open_mission = Mission.objects.create(establishment=establishment, code="libre", title="Mission libre")
    assert rate_allowed(open_mission, rate("005"))
