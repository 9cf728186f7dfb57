"""The one way to write the répartition as a file: what the secretariat types into STSWeb.

Columns follow what STSWeb asks for each IMP (person, mission, rate code 001…005, number) plus the amount and,
for a décharge, the ARE hours (décharges are entered in STSWeb as ARE, "activités à responsabilité
établissement"). Drafts are left out: they are not granted. CSV is for French spreadsheets (UTF-8 with BOM,
`;` separator, decimal comma); ODS and XLSX hold real numbers, so totals can be computed on them.
"""

import csv
import io
from decimal import Decimal

from missions.models import Allocation

FORMATS = ("csv", "ods", "xlsx")
RESERVED_FORMATS = {"pdf": "L'export PDF n'est pas encore disponible : choisissez csv, ods ou xlsx."}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BY_CHOICES = {"person": "par-personne", "mission": "par-mission"}
PERSON_HEADERS = [
    "Nom",
    "Prénom",
    "Mission",
    "Code taux STSWeb",
    "Taux",
    "Nombre",
    "Montant annuel (€)",
    "Périodicité",
    "Décharge ARE (h)",
]
MISSION_HEADERS = ["Mission", "Nom", "Prénom", *PERSON_HEADERS[3:]]
SHEET_TITLE = "Répartition IMP"


class ExportUnavailable(ValueError):
    """An unknown or not yet available format, or an unknown grouping; the message is in French."""


def _check(by, fmt=None):
    if by not in BY_CHOICES:
        raise ExportUnavailable(f"Regroupement inconnu « {by} » : choisissez person ou mission.")
    if fmt is not None and fmt not in FORMATS:
        raise ExportUnavailable(
            RESERVED_FORMATS.get(fmt, f"Format inconnu « {fmt} » : choisissez csv, ods ou xlsx.")
        )


def export_rows(envelope, by="person") -> tuple[list[str], list[list]]:
    """(headers, rows) of the répartition; cells are str, int or Decimal, None when empty. One query."""
    _check(by)
    allocations = (
        Allocation.objects.counted()
        .filter(envelope=envelope)
        .select_related("staff_member", "mission", "rate")
    )
    person_order = ("staff_member__usage_name", "staff_member__first_name", "mission__title", "pk")
    mission_order = ("mission__title", "staff_member__usage_name", "staff_member__first_name", "pk")
    rows = []
    for a in allocations.order_by(*(person_order if by == "person" else mission_order)):
        a.envelope = envelope  # loaded once, with its school year (the amounts' base), not joined per row
        pay = a.kind == Allocation.Kind.PAY
        name, first_name = a.staff_member.usage_name.upper(), a.staff_member.first_name
        person = (
            [name, first_name, a.mission.title] if by == "person" else [a.mission.title, name, first_name]
        )
        rows.append(
            [
                *person,
                a.rate.code if pay else None,
                a.rate.label if pay else "Décharge (ARE)",
                a.count if pay else None,
                a.amount if pay else None,
                a.get_periodicity_display(),
                None if pay else a.discharge_hours,
            ]
        )
    return (PERSON_HEADERS if by == "person" else MISSION_HEADERS), rows


def filename_for(envelope, by, fmt) -> str:
    """`repartition-imp-0750654D-2026-2027-par-personne.csv`."""
    return f"repartition-imp-{envelope.establishment.uai}-{envelope.school_year.label}-{BY_CHOICES[by]}.{fmt}"


def render_export(envelope, by="person", fmt="csv") -> tuple[bytes, str, str]:
    """The file's bytes, its content type and its file name."""
    _check(by, fmt)
    headers, rows = export_rows(envelope, by)
    content = {"csv": _csv, "ods": _ods, "xlsx": _xlsx}[fmt](headers, rows)
    return content, CONTENT_TYPES[fmt], filename_for(envelope, by, fmt)


# A text cell starting with one of these is a formula for Excel and LibreOffice (CSV/formula injection,
# OWASP): a mission title or a name typed as "=HYPERLINK(…)" would run on the secretariat's computer.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    """Numbers as a French spreadsheet reads them: no thousands separator, decimal comma ("1250,00").

    Text that a spreadsheet would take for a formula is prefixed with an apostrophe (shown as text)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _ods(headers, rows) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    bold = Style(name="entete", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    bold.addElement(TableCellProperties(backgroundcolor="#e3e3fd"))
    document.automaticstyles.addElement(bold)
    table = Table(name=SHEET_TITLE)

    def cell(value, style=None):
        attributes = {"stylename": style} if style else {}
        if value is None:
            return TableCell(**attributes)
        if isinstance(value, (int, Decimal)):
            element = TableCell(valuetype="float", value=str(value), **attributes)
        else:
            element = TableCell(valuetype="string", **attributes)
        element.addElement(P(text=str(value)))
        return element

    header_row = TableRow()
    for header in headers:
        header_row.addElement(cell(header, bold))
    table.addElement(header_row)
    for row in rows:
        table_row = TableRow()
        for value in row:
            table_row.addElement(cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _xlsx(headers, rows) -> bytes:
    """openpyxl's write-only mode: rows are streamed to the file as they come, so 3 000 rows cost ten times
    300 (appending to a normal sheet and reading back `max_row` for each row rescans the sheet: quadratic)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(12, len(header) + 2)
    bold = Font(bold=True)

    def header_cell(text):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    sheet.append([header_cell(header) for header in headers])
    amount_column = headers.index("Montant annuel (€)")
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # openpyxl writes a text starting with "=" as a formula: keep it text (formula injection)
                cell.data_type = "s"
            if index == amount_column:
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
