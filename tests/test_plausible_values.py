"""Plausible values only: bounds in the forms and services, CheckConstraints in the database."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from missions.forms.allocations import AllocationForm, DotationForm
from missions.forms.staff import StaffMemberForm
from missions.models import Allocation, Dotation, Mission, StaffMember
from missions.services.allocation_rules import AllocationRefused
from missions.services.allocations import allocate
from missions.services.envelopes import add_dotation
from tests.factories import (
    AllocationFactory,
    DotationFactory,
    EnvelopeFactory,
    MissionFactory,
    StaffMemberFactory,
)


def refused_by_the_database(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


# --- décharge hours ----------------------------------------------------------------------------------


def test_the_database_refuses_a_decharge_of_more_than_18_hours(establishment, school_year):
    allocation = AllocationFactory(
        envelope__establishment=establishment,
        kind=Allocation.Kind.DISCHARGE,
        rate=None,
        count=None,
        discharge_hours=Decimal("2"),
        units=Decimal("2"),
    )
    refused_by_the_database(
        lambda: Allocation.objects.filter(pk=allocation.pk).update(discharge_hours=Decimal("200"))
    )


def test_the_service_refuses_a_decharge_of_more_than_18_hours(personas, establishment, granted_envelope):
    envelope = granted_envelope(100)
    staff = StaffMember.objects.filter(establishment=establishment).first()
    mission = MissionFactory(establishment=establishment)
    with pytest.raises(AllocationRefused, match="18 h par semaine"):
        allocate(
            envelope=envelope,
            staff_member=staff,
            mission=mission,
            kind=Allocation.Kind.DISCHARGE,
            discharge_hours=Decimal("19"),
            actor=personas.head,
        )


def test_the_allocation_form_refuses_19_hours(establishment, school_year):
    form = AllocationForm(
        {"kind": "discharge", "discharge_hours": "19", "periodicity": "annual"},
        establishment=establishment,
        school_year=school_year,
        missions=Mission.objects.all(),
    )
    form.is_valid()
    assert "18 h par semaine" in str(form.errors["discharge_hours"])


# --- one dotation ------------------------------------------------------------------------------------


def test_the_database_refuses_a_dotation_of_9999_imp(establishment, school_year):
    grant = DotationFactory(envelope__establishment=establishment)
    refused_by_the_database(lambda: Dotation.objects.filter(pk=grant.pk).update(units=Decimal("9999")))


def test_the_service_and_form_refuse_a_dotation_over_500_imp(establishment, school_year):
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    with pytest.raises(ValidationError, match="ne dépasse pas 500 IMP"):
        add_dotation(envelope, kind="initial", units=Decimal("501"), granted_on=date(2026, 9, 2))
    form = DotationForm({"kind": "initial", "units": "9999", "granted_on": "2026-09-02"})
    assert "ne dépasse pas 500 IMP" in str(form.errors["units"])
    assert not Dotation.objects.exists()


# --- birth dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("birth_date", ["1800-01-01", "2024-05-01", "2999-01-01"])
def test_the_staff_form_refuses_an_implausible_birth_date(establishment, birth_date):
    form = StaffMemberForm(
        {
            "usage_name": "Durand",
            "first_name": "Claire",
            "category": "enseignant",
            "birth_date": birth_date,
            "active": "on",
        },
        establishment=establishment,
    )
    assert not form.is_valid()
    assert "entre 16 et 80 ans" in str(form.errors["birth_date"])


def test_the_staff_form_accepts_a_plausible_birth_date(establishment):
    form = StaffMemberForm(
        {
            "usage_name": "Durand",
            "first_name": "Claire",
            "category": "enseignant",
            "birth_date": "1985-03-02",
            "active": "on",
        },
        establishment=establishment,
    )
    assert form.is_valid(), form.errors


def test_the_database_refuses_an_implausible_birth_date(establishment):
    staff = StaffMemberFactory(establishment=establishment)
    refused_by_the_database(
        lambda: StaffMember.objects.filter(pk=staff.pk).update(birth_date=date(1800, 1, 1))
    )


# --- one-off dates -----------------------------------------------------------------------------------


def test_the_database_refuses_one_off_dates_in_the_wrong_order_or_missing(establishment, school_year):
    allocation = AllocationFactory(envelope__establishment=establishment)
    refused_by_the_database(
        lambda: Allocation.objects.filter(pk=allocation.pk).update(
            periodicity="one_off", start_date=date(2027, 3, 1), end_date=date(2026, 10, 1)
        )
    )
    refused_by_the_database(lambda: Allocation.objects.filter(pk=allocation.pk).update(periodicity="one_off"))
    refused_by_the_database(
        lambda: Allocation.objects.filter(pk=allocation.pk).update(start_date=date(2026, 10, 1))
    )
