"""The secretariat (bursar) imports STSWeb; the teacher's page reads as a pay slip would (gross amounts, the rate
in words, the tasks, whom to ask) and counts the 7 500 € ceiling across establishments; each head is warned
without seeing the other establishment's figures."""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missions.models import Mission, Rate, Role, StaffMember
from missions.services.alerts import repartition_alerts
from missions.services.allocations import allocate
from missions.services.envelopes import envelope_for
from tests.factories import DotationFactory, EstablishmentFactory, StaffMemberFactory, make_person
from tests.sts_files import SAMPLE_PEOPLE, SAMPLE_UAI, sample_bytes

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page as read: entities decoded, tags dropped."""
    return re.sub(r"<[^>]+>", "", html.unescape(response.content.decode()))


def give(envelope, person, code="devoirs-faits", rate_code="005", count=1):
    return allocate(
        envelope=envelope,
        staff_member=person,
        mission=Mission.objects.get(code=code, establishment=None),
        actor=None,
        rate=Rate.objects.get(code=rate_code),
        count=count,
    )


def test_the_secretariat_imports_the_stsweb_file(client_for, school_year):
    college = EstablishmentFactory(uai=SAMPLE_UAI, name="Collège Jean Moulin")
    bursar = make_person(college, Role.BURSAR, email="gestion@jean-moulin.example.org", category="autre")
    client = client_for(bursar)
    upload = reverse("sts_import_upload", args=[college.uai])

    home = text(client.get(reverse("establishment_home", args=[college.uai])))
    response = client.post(upload, {"file": SimpleUploadedFile("sts_emp_0751234J_2026.xml", sample_bytes())})
    confirmed = client.post(response.url, follow=True)

    assert "Import STSWeb" in home
    assert "Import terminé : 39 créés" in text(confirmed)
    assert college.staff.exclude(sts_id="").count() == SAMPLE_PEOPLE
    # the import fills the accent-free keys too (bulk writes skip save())
    assert not college.staff.filter(search_key="").exists()
    assert college.staff.filter(search_key__contains="guerin").exists()


@pytest.fixture
def envelope(establishment, school_year):
    return DotationFactory(
        envelope__establishment=establishment, envelope__school_year=school_year, units=Decimal("40")
    ).envelope


def test_the_teachers_own_page_reads_as_a_pay_slip(client_for, personas, establishment, envelope):
    me = StaffMember.objects.get(user=personas.staff)
    give(envelope, me, "coordination-discipline", "003")

    page = text(
        client_for(personas.staff).get(reverse("my_allocations", args=[establishment.uai]), follow=True)
    )

    assert "Montant annuel brut" in page and "1 250,00 € brut" in page
    assert "Taux de base" in page and "code STSWeb" not in page and "(003)" not in page
    discipline = Mission.objects.get(code="coordination-discipline", establishment=None)
    assert "Tâches attendues" in page and discipline.task_list[0] in page
    assert "Une question sur vos missions" in page
    assert "principale@example.org" in page and "gestion@example.org" in page
    assert "dans tous vos établissements" not in page  # one establishment: no total across them


@pytest.fixture
def two_establishments(establishment, other_establishment, school_year, personas):
    """One teacher (one account) in both establishments: 4 375 € here, 5 000 € there = 9 375 € > 7 500 €."""
    user = personas.staff
    here = StaffMember.objects.get(user=user, establishment=establishment)
    there = StaffMemberFactory(establishment=other_establishment, user=user, usage_name=here.usage_name)
    make_person(other_establishment, Role.STAFF, email="x@example.org")
    here_envelope = DotationFactory(
        envelope__establishment=establishment, envelope__school_year=school_year, units=Decimal("40")
    ).envelope
    there_envelope = envelope_for(other_establishment, school_year)
    DotationFactory(envelope=there_envelope, units=Decimal("40"))
    give(here_envelope, here, rate_code="005")  # 3 750 €
    give(here_envelope, here, "coordination-discipline", "002")  # 625 €
    give(there_envelope, there, rate_code="004", count=2)  # 5 000 €
    return here, there, here_envelope


def test_a_person_in_two_establishments_sees_the_total_across_them(
    client_for, personas, establishment, two_establishments
):
    here, _there, _ = two_establishments

    page = text(
        client_for(personas.staff).get(reverse("person_allocations", args=[establishment.uai, here.pk]))
    )

    assert "Total annuel brut des IMP dans tous vos établissements : 9 375,00 €" in page
    assert "au-delà du plafond de 7 500,00 €" in page


def test_each_head_is_warned_without_the_other_establishments_figures(
    client_for, personas, establishment, two_establishments
):
    here, _there, envelope = two_establishments

    page = text(
        client_for(personas.head).get(reverse("person_allocations", args=[establishment.uai, here.pk]))
    )
    alerts = repartition_alerts(envelope)

    assert "Avec ses missions dans un autre établissement, le total annuel de cette personne dépasse" in page
    assert "9 375,00" not in page and "5 000,00" not in page
    warning = next(a for a in alerts if a.title.startswith("Avec leurs missions dans un autre établissement"))
    assert warning.items == [here.full_name]
    assert all("9 375" not in item and "5 000" not in item for alert in alerts for item in alert.items)
