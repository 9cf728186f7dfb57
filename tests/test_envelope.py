"""The envelope: grants in quarters of an IMP, and a summary computed by the database."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from missions.models import Dotation, Envelope
from missions.services.envelopes import add_dotation, envelope_for, summarize
from tests.factories import AllocationFactory, SchoolYearFactory, UserFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(establishment, school_year):
    return envelope_for(establishment, school_year)


def test_envelope_for_creates_the_envelope_once(establishment, school_year):
    first = envelope_for(establishment, school_year)
    assert envelope_for(establishment, school_year) == first
    assert Envelope.objects.count() == 1


def test_each_year_has_its_own_envelope(establishment, school_year):
    next_year = SchoolYearFactory(start_year=2027)
    assert envelope_for(establishment, school_year) != envelope_for(establishment, next_year)


def test_the_initial_grant_and_a_supplement_add_up(envelope):
    head = UserFactory(email="principale@example.org")
    add_dotation(
        envelope,
        kind="initial",
        units=Decimal("7"),
        granted_on=date(2026, 6, 20),
        reference="DHG",
        actor=head,
    )
    add_dotation(
        envelope, kind="supplement", units="0.75", granted_on=date(2026, 11, 3), reference="DASEN n° 12"
    )

    summary = summarize(envelope)

    assert summary.total_units == Decimal("7.75")
    assert summary.total_euros == Decimal("9687.50")
    assert Dotation.objects.get(kind="initial").created_by == head


@pytest.mark.parametrize(
    "units", [Decimal("0"), Decimal("-1"), Decimal("0.3"), Decimal("1.1"), "beaucoup", None]
)
def test_a_grant_must_be_a_positive_number_of_quarters(envelope, units):
    with pytest.raises(ValidationError):
        add_dotation(envelope, kind="initial", units=units, granted_on=date(2026, 6, 20))
    assert not Dotation.objects.exists()


def test_a_grant_in_tenths_is_refused_with_a_message_about_quarters(envelope):
    with pytest.raises(ValidationError, match="par quarts"):
        add_dotation(envelope, kind="initial", units=Decimal("2.1"), granted_on=date(2026, 6, 20))


def test_a_grant_needs_its_date_and_a_known_kind(envelope):
    with pytest.raises(ValidationError, match="date"):
        add_dotation(envelope, kind="initial", units=1, granted_on=None)
    with pytest.raises(ValidationError, match="Nature"):
        add_dotation(envelope, kind="cadeau", units=1, granted_on=date(2026, 6, 20))


def test_the_summary_of_an_empty_envelope_is_all_zeros(envelope):
    summary = summarize(envelope)
    assert (summary.total_units, summary.allocated_units, summary.remaining_units) == (0, 0, 0)
    assert summary.percent_used == 0
    assert not summary.is_exceeded


def test_the_summary_counts_allocations_but_not_drafts(envelope):
    add_dotation(envelope, kind="initial", units=Decimal("7"), granted_on=date(2026, 6, 20))
    AllocationFactory(envelope=envelope, rate=rate("004"), count=1)  # 2 IMP
    AllocationFactory(envelope=envelope, rate=rate("002"), count=1)  # 0,5 IMP
    AllocationFactory(envelope=envelope, rate=rate("003"), count=3, is_draft=True)

    summary = summarize(envelope)

    assert summary.allocated_units == Decimal("2.5")
    assert summary.remaining_units == Decimal("4.5")
    assert summary.remaining_euros == Decimal("5625.00")
    assert summary.allocated_euros == Decimal("3125.00")
    assert summary.draft_units == Decimal("3")
    assert summary.percent_used == 36  # 2,5 / 7


def test_the_summary_shows_an_envelope_exceeded_by_an_admin_edit(envelope):
    add_dotation(envelope, kind="initial", units=Decimal("1"), granted_on=date(2026, 6, 20))
    AllocationFactory(envelope=envelope, rate=rate("004"), count=1)

    summary = summarize(envelope)

    assert summary.is_exceeded
    assert summary.remaining_units == Decimal("-1")
    assert summary.percent_used == 200


def test_the_summary_takes_one_query_whatever_the_number_of_rows(envelope, django_assert_num_queries):
    for _ in range(3):
        add_dotation(envelope, kind="supplement", units=Decimal("10"), granted_on=date(2026, 9, 1))
    for _ in range(25):
        AllocationFactory(envelope=envelope, rate=rate("001"), count=2)

    with django_assert_num_queries(1):
        summary = summarize(envelope, totals={})

    assert summary.allocated_units == Decimal("12.5")


def test_the_summary_uses_the_years_base_amount(establishment):
    year = SchoolYearFactory(start_year=2030, imp_base_amount=Decimal("1300.00"))
    envelope = envelope_for(establishment, year)
    add_dotation(envelope, kind="initial", units=Decimal("2"), granted_on=date(2030, 6, 20))
    assert summarize(envelope).total_euros == Decimal("2600.00")
