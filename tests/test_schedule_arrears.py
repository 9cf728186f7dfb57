"""Payments of an allocation made late in the year (a "rappel" the month after), "service fait" from the end date
of a one-off mission, and the secretariat's month-by-month export."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from missions.models import Allocation, Mission, Periodicity, Rate
from missions.services.allocations import AllocationRefused, allocate, record_service_done
from missions.services.schedule import annual_instalments
from tests.factories import DotationFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(establishment, school_year):
    return DotationFactory(
        envelope__establishment=establishment, envelope__school_year=school_year, units=Decimal("40")
    ).envelope


@pytest.fixture
def teacher(establishment):
    return StaffMemberFactory(
        establishment=establishment, usage_name="Faure", first_name="Inès", sts_id="98765"
    )


def give(envelope, person, code="coordination-discipline", rate_code="003", **extra):
    return allocate(
        envelope=envelope,
        staff_member=person,
        mission=Mission.objects.get(code=code, establishment=None),
        actor=None,
        rate=Rate.objects.get(code=rate_code),
        count=1,
        **extra,
    )


def test_an_allocation_counted_in_december_pays_october_to_december_in_january(school_year):
    instalments = annual_instalments(Decimal("1250.00"), school_year, counts_from=date(2026, 12, 10))

    assert [i.label for i in instalments][:2] == ["janvier 2027", "février 2027"]
    first = instalments[0]
    assert first.ninths == 4 and first.amount == Decimal("555.52")  # 4 × 138,88 €
    assert first.arrears_label == "dont rappel d'octobre à décembre 2026"
    assert instalments[1].arrears_label == ""
    assert sum(i.amount for i in instalments) == Decimal("1250.00")


def test_one_month_late_says_which_month_is_paid_back(school_year):
    instalments = annual_instalments(Decimal("900.00"), school_year, counts_from=date(2026, 10, 20))

    assert instalments[0].label == "novembre 2026"
    assert instalments[0].arrears_label == "dont rappel d'octobre 2026"


def test_entered_before_october_nothing_is_back_paid(school_year):
    instalments = annual_instalments(Decimal("900.00"), school_year, counts_from=date(2026, 9, 12))

    assert [i.ninths for i in instalments] == [1] * 9 and instalments[0].label == "octobre 2026"


def test_the_allocation_service_dates_when_an_allocation_starts_to_count(envelope, teacher):
    allocation = give(envelope, teacher)

    assert allocation.counts_from == timezone.localdate()


def test_the_teachers_page_says_what_is_a_rappel(client_for, personas, establishment, envelope, teacher):
    allocation = give(envelope, teacher)
    Allocation.objects.filter(pk=allocation.pk).update(counts_from=date(2026, 12, 10))

    page = client_for(personas.head).get(reverse("person_allocations", args=[establishment.uai, teacher.pk]))

    text = page.content.decode()
    assert (
        "dont rappel d&#x27;octobre à décembre 2026" in text
        or "dont rappel d'octobre à décembre 2026" in text
    )
    assert "rappel" in text and "octobre 2026</th>" not in text
    rows = page.context["schedule"].rows
    assert rows[0].label == "janvier 2027"


def one_off(envelope, person, start, end):
    return give(
        envelope,
        person,
        "voyage-scolaire",
        "002",
        periodicity=Periodicity.ONE_OFF,
        start_date=start,
        end_date=end,
    )


def test_service_fait_only_from_the_end_date(envelope, teacher, head):
    today = timezone.localdate()
    trip = one_off(envelope, teacher, date(2026, 9, 1), date(2027, 6, 30))

    with pytest.raises(AllocationRefused) as refusal:
        record_service_done(trip, actor=head, done_on=min(today, date(2027, 6, 29)))

    assert "se termine le 30 juin 2027" in refusal.value.message
    assert trip.service_done_possible is (today >= date(2027, 6, 30))


def test_the_service_fait_button_waits_for_the_end_date(
    client_for, personas, establishment, envelope, teacher
):
    trip = one_off(envelope, teacher, date(2026, 9, 1), date(2027, 6, 30))
    done_url = reverse("allocation_service_done", args=[establishment.uai, trip.pk])

    payments = (
        client_for(personas.bursar).get(reverse("payment_list", args=[establishment.uai])).content.decode()
    )

    assert done_url not in payments
    assert "Service fait à constater à partir du 30 juin 2027" in payments


def test_the_secretariat_exports_the_monthly_schedule(client_for, personas, establishment, envelope, teacher):
    allocation = give(envelope, teacher)
    Allocation.objects.filter(pk=allocation.pk).update(counts_from=date(2026, 12, 10))
    one_off(envelope, teacher, date(2026, 10, 5), date(2026, 10, 9))
    export = reverse("allocation_export", args=[establishment.uai])

    response = client_for(personas.bursar).get(f"{export}?format=csv&par=mois&annee=2026")

    assert response.status_code == 200
    assert "echeancier-mensuel.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Mois de paiement", "Nom", "Prénom", "Identifiant STSWeb", "Date de naissance"]
    january = rows[1]
    assert january[0] == "janvier 2027" and january[3] == "98765" and january[4] == "17/05/1980"
    assert january[7:] == ["555,52", "4", "rappel d'octobre à décembre 2026"]
    assert rows[-1][0] == "en attente du service fait"  # the one-off trip, not yet done
    assert sum(Decimal(row[7].replace(",", ".")) for row in rows[1:]) == Decimal("1250.00") + Decimal(
        "625.00"
    )
    for fmt in ("ods", "xlsx"):
        assert client_for(personas.bursar).get(f"{export}?format={fmt}&par=mois").status_code == 200
