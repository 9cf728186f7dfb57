"""Reading the STSWeb export: pure functions, no database."""

from datetime import date

import pytest

from missions.models import Establishment, StaffMember
from missions.sts import StsFileError, parse_sts_file
from missions.sts.names import academie_name, establishment_name, first_name_case, fold, readable_label
from missions.sts.parser import establishment_kind, staff_category
from tests.sts_files import (
    BAD_FILES,
    SAMPLE_PEOPLE,
    SAMPLE_UAI,
    bad_file,
    export,
    latin1_sample,
    sample_bytes,
)

Category = StaffMember.Category


def person(parsed, sts_id):
    return next(p for p in parsed.people if p.sts_id == sts_id)


def test_the_sample_gives_its_establishment_and_school_year():
    parsed = parse_sts_file(sample_bytes())
    assert parsed.uai == SAMPLE_UAI
    assert parsed.establishment_name == "Collège Jean Moulin"
    assert parsed.academie == "Paris"
    assert parsed.kind == Establishment.Kind.COLLEGE
    assert parsed.school_year_start == 2026
    assert parsed.school_year_start_date == date(2026, 9, 1)
    assert parsed.school_year_end_date == date(2027, 7, 4)
    assert len(parsed.people) == SAMPLE_PEOPLE


def test_a_person_of_the_sample_is_read_with_accents_and_french_case():
    head = person(parse_sts_file(sample_bytes()), "10000")
    assert (head.usage_name, head.birth_name, head.first_name) == ("GUÉRIN", "GUÉRIN", "Agnès")
    assert head.sex == StaffMember.Sex.FEMALE
    assert head.civility == "Mme"
    assert head.birth_date == date(1974, 10, 20)
    assert head.grade == "PERDIR HC"
    assert head.category == Category.DIRECTION


def test_a_teacher_gets_readable_disciplines_and_compound_first_name():
    teacher = person(parse_sts_file(sample_bytes()), "10008")
    assert teacher.first_name == "Jean-Éric"
    assert teacher.sex == StaffMember.Sex.MALE and teacher.civility == "M."
    assert teacher.category == Category.TEACHER
    assert teacher.disciplines == "Technologie"
    assert person(parse_sts_file(sample_bytes()), "10010").disciplines == "Hist. géo."


def test_function_and_grade_give_the_category():
    parsed = parse_sts_file(sample_bytes())
    assert person(parsed, "10002").category == Category.CPE  # FONCTION EDU, GRADE CPE CL N
    assert person(parsed, "10004").category == Category.LIBRARIAN  # FONCTION DOC


@pytest.mark.parametrize(
    ("function", "grade", "category"),
    [
        ("ENS", "CERT. CL N", Category.TEACHER),
        ("EDU", "", Category.CPE),
        ("DOC", "CERT. CL N", Category.LIBRARIAN),
        ("DIR", "PERDIR HC", Category.DIRECTION),
        ("ADM", "ADJAENES", Category.OTHER),
        ("ENS", "CPE HC", Category.CPE),
        ("SAN", "INF. CL N", Category.NURSE),
        ("SOC", "ASS SOC CL N", Category.SOCIAL_WORKER),
        ("SOC", "ASS. SOC. CL S", Category.SOCIAL_WORKER),
        ("", "", None),
    ],
)
def test_staff_category(function, grade, category):
    assert staff_category(function, grade) == category


def test_a_local_person_may_lack_birth_date_and_sex():
    local = person(parse_sts_file(sample_bytes()), "90040")
    assert local.sts_type == "local"
    assert local.birth_date is None
    assert local.sex == ""
    assert local.civility == "Mme"  # CIVILITE 2
    assert (local.usage_name, local.first_name) == ("FOURNIER", "Hélène")


def test_an_iso_8859_1_file_reads_the_same_as_the_utf_8_sample():
    latin1 = latin1_sample()
    assert "GUÉRIN".encode() not in latin1  # really re-encoded
    assert parse_sts_file(latin1) == parse_sts_file(sample_bytes())


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_refused_with_a_clear_french_message(name):
    content, expected = bad_file(name)
    with pytest.raises(StsFileError) as refusal:
        parse_sts_file(content)
    assert expected in refusal.value.message


