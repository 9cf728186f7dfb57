"""Year roll-over: next year's répartition starts from this year's, as drafts, for the people still in post."""

from datetime import date
from decimal import Decimal

import pytest

from missions.models import Allocation, Envelope, SchoolYear
from missions.services.allocation_history import Action, envelope_history
from missions.services.allocations import AllocationRefused, allocate, confirm_draft
from missions.services.envelopes import add_dotation, envelope_for, summarize
from missions.services.rollover import RolloverRefused, confirm_all_drafts, plan_roll_over, roll_over
from tests.factories import MissionFactory, SchoolYearFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year():
    return SchoolYearFactory(start_year=2027)


@pytest.fixture
def this_year_envelope(establishment, school_year):
    envelope = envelope_for(establishment, school_year)
    add_dotation(envelope, kind="initial", units=Decimal("10"), granted_on=date(2026, 6, 20))
    return envelope


def give(envelope, head, *, staff=None, mission=None, **fields):
    establishment = envelope.establishment
    fields.setdefault("rate", rate("003"))
    fields.setdefault("count", 1)
    return allocate(
        envelope=envelope,
        staff_member=staff or StaffMemberFactory(establishment=establishment),
        mission=mission or MissionFactory(establishment=establishment),
        actor=head,
        **fields,
    )


def test_this_years_allocations_become_next_years_drafts(
    this_year_envelope, establishment, school_year, next_year, head
):
    annual = give(this_year_envelope, head, rate=rate("004"))
    discharge = give(this_year_envelope, head, kind="discharge", rate=None, count=None, discharge_hours=2)

    report = roll_over(establishment, school_year, next_year, actor=head)

    assert len(report.created) == 2
    assert report.skipped == []
    target = envelope_for(establishment, next_year)
    copies = {a.staff_member_id: a for a in Allocation.objects.filter(envelope=target)}
    assert copies[annual.staff_member_id].is_draft
    assert (copies[annual.staff_member_id].rate, copies[annual.staff_member_id].count) == (rate("004"), 1)
    assert copies[discharge.staff_member_id].discharge_hours == Decimal("2")
    # drafts do not count until confirmed, and their creation is in the history
    assert summarize(target).allocated_units == 0
    assert summarize(target).draft_units == Decimal("4")
    assert envelope_history(target).filter(action=Action.CREATED).count() == 2


def test_people_gone_archived_missions_and_one_off_missions_are_skipped_with_a_reason(
    this_year_envelope, establishment, school_year, next_year, head
):
    leaving = StaffMemberFactory(establishment=establishment, usage_name="Girard")
    give(this_year_envelope, head, staff=leaving)
    leaving.active = False
    leaving.save()
    archived = MissionFactory(establishment=establishment, title="Atelier radio")
    give(this_year_envelope, head, mission=archived)
    archived.archived_by.add(establishment)
    trip = MissionFactory(establishment=establishment, periodicity="one_off", title="Voyage à Rome")
    give(this_year_envelope, head, mission=trip, start_date=date(2027, 4, 1), end_date=date(2027, 4, 7))
    kept = give(this_year_envelope, head)

    report = roll_over(establishment, school_year, next_year, actor=head)

    assert [a.staff_member_id for a in report.created] == [kept.staff_member_id]
    reasons = {mission.title: reason for _person, mission, reason in report.skipped}
    assert reasons[archived.title] == "mission archivée"
    assert reasons[trip.title].startswith("mission ponctuelle")
    assert any(person == leaving and reason == "n'est plus en poste" for person, _m, reason in report.skipped)


def test_the_roll_over_runs_only_once(this_year_envelope, establishment, school_year, next_year, head):
    give(this_year_envelope, head)
    roll_over(establishment, school_year, next_year, actor=head)

    with pytest.raises(RolloverRefused, match="déjà 1 attribution"):
        roll_over(establishment, school_year, next_year, actor=head)

    assert Allocation.objects.filter(envelope__school_year=next_year).count() == 1


