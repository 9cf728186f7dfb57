"""Downloading the répartition for STSWeb from the page: CSV, ODS, XLSX, per person or per mission."""

import csv
import html
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from odf import teletype
from odf.opendocument import load as load_ods
from odf.table import TableRow

from missions.models import Mission, Rate
from missions.services.allocations import allocate
from tests.factories import DotationFactory, SchoolYearFactory, StaffMemberFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def export_url(establishment, query=""):
    return reverse("allocation_export", args=[establishment.uai]) + (f"?{query}" if query else "")


@pytest.fixture
def repartition(establishment, school_year):
    """Two people: ZOLA holds a base-rate coordination, ABEL a quarter-rate tutorat and a décharge."""
    envelope = DotationFactory(
        envelope__establishment=establishment, envelope__school_year=school_year, units=Decimal("7")
    ).envelope
    zola = StaffMemberFactory(establishment=establishment, usage_name="Zola", first_name="Émile")
    abel = StaffMemberFactory(establishment=establishment, usage_name="Abel", first_name="Nora")

    def mission(code):
        return Mission.objects.get(code=code, establishment__isnull=True)

    base, quarter = Rate.objects.get(code="003"), Rate.objects.get(code="001")
    allocate(
        envelope=envelope,
        staff_member=zola,
        mission=mission("coordination-discipline"),
        actor=None,
        rate=base,
        count=1,
    )
    allocate(
        envelope=envelope, staff_member=abel, mission=mission("tutorat"), actor=None, rate=quarter, count=1
    )
    allocate(
        envelope=envelope,
        staff_member=abel,
        mission=mission("referent-numerique"),
        actor=None,
        kind="discharge",
        discharge_hours=Decimal("2"),
    )
    return envelope


@pytest.fixture
def bursar(client_for, personas):
    return client_for(personas.bursar)


def test_csv_by_person_downloads_and_reads_back(bursar, establishment, repartition):
    response = bursar.get(export_url(establishment, "format=csv&par=personne"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="repartition-imp-0750654D-2026-2027-par-personne.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Nom", "Prénom", "Identifiant STSWeb", "Date de naissance", "Mission"]
    assert [row[0] for row in rows[1:]] == ["ABEL", "ABEL", "ZOLA"]
    zola = rows[3]
    assert zola[5:9] == ["003", "Taux de base", "1", "1250,00"]
    discharge = next(row for row in rows if "numérique" in row[4].lower())
    assert discharge[-1] == "2,00"


def test_xlsx_by_mission_holds_real_numbers(bursar, establishment, repartition):
    response = bursar.get(export_url(establishment, "format=xlsx&par=mission"))

    assert "par-mission.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mission"
    coordination = next(row for row in rows[1:] if row[1] == "ZOLA")
    assert coordination[5] == "003"
    assert float(coordination[8]) == 1250.0  # a number, not text


def test_ods_by_person_reads_back(bursar, establishment, repartition):
    response = bursar.get(export_url(establishment, "format=ods&par=personne"))

    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    document = load_ods(io.BytesIO(response.content))
    lines = [teletype.extractText(row) for row in document.spreadsheet.getElementsByType(TableRow)]
    assert any("ZOLA" in line and "003" in line for line in lines)


def test_without_a_format_the_page_lists_the_exports(bursar, establishment, repartition):
    response = bursar.get(export_url(establishment))

    assert response.status_code == 200
    assert export_url(establishment, "format=xlsx&par=mission&annee=2026") in text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("format=docx", "Format inconnu"),
        ("format=pdf", "pas encore disponible"),
        ("format=", "Choisissez un format"),
        ("format=csv&par=classe", "Regroupement inconnu"),
    ],
)
def test_bad_parameters_answer_400_in_french(bursar, establishment, repartition, query, message):
    response = bursar.get(export_url(establishment, query))

    assert response.status_code == 400
    assert message in text(response)


def test_an_unknown_year_answers_400(bursar, establishment, repartition):
    response = bursar.get(export_url(establishment, "format=csv&annee=deux-mille"))

    assert response.status_code == 400
    assert "Année scolaire inconnue" in text(response)


def test_a_year_without_repartition_says_so(bursar, establishment, repartition):
    SchoolYearFactory(start_year=2027)

    response = bursar.get(export_url(establishment, "format=csv&annee=2027"))

    assert response.status_code == 404
    assert "Rien à exporter : aucune attribution validée pour l'année 2027-2028" in text(response)


def test_no_export_link_for_a_year_with_nothing_to_export(bursar, establishment, repartition):
    SchoolYearFactory(start_year=2027)

    page = text(bursar.get(export_url(establishment) + "?annee=2027"))

    assert "format=csv" not in page and "Rien à exporter pour l'année 2027-2028" in page


@pytest.mark.parametrize(("role", "status"), [("head", 200), ("deputy", 200), ("staff", 403), ("board", 403)])
def test_who_may_export(client_for, personas, establishment, repartition, role, status):
    response = client_for(getattr(personas, role)).get(export_url(establishment, "format=csv"))

    assert response.status_code == status


def test_another_establishment_cannot_export_ours(client_for, personas, establishment, repartition):
    assert client_for(personas.outsider).get(export_url(establishment, "format=csv")).status_code == 404
