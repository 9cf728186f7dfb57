"""The rates and the national catalogue written by data migrations 0002 and 0003."""

from decimal import Decimal

import pytest

from missions.models import Mission, Periodicity, Rate

pytestmark = pytest.mark.django_db

ART6_CODES = {
    "coordination-discipline",
    "coordination-eps",
    "coordination-cycle",
    "coordination-niveau",
    "referent-culture",
    "referent-numerique",
    "referent-decrochage",
    "tutorat",
}
ART7_CODES = {
    "devoirs-faits",
    "eleves-precoces",
    "action-europeenne-internationale",
    "egalite-filles-garcons",
    "enseignement-superieur",
    "developpement-durable",
    "laboratoire-mathematiques",
    "coordinateur-harcelement",
    "voyage-scolaire",
}


def national(code):
    return Mission.objects.get(establishment=None, code=code)


def allowed_codes(mission):
    return {rate.code for rate in mission.allowed_rates.all()}


@pytest.mark.parametrize(
    ("code", "multiplier", "amount"),
    [
        ("001", "0.25", "312.50"),
        ("002", "0.50", "625.00"),
        ("003", "1.00", "1250.00"),
        ("004", "2.00", "2500.00"),
        ("005", "3.00", "3750.00"),
    ],
)
def test_each_rate_is_a_multiple_of_the_year_base_amount(school_year, code, multiplier, amount):
    rate = Rate.objects.get(code=code)
    assert rate.multiplier == Decimal(multiplier)
    assert rate.amount(school_year) == Decimal(amount)


def test_there_are_exactly_five_rates_from_quarter_to_triple():
    assert list(Rate.objects.values_list("code", "label")) == [
        ("001", "Quart de taux"),
        ("002", "Demi-taux"),
        ("003", "Taux de base"),
        ("004", "Double taux"),
        ("005", "Triple taux"),
    ]


def test_a_rate_follows_the_base_amount_set_for_the_year(school_year):
    school_year.imp_base_amount = Decimal("1300.00")
    assert Rate.objects.get(code="001").amount(school_year) == Decimal("325.00")


def test_the_art6_priority_missions_of_the_decree_are_national_and_in_category_art6():
    missions = Mission.objects.filter(establishment=None, code__in=ART6_CODES)
    assert {m.code for m in missions} == ART6_CODES
    assert {m.category for m in missions} == {Mission.Category.PRIORITY}


def test_the_common_art7_missions_are_national_and_in_category_art7():
    missions = Mission.objects.filter(establishment=None, code__in=ART7_CODES)
    assert {m.code for m in missions} == ART7_CODES
    assert {m.category for m in missions} == {Mission.Category.OTHER}


def test_every_national_mission_has_purpose_tasks_reference_and_a_suggested_rate_it_allows():
    missions = Mission.objects.filter(establishment=None).prefetch_related("allowed_rates")
    assert missions.count() >= len(ART6_CODES | ART7_CODES)
    for mission in missions:
        assert mission.description.strip(), mission.code
        assert 3 <= len(mission.task_list) <= 6, mission.code
        assert "2015-475" in mission.legal_reference, mission.code
        assert mission.suggested_rate is not None, mission.code
        assert mission.suggested_rate in mission.allowed_rates.all(), mission.code


def test_art6_missions_cite_article_6_and_art7_missions_article_7():
    for mission in Mission.objects.filter(establishment=None):
        article = "art. 6" if mission.category == Mission.Category.PRIORITY else "art. 7"
        assert article in mission.legal_reference, mission.code


def test_suggested_and_allowed_rates_follow_the_circulaire_2015_058():
    numerique = national("referent-numerique")
    assert numerique.suggested_rate.code == "003"
    assert allowed_codes(numerique) == {"003", "004", "005"}
    culture = national("referent-culture")
    assert culture.suggested_rate.code == "002"
    assert allowed_codes(culture) == {"002", "003"}
    assert allowed_codes(national("tutorat")) == {"001", "002"}
    assert allowed_codes(national("coordination-discipline")) == {"002", "003", "004"}


def test_every_art7_mission_allows_all_five_rates():
    for mission in Mission.objects.filter(establishment=None, category=Mission.Category.OTHER):
        assert allowed_codes(mission) == {"001", "002", "003", "004", "005"}, mission.code


def test_the_school_trip_is_the_one_off_mission_and_the_others_are_annual():
    one_off = Mission.objects.filter(establishment=None, periodicity=Periodicity.ONE_OFF)
    assert list(one_off.values_list("code", flat=True)) == ["voyage-scolaire"]


def test_the_bullying_coordinator_cites_the_2024_circulaire_and_the_nurses_complement():
    mission = national("coordinateur-harcelement")
    assert "2 février 2024" in mission.legal_reference
    assert "1 250 €" in mission.description
    assert "infirmier" in mission.description and "assistant de service social" in mission.description


def test_college_technology_coordination_is_covered_by_the_discipline_coordination():
    assert "technologie" in national("coordination-discipline").description
