"""Matching the file's people with an establishment's staff, and applying the plan."""

from datetime import date

import pytest

from missions.models import Establishment, StaffMember
from missions.sts import apply_import, parse_sts_file, plan_import
from tests.factories import EstablishmentFactory, StaffMemberFactory
from tests.sts_files import (
    SAMPLE_PEOPLE,
    SAMPLE_UAI,
    changed_sample,
    export,
    individual,
    latin1_sample,
    sample_bytes,
)


@pytest.fixture
def college(db):
    return EstablishmentFactory(uai=SAMPLE_UAI, name="Collège Jean Moulin")


def run_import(establishment, content):
    plan = plan_import(establishment, parse_sts_file(content))
    return plan, apply_import(plan)


def counts(report):
    return {key: report[key] for key in ("created", "updated", "deactivated", "unchanged")}


def test_the_sample_creates_everyone_with_their_fields(college):
    _, report = run_import(college, sample_bytes())
    assert counts(report) == {"created": SAMPLE_PEOPLE, "updated": 0, "deactivated": 0, "unchanged": 0}
    assert college.staff.filter(active=True).count() == SAMPLE_PEOPLE
    head = college.staff.get(sts_id="10000")
    assert (head.usage_name, head.first_name, head.birth_date) == ("GUÉRIN", "Agnès", date(1974, 10, 20))
    assert (head.civility, head.sex, head.category) == ("Mme", "F", StaffMember.Category.DIRECTION)
    teacher = college.staff.get(sts_id="10005")
    assert (teacher.grade, teacher.disciplines) == ("AGREGE CLN", "Phys. chimie")


def test_reimporting_the_same_file_changes_nothing(college):
    run_import(college, sample_bytes())
    before = list(college.staff.order_by("pk").values())
    _, report = run_import(college, sample_bytes())
    assert counts(report) == {"created": 0, "updated": 0, "deactivated": 0, "unchanged": SAMPLE_PEOPLE}
    assert list(college.staff.order_by("pk").values()) == before


def test_the_iso_8859_1_file_matches_the_people_of_the_utf_8_one(college):
    run_import(college, sample_bytes())
    _, report = run_import(college, latin1_sample())
    assert report["unchanged"] == SAMPLE_PEOPLE


def test_a_changed_file_updates_one_deactivates_one_and_creates_one(college):
    run_import(college, sample_bytes())
    plan, report = run_import(college, changed_sample())
    assert counts(report) == {"created": 1, "updated": 1, "deactivated": 1, "unchanged": SAMPLE_PEOPLE - 2}
    [update] = plan.to_update
    assert [(c.field, c.before, c.after) for c in update.changes] == [("grade", "AGREGE CLN", "AGREGE HCL")]
    assert college.staff.get(sts_id="10005").grade == "AGREGE HCL"
    left = college.staff.get(sts_id="10036")
    assert left.active is False  # marked inactive, never deleted
    assert college.staff.get(usage_name="NOUVEAU").first_name == "Camille"


def test_someone_who_comes_back_is_reactivated_as_an_update(college):
    run_import(college, sample_bytes())
    run_import(college, changed_sample())
    plan, report = run_import(college, sample_bytes())
    back = college.staff.get(sts_id="10036")
    assert back.active is True
    assert report["updated"] >= 1
    assert any(c.field == "active" for u in plan.to_update if u.staff.pk == back.pk for c in u.changes)


def test_people_are_matched_without_case_or_accents_and_take_the_files_spelling(college):
    typed = StaffMemberFactory(
        establishment=college,
        usage_name="Guerin",
        first_name="agnes",
        birth_date=date(1974, 10, 20),
        sts_id="",
    )
    _, report = run_import(college, sample_bytes())
    assert report["created"] == SAMPLE_PEOPLE - 1
    typed.refresh_from_db()
    assert (typed.usage_name, typed.first_name, typed.sts_id) == ("GUÉRIN", "Agnès", "10000")


def test_the_sts_id_alone_never_matches_a_different_person(college):
    StaffMemberFactory(
        establishment=college,
        usage_name="AUTRE",
        first_name="Personne",
        birth_date=date(1950, 1, 1),
        sts_id="10000",
    )
    _, report = run_import(college, sample_bytes())
    assert report["created"] == SAMPLE_PEOPLE
    assert report["deactivated"] == 1


def test_the_sts_id_breaks_a_tie_between_homonyms_born_the_same_day(college):
    twin_a = StaffMemberFactory(
        establishment=college,
        usage_name="MARTIN",
        first_name="Claire",
        birth_date=date(1980, 1, 1),
        sts_id="1",
    )
    twin_b = StaffMemberFactory(
        establishment=college,
        usage_name="MARTIN",
        first_name="Claire",
        birth_date=date(1980, 1, 1),
        sts_id="2",
    )
    content = export(
        individual("2", "MARTIN", "CLAIRE", "1980-01-01", grade="AGREGE CLN"),
        individual("1", "MARTIN", "CLAIRE", "1980-01-01", grade="CERT. CL N"),
    )
    run_import(college, content)
    twin_a.refresh_from_db()
    twin_b.refresh_from_db()
    assert (twin_a.grade, twin_b.grade) == ("CERT. CL N", "AGREGE CLN")


def test_a_person_without_birth_date_is_matched_on_names_and_stays_unchanged(college):
    run_import(college, sample_bytes())
    plan, _ = run_import(college, sample_bytes())
    assert college.staff.get(sts_id="90040") in plan.unchanged


def test_a_birth_date_the_file_lacks_is_not_erased(college):
    typed = StaffMemberFactory(
        establishment=college,
        usage_name="FOURNIER",
        first_name="Hélène",
        birth_date=date(1991, 3, 3),
        sts_id="",
    )
    run_import(college, sample_bytes())
    typed.refresh_from_db()
    assert typed.birth_date == date(1991, 3, 3)
    assert typed.sts_id == "90040"


def test_records_typed_by_hand_are_kept_when_absent_from_the_file(college):
    typed = StaffMemberFactory(establishment=college, usage_name="AED", first_name="Sam", sts_id="")
    plan, report = run_import(college, sample_bytes())
    assert report["deactivated"] == 0
    assert typed in plan.kept_manual
    typed.refresh_from_db()
    assert typed.active is True


def test_staff_of_another_establishment_are_never_touched(college):
    other = EstablishmentFactory(uai="0750654D", name="Collège Victor-Hugo")
    elsewhere = StaffMemberFactory(
        establishment=other,
        usage_name="GUÉRIN",
        first_name="Agnès",
        birth_date=date(1974, 10, 20),
        sts_id="10000",
    )
    _, report = run_import(college, sample_bytes())
    assert report["created"] == SAMPLE_PEOPLE
    elsewhere.refresh_from_db()
    assert elsewhere.establishment == other and elsewhere.active


def test_planning_writes_nothing(college):
    plan_import(college, parse_sts_file(sample_bytes()))
    assert StaffMember.objects.count() == 0


def test_planning_for_an_establishment_not_yet_saved_creates_everyone(db):
    unsaved = Establishment(uai=SAMPLE_UAI, name="Collège Jean Moulin")
    plan = plan_import(unsaved, parse_sts_file(sample_bytes()))
    assert plan.counts()["created"] == SAMPLE_PEOPLE
