"""`python manage.py export_repartition`: the files it writes and its clear refusals."""

import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from odf.opendocument import load
from odf.table import TableCell, TableRow
from openpyxl import load_workbook

from tests.factories import AllocationFactory, EnvelopeFactory, MissionFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(establishment, school_year):
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    person = StaffMemberFactory(establishment=establishment, usage_name="Faure", first_name="Inès")
    mission = MissionFactory(establishment=establishment, title="Coordination de cycle 3")
    AllocationFactory(envelope=envelope, staff_member=person, mission=mission, rate=rate("003"), count=2)
    return envelope


def export(tmp_path, *extra, fmt="csv", uai="0750654D", year="2026"):
    output = tmp_path / f"export.{fmt}"
    out = io.StringIO()
    call_command(
        "export_repartition",
        "--uai",
        uai,
        "--year",
        year,
        "--format",
        fmt,
        "--output",
        str(output),
        *extra,
        stdout=out,
    )
    return output, out.getvalue()


def test_it_writes_the_csv_by_person(envelope, tmp_path):
    output, printed = export(tmp_path)

    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Nom", "Prénom", "Identifiant STSWeb", "Date de naissance", "Mission"]
    assert rows[1][:2] + rows[1][4:] == [
        "FAURE",
        "Inès",
        "Coordination de cycle 3",
        "003",
        "Taux de base",
        "2",
        "2500,00",
        "Annuelle",
        "",
        "",
        "",
    ]
    assert "2026-2027" in printed


def test_it_writes_the_xlsx_by_mission(envelope, tmp_path):
    output, _ = export(tmp_path, "--by", "mission", fmt="xlsx")

    values = list(load_workbook(output).active.values)
    assert values[0][0] == "Mission"
    assert values[1][:3] == ("Coordination de cycle 3", "FAURE", "Inès")
    assert values[1][8] == 2500


def test_it_writes_the_ods(envelope, tmp_path):
    output, _ = export(tmp_path, fmt="ods")

    rows = load(str(output)).spreadsheet.getElementsByType(TableRow)
    cells = rows[1].getElementsByType(TableCell)
    assert str(cells[0]) == "FAURE"
    assert Decimal(cells[8].getAttribute("value")) == Decimal("2500")


def test_the_uai_is_read_in_any_case(envelope, tmp_path):
    output, _ = export(tmp_path, uai="0750654d")
    assert output.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"uai": "0750654A"}, "Aucun établissement d'UAI 0750654A"),
        ({"year": "2031"}, "L'année scolaire 2031-2032 n'existe pas"),
        ({"fmt": "docx"}, "Format inconnu"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(envelope, tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        export(tmp_path, **options)
    assert not list(tmp_path.iterdir())


def test_an_establishment_without_an_envelope_is_refused(other_establishment, school_year, tmp_path):
    with pytest.raises(CommandError, match="pas d'enveloppe IMP pour 2026-2027"):
        export(tmp_path, uai=other_establishment.uai)


def test_an_unwritable_output_is_refused(envelope, tmp_path):
    with pytest.raises(CommandError, match="Impossible d'écrire"):
        call_command(
            "export_repartition",
            "--uai=0750654D",
            "--year=2026",
            "--format=csv",
            f"--output={tmp_path / 'absent' / 'export.csv'}",
        )


def test_the_command_exits_non_zero_on_bad_input(tmp_path):
    # The format is checked before the database is read: the real process can run without the test database.
    project = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [
            sys.executable,
            str(project / "manage.py"),
            "export_repartition",
            "--uai",
            "0750654D",
            "--year",
            "2026",
        ]
        + ["--format", "docx", "--output", str(tmp_path / "x.docx")],
        cwd=project,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "imp_missions.settings_test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "Format inconnu" in result.stderr
