"""`python manage.py import_sts FILE [--dry-run]`."""

import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from missions.models import Establishment, SchoolYear, StaffMember, StsImport
from tests.factories import EstablishmentFactory, SchoolYearFactory
from tests.sts_files import BAD_FILES, DATA, SAMPLE, SAMPLE_PEOPLE, SAMPLE_UAI, changed_sample

PROJECT = Path(__file__).resolve().parent.parent


def import_sts(*args):
    out = StringIO()
    call_command("import_sts", *map(str, args), stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model.__name__: model.objects.count() for model in (Establishment, SchoolYear, StaffMember, StsImport)
    }


@pytest.mark.django_db
def test_it_creates_the_establishment_school_year_and_staff_from_the_file():
    output = import_sts(SAMPLE)
    assert "Collège Jean Moulin (0751234J) : 39 créés, 0 mis à jour, 0 désactivés, 0 inchangés" in output
    college = Establishment.objects.get(uai=SAMPLE_UAI)
    assert (college.name, college.academie, college.kind) == ("Collège Jean Moulin", "Paris", "college")
    year = SchoolYear.objects.get(start_year=2026)
    assert (year.start_date, year.end_date) == (date(2026, 9, 1), date(2027, 7, 4))
    assert college.staff.count() == SAMPLE_PEOPLE
    record = StsImport.objects.get()
    assert record.applied_at is not None and record.report["created"] == SAMPLE_PEOPLE


@pytest.mark.django_db
def test_it_uses_an_existing_establishment_and_keeps_its_name():
    EstablishmentFactory(uai=SAMPLE_UAI, name="Collège Jean-Moulin (Paris 15e)")
    SchoolYearFactory(start_year=2026)
    output = import_sts(SAMPLE)
    assert "Collège Jean-Moulin (Paris 15e) (0751234J) : 39 créés" in output
    assert "créé d'après le fichier" not in output
    assert Establishment.objects.count() == 1


@pytest.mark.django_db
def test_a_second_run_reports_everyone_unchanged():
    import_sts(SAMPLE)
    output = import_sts(SAMPLE)
    assert "0 créés, 0 mis à jour, 0 désactivés, 39 inchangés" in output


@pytest.mark.django_db
def test_dry_run_prints_the_plan_and_writes_nothing_not_even_the_establishment():
    output = import_sts(SAMPLE, "--dry-run")
    assert "rien n'est enregistré" in output
    assert "+ GUÉRIN Agnès" in output
    assert "Collège Jean Moulin (0751234J) : 39 créés, 0 mis à jour, 0 désactivés, 0 inchangés" in output
    assert row_counts() == {"Establishment": 0, "SchoolYear": 0, "StaffMember": 0, "StsImport": 0}


@pytest.mark.django_db
def test_dry_run_shows_updates_and_deactivations_of_a_changed_file(tmp_path):
    import_sts(SAMPLE)
    changed = tmp_path / "sts_emp_0751234J_2027.xml"
    changed.write_bytes(changed_sample())
    before = list(StaffMember.objects.order_by("pk").values())
    output = import_sts(changed, "--dry-run")
    assert "1 créés, 1 mis à jour, 1 désactivés, 37 inchangés" in output
    assert "grade : AGREGE CLN → AGREGE HCL" in output
    assert list(StaffMember.objects.order_by("pk").values()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_raises_command_error_with_its_message_and_writes_nothing(name):
    filename, expected = BAD_FILES[name]
    with pytest.raises(CommandError) as refusal:
        import_sts(DATA / filename)
    assert expected in str(refusal.value)
    assert row_counts() == {"Establishment": 0, "SchoolYear": 0, "StaffMember": 0, "StsImport": 0}


@pytest.mark.django_db
def test_a_missing_file_is_a_command_error():
    with pytest.raises(CommandError, match="Impossible de lire"):
        import_sts(DATA / "absent.xml")


@pytest.mark.parametrize("name", ["emp_sts", "billion_laughs"])
def test_manage_py_exits_non_zero_on_a_bad_file(tmp_path, name):
    filename, expected = BAD_FILES[name]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "imp_missions.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "import_sts", str(DATA / filename)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert expected in result.stderr
