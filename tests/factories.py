"""Factories for real objects in a real database (factory_boy)."""

from datetime import date
from decimal import Decimal

import factory

from missions.models import (
    Dotation,
    Envelope,
    Establishment,
    Role,
    RoleGrant,
    SchoolYear,
    StaffMember,
    User,
)

DEMO_PASSWORD = "motdepasse-de-test-42"


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("start_year",)

    start_year = 2026
    start_date = factory.LazyAttribute(lambda o: date(o.start_year, 9, 1))
    end_date = factory.LazyAttribute(lambda o: date(o.start_year + 1, 7, 4))
    imp_base_amount = Decimal("1250.00")


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment
        django_get_or_create = ("uai",)

    uai = "0750654D"
    name = "Collège Victor-Hugo"
    kind = Establishment.Kind.COLLEGE
    academie = "Paris"
    commune = "Paris"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = "Camille"
    last_name = "Martin"
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    establishment = factory.SubFactory(EstablishmentFactory)
    civility = StaffMember.Civility.MRS
    sex = StaffMember.Sex.FEMALE
    usage_name = factory.Sequence(lambda n: f"Durand{n}")
    first_name = "Claire"
    birth_date = date(1980, 5, 17)
    category = StaffMember.Category.TEACHER
    grade = "CERT. CL N"
    disciplines = "Mathématiques"


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    establishment = factory.SubFactory(EstablishmentFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    role = Role.STAFF


class EnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Envelope
        django_get_or_create = ("establishment", "school_year")

    establishment = factory.SubFactory(EstablishmentFactory)
    school_year = factory.SubFactory(SchoolYearFactory)


class DotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dotation

    envelope = factory.SubFactory(EnvelopeFactory)
    kind = Dotation.Kind.INITIAL
    units = Decimal("7")
    granted_on = date(2026, 6, 20)
    reference = "Notification DHG 2026"


def make_person(establishment, role, *, email, school_year=None, with_staff_record=True, **staff_fields):
    """A user with one role in `establishment`, and (except CA members) a linked staff record."""
    school_year = school_year or SchoolYearFactory()
    user = UserFactory(email=email, first_name=staff_fields.get("first_name", "Camille"))
    staff = None
    if with_staff_record:
        staff = StaffMemberFactory(establishment=establishment, user=user, email=email, **staff_fields)
    RoleGrantFactory(
        user=user, establishment=establishment, school_year=school_year, role=role, staff_member=staff
    )
    return user


# --- allocations (H3b) ----------------------------------------------------------------------------
RATES = {
    "001": ("Quart de taux", Decimal("0.25")),
    "002": ("Demi-taux", Decimal("0.50")),
    "003": ("Taux de base", Decimal("1.00")),
    "004": ("Double taux", Decimal("2.00")),
    "005": ("Triple taux", Decimal("3.00")),
}


def rate(code):
    """One of the five rates of migration 0002 (re-created if a transactional test flushed them)."""
    from missions.models import Rate

    label, multiplier = RATES[code]
    found, _ = Rate.objects.get_or_create(code=code, defaults={"label": label, "multiplier": multiplier})
    return found


class MissionFactory(factory.django.DjangoModelFactory):
    """An establishment's own mission by default (pass establishment=None for a national one); all rates allowed."""

    class Meta:
        model = "missions.Mission"
        skip_postgeneration_save = True

    establishment = factory.SubFactory(EstablishmentFactory)
    code = factory.Sequence(lambda n: f"mission-{n}")
    title = factory.Sequence(lambda n: f"Mission d'essai {n:03d}")
    category = "art7"
    periodicity = "annual"
    tasks = "Animer l'équipe\nRendre compte au conseil pédagogique"

    @factory.post_generation
    def allowed_rates(obj, create, extracted, **kwargs):
        if create:
            obj.allowed_rates.set(extracted if extracted is not None else [rate(code) for code in RATES])


class AllocationFactory(factory.django.DjangoModelFactory):
    """An allocation written directly, WITHOUT the service (no envelope check, no history): for read-side tests
    and to mimic an admin edit. Tests of the rules go through missions.services.allocations.allocate."""

    class Meta:
        model = "missions.Allocation"

    envelope = factory.SubFactory(EnvelopeFactory)
    staff_member = factory.SubFactory(
        StaffMemberFactory, establishment=factory.SelfAttribute("..envelope.establishment")
    )
    mission = factory.SubFactory(
        MissionFactory, establishment=factory.SelfAttribute("..envelope.establishment")
    )
    kind = "pay"
    rate = factory.LazyFunction(lambda: rate("003"))
    count = 1
    units = factory.LazyAttribute(
        lambda o: o.rate.multiplier * o.count if o.kind == "pay" else Decimal(o.discharge_hours)
    )
    periodicity = "annual"


# --- lettres de mission ---------------------------------------------------------------------------
def make_letter(staff_member, *, school_year=None, status="draft", version=1):
    """A letter of `staff_member` in a given state, written directly (frozen content for a sent one), without
    the workflow's events: for pages and rules. Workflow tests go through missions.letters.workflow."""
    from missions.letters.content import build_content, sha256_of
    from missions.models import MissionLetter

    letter = MissionLetter.objects.create(
        establishment=staff_member.establishment,
        school_year=school_year or SchoolYearFactory(),
        staff_member=staff_member,
        version=version,
    )
    if status != "draft":
        from django.utils import timezone

        content = build_content(letter)
        letter.content, letter.content_sha256 = content, sha256_of(content)
        letter.status, letter.sent_at = status, timezone.now()
        letter.save()
    return letter