def test_the_file_sent_to_stsweb_is_refused_naming_the_file_expected():
    content, _ = bad_file("emp_sts")
    with pytest.raises(StsFileError, match="sts_emp_<UAI>_<année>.xml"):
        parse_sts_file(content)


def test_another_root_is_refused_naming_sts_edt():
    with pytest.raises(StsFileError, match="STS_EDT"):
        parse_sts_file(b"<BEE_COMMUN><PARAMETRES/></BEE_COMMUN>")


def test_a_dtd_without_entities_is_refused_too():
    with pytest.raises(StsFileError, match="DTD"):
        parse_sts_file(b'<!DOCTYPE STS_EDT SYSTEM "http://example.org/sts.dtd"><STS_EDT/>')


def test_a_file_without_school_year_is_refused():
    content = sample_bytes().replace(b'ANNEE_SCOLAIRE ANNEE="2026"', b"ANNEE_SCOLAIRE")
    with pytest.raises(StsFileError, match="année scolaire"):
        parse_sts_file(content)


def test_a_file_without_anyone_is_refused_rather_than_deactivating_everybody():
    with pytest.raises(StsFileError, match="aucun personnel"):
        parse_sts_file(export())


def test_an_unreadable_birth_date_is_refused_naming_the_person():
    content = export(
        '<INDIVIDU ID="77" TYPE="epp"><NOM_USAGE>A</NOM_USAGE><PRENOM>B</PRENOM>'
        "<DATE_NAISSANCE>31-31-1980</DATE_NAISSANCE></INDIVIDU>"
    )
    with pytest.raises(StsFileError, match="ID 77"):
        parse_sts_file(content)


def test_a_file_over_ten_megabytes_is_refused():
    with pytest.raises(StsFileError, match="10 Mo"):
        parse_sts_file(b"<STS_EDT>" + b" " * (10 * 1024 * 1024) + b"</STS_EDT>")


@pytest.mark.parametrize(
    ("raw", "readable"),
    [("AGNÈS", "Agnès"), ("JEAN-PIERRE", "Jean-Pierre"), ("MARIE  ANGE", "Marie Ange"), ("Hélène", "Hélène")],
)
def test_first_names_are_in_title_case(raw, readable):
    assert first_name_case(raw) == readable


@pytest.mark.parametrize(
    ("principal", "complement", "name"),
    [
        ("COLLEGE", "JEAN MOULIN", "Collège Jean Moulin"),
        (
            "LYCEE GENERAL ET TECHNOLOGIQUE",
            "JEAN DE LA FONTAINE",
            "Lycée général et technologique Jean de la Fontaine",
        ),
        ("LYCEE PROFESSIONNEL", "VICTOR-HUGO", "Lycée professionnel Victor-Hugo"),
        ("COLLEGE", "", "Collège"),
    ],
)
def test_establishment_names_follow_french_case(principal, complement, name):
    assert establishment_name(principal, complement) == name


@pytest.mark.parametrize(
    ("sigle", "principal", "nature", "kind"),
    [
        ("CLG", "COLLEGE", "340", Establishment.Kind.COLLEGE),
        ("LYC", "LYCEE PROFESSIONNEL", "", Establishment.Kind.LP),
        ("LPO", "LYCEE POLYVALENT", "", Establishment.Kind.LPO),
        ("LYC", "LYCEE GENERAL ET TECHNOLOGIQUE", "", Establishment.Kind.LGT),
        ("", "", "306", Establishment.Kind.LPO),
    ],
)
def test_the_kind_of_establishment(sigle, principal, nature, kind):
    assert establishment_kind(sigle, principal, nature) == kind


def test_academie_names_get_their_accents_back():
    assert academie_name("CRETEIL") == "Créteil"
    assert academie_name("AIX-MARSEILLE") == "Aix-Marseille"


def test_subject_labels_are_readable_and_keep_acronyms():
    assert readable_label("LETTRES MODERNES") == "Lettres modernes"
    assert readable_label("EPS") == "EPS"
    assert readable_label("MATHEMATIQUES") == "Mathématiques"


def test_names_compare_without_case_or_accents():
    assert fold(" Guérin ") == fold("GUERIN")
    assert fold("Jean-Éric") == fold("JEAN-ERIC")
    assert fold("Martin") != fold("Martine")