def test_nothing_to_roll_over_is_refused(establishment, school_year, next_year, head):
    with pytest.raises(RolloverRefused, match="aucune attribution"):
        roll_over(establishment, school_year, next_year, actor=head)


def test_a_draft_is_confirmed_only_if_it_fits_the_new_envelope(
    this_year_envelope, establishment, school_year, next_year, head
):
    give(this_year_envelope, head, rate=rate("005"), count=2)  # 6 IMP
    draft = roll_over(establishment, school_year, next_year, actor=head).created[0]
    target = envelope_for(establishment, next_year)
    add_dotation(target, kind="initial", units=Decimal("5"), granted_on=date(2027, 6, 20))

    with pytest.raises(AllocationRefused, match="il reste 5 IMP"):
        confirm_draft(draft, actor=head)
    draft.refresh_from_db()
    assert draft.is_draft

    add_dotation(target, kind="supplement", units=Decimal("1"), granted_on=date(2027, 9, 15))
    confirm_draft(draft, actor=head)
    draft.refresh_from_db()
    assert not draft.is_draft
    assert summarize(target).remaining_units == 0


def test_confirm_all_drafts_confirms_what_fits_and_reports_the_rest(
    this_year_envelope, establishment, school_year, next_year, head
):
    give(this_year_envelope, head, rate=rate("004"))  # 2
    give(this_year_envelope, head, rate=rate("005"))  # 3
    give(this_year_envelope, head, rate=rate("003"))  # 1
    roll_over(establishment, school_year, next_year, actor=head)
    target = envelope_for(establishment, next_year)
    add_dotation(target, kind="initial", units=Decimal("4"), granted_on=date(2027, 6, 20))

    report = confirm_all_drafts(target, actor=head)

    assert sorted(a.units for a in report.confirmed) == [Decimal("1"), Decimal("2")]
    ((refused, reason),) = report.refused
    assert refused.units == Decimal("3")
    assert reason.startswith("Enveloppe dépassée")
    assert summarize(target).allocated_units == Decimal("3")
    assert summarize(target).draft_units == Decimal("3")


def test_a_draft_of_someone_who_left_since_cannot_be_confirmed(
    this_year_envelope, establishment, school_year, next_year, head
):
    allocation = give(this_year_envelope, head)
    draft = roll_over(establishment, school_year, next_year, actor=head).created[0]
    add_dotation(
        envelope_for(establishment, next_year), kind="initial", units=1, granted_on=date(2027, 6, 20)
    )
    allocation.staff_member.active = False
    allocation.staff_member.save()

    report = confirm_all_drafts(envelope_for(establishment, next_year), actor=head)

    assert report.confirmed == []
    assert "n'est plus en poste" in report.refused[0][1]
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_plan_announces_what_the_roll_over_does_and_writes_nothing(
    this_year_envelope, establishment, school_year, head
):
    # GIVEN an annual allocation, a one-off one and one held by someone who left
    kept = give(this_year_envelope, head)
    give(
        this_year_envelope,
        head,
        periodicity="one_off",
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 5),
    )
    gone = give(this_year_envelope, head)
    gone.staff_member.active = False
    gone.staff_member.save()

    # WHEN the head previews the roll-over to a year that does not exist yet
    plan = plan_roll_over(establishment, school_year, SchoolYear(start_year=2027))

    # THEN the plan lists the copy and the two skips, and nothing was created
    assert plan.to_copy == [kept]
    assert sorted(reason for _, _, reason in plan.skipped) == [
        "mission ponctuelle : non reconduite d'une année sur l'autre",
        "n'est plus en poste",
    ]
    assert not SchoolYear.objects.filter(start_year=2027).exists()
    assert Envelope.objects.count() == 1
    # AND the real roll-over does what the plan said
    report = roll_over(establishment, school_year, SchoolYear.for_start_year(2027), actor=head)
    assert [a.staff_member_id for a in report.created] == [kept.staff_member_id]
    assert len(report.skipped) == 2
