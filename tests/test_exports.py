"""Exports of the répartition: what the secretariat types into STSWeb, as CSV, ODS and XLSX."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from missions.services.exports import ExportUnavailable, export_rows, render_export
from tests.factories import AllocationFactory, EnvelopeFactory, MissionFactory, StaffMemberFactory, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def envelope(establishment, school_year):
    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    bernard = StaffMemberFactory(establishment=establishment, usage_name="Bernard", first_name="Léa")
    arnaud = StaffMemberFactory(establishment=establishment, usage_name="Arnaud", first_name="Hugo")
    numerique = MissionFactory(establishment=establishment, title="Référent numérique")
    culture = MissionFactory(establishment=establishment, title="Référent culture")
    trip = MissionFactory(establishment=establishment, title="Voyage à Rome", periodicity="one_off")
    AllocationFactory(envelope=envelope, staff_member=bernard, mission=numerique, rate=rate("004"), count=1)
    AllocationFactory(envelope=envelope, staff_member=arnaud, mission=culture, rate=rate("002"), count=2)
    AllocationFactory(
        envelope=envelope,
        staff_member=bernard,
        mission=trip,
        rate=rate("001"),
        periodicity="one_off",
        start_date=date(2027, 4, 1),
        end_date=date(2027, 4, 7),
    )
    AllocationFactory(
        envelope=envelope,
        staff_member=arnaud,
        mission=numerique,
        kind="discharge",
        rate=None,
        count=None,
        discharge_hours=Decimal("1.5"),
    )
    AllocationFactory(envelope=envelope, staff_member=arnaud, mission=trip, rate=rate("005"), is_draft=True)
    return envelope


PERSON_HEADERS = [
    "Nom",
    "Prénom",
    "Identifiant STSWeb",
    "Date de naissance",
    "Mission",
    "Code taux STSWeb",
    "Taux",
    "Nombre",
    "Montant annuel brut (€)",
    "Périodicité",
    "Début",
    "Fin",
    "Décharge ARE (h)",
]


def test_rows_by_person_are_sorted_by_name_with_discharges_as_are_hours(envelope):
    headers, rows = export_rows(envelope, "person")

    assert headers == PERSON_HEADERS
    # the STSWeb id and the birth date tell homonyms apart; a one-off mission carries its dates
    assert [row[:2] + row[4:10] + [row[12]] for row in rows] == [
        ["ARNAUD", "Hugo", "Référent culture", "002", "Demi-taux", 2, Decimal("1250.00"), "Annuelle", None],
        [
            "ARNAUD",
            "Hugo",
            "Référent numérique",
            None,
            "Décharge (ARE)",
            None,
            None,
            "Annuelle",
            Decimal("1.50"),
        ],
        [
            "BERNARD",
            "Léa",
            "Référent numérique",
            "004",
            "Double taux",
            1,
            Decimal("2500.00"),
            "Annuelle",
            None,
        ],
        ["BERNARD", "Léa", "Voyage à Rome", "001", "Quart de taux", 1, Decimal("312.50"), "Ponctuelle", None],
    ]
    arnaud = rows[0][0:4]
    assert arnaud[3] is not None  # birth date
    voyage = rows[3]
    assert voyage[10] is not None and voyage[11] is not None and voyage[10] <= voyage[11]


def test_rows_by_mission_put_the_mission_first(envelope):
    headers, rows = export_rows(envelope, "mission")

    assert headers[:3] == ["Mission", "Nom", "Prénom"]
    assert [row[:2] for row in rows] == [
        ["Référent culture", "ARNAUD"],
        ["Référent numérique", "ARNAUD"],
        ["Référent numérique", "BERNARD"],
        ["Voyage à Rome", "BERNARD"],
    ]


def test_drafts_are_not_exported(envelope):
    _headers, rows = export_rows(envelope, "person")
    assert not any(row[5] == "005" for row in rows)


def test_the_csv_opens_in_a_french_spreadsheet(envelope):
    content, content_type, filename = render_export(envelope, "person", "csv")

    assert content.startswith(b"\xef\xbb\xbf")
    assert content_type == "text/csv; charset=utf-8"
    assert filename == "repartition-imp-0750654D-2026-2027-par-personne.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == PERSON_HEADERS
    assert rows[1][:2] + rows[1][4:] == [
        "ARNAUD",
        "Hugo",
        "Référent culture",
        "002",
        "Demi-taux",
        "2",
        "1250,00",
        "Annuelle",
        "",
        "",
        "",
    ]
    assert rows[2][12] == "1,50"
    assert len(rows) == 5


def test_the_xlsx_holds_real_numbers_and_a_bold_header(envelope):
    content, content_type, filename = render_export(envelope, "mission", "xlsx")

    assert filename == "repartition-imp-0750654D-2026-2027-par-mission.xlsx"
    assert content_type.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.values)
    assert list(values[0]) == ["Mission", *PERSON_HEADERS[:4], *PERSON_HEADERS[5:]]
    assert sheet["A1"].font.bold
    first = values[1]
    assert first[:3] + first[5:8] == ("Référent culture", "ARNAUD", "Hugo", "002", "Demi-taux", 2)
    assert first[8] == 1250 and isinstance(first[8], (int, float))
    assert values[2][12] == 1.5
    assert sum(row[8] or 0 for row in values[1:]) == 4062.5


def test_the_ods_holds_real_numbers_and_a_bold_header(envelope):
    from odf.namespaces import FONS, OFFICENS
    from odf.opendocument import load
    from odf.style import TextProperties
    from odf.table import TableCell, TableRow

    content, content_type, filename = render_export(envelope, "person", "ods")

    assert filename.endswith("-par-personne.ods")
    assert content_type == "application/vnd.oasis.opendocument.spreadsheet"
    document = load(io.BytesIO(content))
    rows = document.spreadsheet.getElementsByType(TableRow)
    header_cells = rows[0].getElementsByType(TableCell)
    assert [str(cell) for cell in header_cells] == PERSON_HEADERS
    assert header_cells[0].getAttribute("stylename") == "entete"
    header_style = next(s for s in document.automaticstyles.childNodes if s.getAttribute("name") == "entete")
    (text_properties,) = header_style.getElementsByType(TextProperties)
    assert text_properties.attributes[(FONS, "font-weight")] == "bold"
    first = rows[1].getElementsByType(TableCell)
    assert [str(cell) for cell in first[:2] + first[4:7]] == [
        "ARNAUD",
        "Hugo",
        "Référent culture",
        "002",
        "Demi-taux",
    ]
    amount = first[8]
    assert amount.attributes[(OFFICENS, "value-type")] == "float"
    assert Decimal(amount.attributes[(OFFICENS, "value")]) == Decimal("1250.00")
    assert first[5].attributes[(OFFICENS, "value-type")] == "string"  # "002" keeps its zeros


def test_pdf_is_not_available_yet(envelope):
    with pytest.raises(ExportUnavailable, match="pas encore disponible"):
        render_export(envelope, "person", "pdf")


def test_an_unknown_grouping_is_refused(envelope):
    with pytest.raises(ExportUnavailable, match="Regroupement inconnu"):
        export_rows(envelope, "discipline")


def test_an_export_takes_one_query(envelope, django_assert_num_queries):
    with django_assert_num_queries(1):
        export_rows(envelope, "person")


def test_the_ods_keeps_text_as_typed(establishment, school_year):
    # GIVEN a mission title with markup characters, a tab and double spaces (the ODS is written as raw XML)
    from odf import teletype
    from odf.opendocument import load
    from odf.table import TableCell, TableRow

    envelope = EnvelopeFactory(establishment=establishment, school_year=school_year)
    teacher = StaffMemberFactory(establishment=establishment, usage_name="Dupont", first_name="Léa")
    mission = MissionFactory(establishment=establishment, title='Club « <sciences> » & "robots"  2026')
    AllocationFactory(envelope=envelope, staff_member=teacher, mission=mission, rate=rate("003"), count=1)

    # WHEN it is exported as ODS
    content, _, _ = render_export(envelope, "person", "ods")

    # THEN a spreadsheet reads the same text back (a run of spaces is an ODF <text:s/>, read as spaces)
    row = load(io.BytesIO(content)).spreadsheet.getElementsByType(TableRow)[1]
    mission_cell = row.getElementsByType(TableCell)[PERSON_HEADERS.index("Mission")]
    assert teletype.extractText(mission_cell) == 'Club « <sciences> » & "robots"  2026'
