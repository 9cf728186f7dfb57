"""What the allocation screen warns about, and the equality line by sex."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from missions.models import Mission
from missions.services.alerts import equality_summary, repartition_alerts
from tests.factories import AllocationFactory, MissionFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(granted_envelope):
    return granted_envelope(20)


@pytest.fixture
def coordination_de_discipline():
    """The national mission of migration 0003 (re-created if a transactional test flushed it)."""
    mission, _ = Mission.objects.get_or_create(
        code="coordination-discipline",
        establishment=None,
        defaults={"title": "Coordination de discipline", "category": Mission.Category.PRIORITY},
    )
    return mission


def titles(alerts):
    return [alert.title for alert in alerts]


def alert_about(alerts, words):
    return next(alert for alert in alerts if words in alert.title)


def test_an_empty_repartition_misses_the_coordination_de_discipline(envelope, coordination_de_discipline):
    alerts = repartition_alerts(envelope)

    warning = alert_about(alerts, "coordination de discipline")
    assert warning.level == "warning"
    assert warning.items == ["Coordination de discipline"]


def test_priority_missions_without_a_holder_are_listed(envelope, establishment):
    priority = MissionFactory(establishment=establishment, category="art6", title="Coordination de niveau 6e")
    other = MissionFactory(establishment=establishment, category="art7", title="Club échecs")

    info = alert_about(repartition_alerts(envelope), "sans titulaire")

    assert info.level == "info"
    assert priority.title in info.items
    assert other.title not in info.items


def test_the_tutorat_is_expected_in_a_lycee_but_not_in_a_college(envelope, establishment, school_year):
    # GIVEN the national tutorat mission (circulaire 2015-058: a lycée mission) and nobody holding it
    tutorat, _ = Mission.objects.get_or_create(
        code="tutorat", establishment=None, defaults={"title": "Tutorat des élèves", "category": "art6"}
    )

    # THEN a collège is not told to appoint a tutor…
    college_alert = next((a for a in repartition_alerts(envelope) if "sans titulaire" in a.title), None)
    assert college_alert is None or tutorat.title not in college_alert.items

    # …but a lycée is
    establishment.kind = establishment.Kind.LGT
    establishment.save()
    assert tutorat.title in alert_about(repartition_alerts(envelope), "sans titulaire").items


def test_a_held_coordination_de_discipline_silences_the_warning(envelope, coordination_de_discipline):
    AllocationFactory(envelope=envelope, mission=coordination_de_discipline)
    assert not any("coordination de discipline" in title for title in titles(repartition_alerts(envelope)))


def test_the_establishments_adaptation_counts_for_the_national_mission(
    envelope, establishment, coordination_de_discipline
):
    own = MissionFactory(
        establishment=establishment,
        category="art6",
        title="Coordination de discipline (sciences)",
        adapted_from=coordination_de_discipline,
    )
    AllocationFactory(envelope=envelope, mission=own)

    alerts = repartition_alerts(envelope)

    assert not any("coordination de discipline" in title for title in titles(alerts))
    listed = [item for alert in alerts for item in alert.items]
    assert "Coordination de discipline" not in listed


def test_pay_and_discharge_for_the_same_mission_are_flagged(envelope, establishment):
    person = StaffMemberFactory(establishment=establishment, usage_name="Roux", first_name="Léa")
    mission = MissionFactory(establishment=establishment, title="Référent numérique")
    AllocationFactory(envelope=envelope, staff_member=person, mission=mission)
    AllocationFactory(
        envelope=envelope,
        staff_member=person,
        mission=mission,
        kind="discharge",
        rate=None,
        count=None,
        discharge_hours=1,
    )

    alert = alert_about(repartition_alerts(envelope), "même mission")

    assert alert.level == "warning"
    assert alert.items == ["ROUX Léa — Référent numérique"]


def test_a_share_that_is_not_a_quarter_is_flagged(envelope):
    AllocationFactory(
        envelope=envelope, kind="discharge", rate=None, count=None, discharge_hours=Decimal("0.3")
    )
    alert = alert_about(repartition_alerts(envelope), "quart")
    assert "0,3 IMP" in alert.items[0]


def test_staff_no_longer_in_post_holding_an_allocation_are_flagged(envelope, establishment):
    gone = StaffMemberFactory(
        establishment=establishment, usage_name="Petit", first_name="Marc", active=False
    )
    AllocationFactory(envelope=envelope, staff_member=gone, mission__title="Tutorat")

    alert = alert_about(repartition_alerts(envelope), "plus en poste")

    assert alert.items == ["PETIT Marc — Tutorat"]


def test_people_above_the_tax_exemption_cap_are_flagged(envelope, establishment):
    person = StaffMemberFactory(establishment=establishment, usage_name="Blanc", first_name="Zoé")
    AllocationFactory(envelope=envelope, staff_member=person, rate=rate("005"), count=2)
    AllocationFactory(envelope=envelope, staff_member=person, rate=rate("002"), count=1)

    alert = alert_about(repartition_alerts(envelope), "défiscalisées")

    assert alert.items == ["BLANC Zoé : 8 125,00 €"]


def test_nobody_at_the_cap_exactly_is_flagged(envelope, establishment):
    AllocationFactory(envelope=envelope, rate=rate("005"), count=2)  # 7 500,00 €: still exempt
    assert not any("défiscalisées" in title for title in titles(repartition_alerts(envelope)))


def test_an_over_allocated_envelope_is_flagged_first(envelope):
    AllocationFactory(envelope=envelope, rate=rate("005"), count=7)  # 21 IMP > 20

    alerts = repartition_alerts(envelope)

    assert alerts[0].title == "L'enveloppe est dépassée."
    assert alerts[0].items == ["21 IMP attribuées pour 20 IMP notifiées (1 IMP de trop)."]


def test_drafts_waiting_for_confirmation_are_mentioned(envelope):
    AllocationFactory(envelope=envelope, is_draft=True)
    alert = alert_about(repartition_alerts(envelope), "à valider")
    assert alert.level == "info"
    assert len(alert.items) == 1


def test_a_clean_repartition_has_no_warning_about_people(envelope, establishment, coordination_de_discipline):
    AllocationFactory(envelope=envelope, mission=coordination_de_discipline)
    AllocationFactory(envelope=envelope, rate=rate("002"))
    assert [a for a in repartition_alerts(envelope) if a.level == "warning"] == []


def test_alerts_take_the_same_number_of_queries_for_3_or_60_allocations(envelope, establishment):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            repartition_alerts(envelope)
        return len(captured)

    for _ in range(3):
        AllocationFactory(envelope=envelope, rate=rate("001"))
    few = queries()
    for _ in range(57):
        AllocationFactory(envelope=envelope, rate=rate("001"), staff_member__active=False)
    assert queries() == few


def test_the_equality_line_compares_women_and_men(envelope, establishment, django_assert_num_queries):
    women = [StaffMemberFactory(establishment=establishment, sex="F") for _ in range(4)]
    men = [StaffMemberFactory(establishment=establishment, sex="M", civility="M.") for _ in range(2)]
    StaffMemberFactory(establishment=establishment, sex="")
    StaffMemberFactory(establishment=establishment, sex="F", active=False)  # left, holds nothing: not counted
    AllocationFactory(envelope=envelope, staff_member=women[0], rate=rate("002"))
    AllocationFactory(envelope=envelope, staff_member=women[1], rate=rate("003"))
    AllocationFactory(envelope=envelope, staff_member=women[1], rate=rate("001"))
    AllocationFactory(envelope=envelope, staff_member=men[0], rate=rate("004"))
    AllocationFactory(envelope=envelope, staff_member=men[1], rate=rate("005"), is_draft=True)

    with django_assert_num_queries(2):
        rows = equality_summary(envelope)

    women_row, men_row, unknown_row = rows
    assert [r.label for r in rows] == ["Femmes", "Hommes", "Non renseigné"]
    assert (women_row.staff_count, women_row.beneficiaries, women_row.share_percent) == (4, 2, 50)
    assert women_row.total_amount == Decimal("2187.50")
    assert women_row.average_amount == Decimal("1093.75")
    assert (men_row.staff_count, men_row.beneficiaries, men_row.share_percent) == (2, 1, 50)
    assert men_row.average_amount == Decimal("2500.00")
    assert (unknown_row.staff_count, unknown_row.beneficiaries, unknown_row.average_amount) == (1, 0, None)


def test_a_person_who_left_but_holds_an_allocation_is_counted_in_the_staff(envelope, establishment):
    gone = StaffMemberFactory(establishment=establishment, sex="M", civility="M.", active=False)
    AllocationFactory(envelope=envelope, staff_member=gone)

    men = equality_summary(envelope)[1]

    assert (men.staff_count, men.beneficiaries, men.share_percent) == (1, 1, 100)
