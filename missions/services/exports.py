"""The one way to write the répartition as a file: what the secretariat types into STSWeb.

Columns follow what STSWeb asks for each IMP (person, mission, rate code 001…005, number) plus the amount and,
for a décharge, the ARE hours (décharges are entered in STSWeb as ARE, "activités à responsabilité
établissement"). Drafts are left out: they are not granted. CSV is for French spreadsheets (UTF-8 with BOM,
`;` separator, decimal comma); ODS and XLSX hold real numbers, so totals can be computed on them.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from missions.models import Allocation

FORMATS = ("csv", "ods", "xlsx")
RESERVED_FORMATS = {"pdf": "L'export PDF n'est pas encore disponible : choisissez csv, ods ou xlsx."}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BY_CHOICES = {"person": "par-personne", "mission": "par-mission", "month": "echeancier-mensuel"}
# The secretariat types each line into STSWeb: the STSWeb id and the birth date tell homonyms apart.
IDENTITY_HEADERS = ["Nom", "Prénom", "Identifiant STSWeb", "Date de naissance"]
PERSON_HEADERS = [
    *IDENTITY_HEADERS,
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
MISSION_HEADERS = ["Mission", *IDENTITY_HEADERS, *PERSON_HEADERS[5:]]
MONTH_HEADERS = [
    "Mois de paiement",
    *IDENTITY_HEADERS,
    "Mission",
    "Code taux STSWeb",
    "Montant brut (€)",
    "Neuvièmes",
    "Rappel",
]
AMOUNT_HEADERS = ("Montant annuel brut (€)", "Montant brut (€)")
SHEET_TITLE = "Répartition IMP"


class ExportUnavailable(ValueError):
    """An unknown or not yet available format, or an unknown grouping; the message is in French."""


def _check(by, fmt=None):
    if by not in BY_CHOICES:
        raise ExportUnavailable(f"Regroupement inconnu « {by} » : choisissez person, mission ou month.")
    if fmt is not None and fmt not in FORMATS:
        raise ExportUnavailable(
            RESERVED_FORMATS.get(fmt, f"Format inconnu « {fmt} » : choisissez csv, ods ou xlsx.")
        )


def _counted(envelope):
    return (
        Allocation.objects.counted()
        .filter(envelope=envelope)
        .select_related("staff_member", "mission", "rate", "envelope__school_year")
    )


def has_rows(envelope) -> bool:
    """Whether the year has anything to export (drafts are not exported)."""
    return envelope is not None and Allocation.objects.counted().filter(envelope=envelope).exists()


def _identity(staff) -> list:
    return [staff.usage_name.upper(), staff.first_name, staff.sts_id or None, staff.birth_date]


def export_rows(envelope, by="person") -> tuple[list[str], list[list]]:
    """(headers, rows) of the répartition; cells are str, int, Decimal or date, None when empty. One query."""
    _check(by)
    if by == "month":
        return schedule_rows(envelope)
    allocations = _counted(envelope)
    person_order = ("staff_member__sort_key", "mission__title", "pk")
    mission_order = ("mission__title", "staff_member__sort_key", "pk")
    rows = []
    for a in allocations.order_by(*(person_order if by == "person" else mission_order)):
        pay = a.kind == Allocation.Kind.PAY
        identity = _identity(a.staff_member)
        person = [*identity, a.mission.title] if by == "person" else [a.mission.title, *identity]
        rows.append(
            [
                *person,
                a.rate.code if pay else None,
                a.rate.label if pay else "Décharge (ARE)",
                a.count if pay else None,
                a.amount if pay else None,
                a.get_periodicity_display(),
                a.start_date,
                a.end_date,
                None if pay else a.discharge_hours,
            ]
        )
    return (PERSON_HEADERS if by == "person" else MISSION_HEADERS), rows


def schedule_rows(envelope) -> tuple[list[str], list[list]]:
    """The month-by-month payment schedule: one line per payment (person × mission × month), in month order;
    one-off missions awaiting their "service fait" come last, without a month."""
    from missions.services.schedule import payment_schedule

    lines = []
    for a in _counted(envelope).filter(kind=Allocation.Kind.PAY).order_by("staff_member__sort_key", "pk"):
        for instalment in payment_schedule(a):
            lines.append(
                (
                    instalment.month or date.max,
                    [
                        instalment.label,
                        *_identity(a.staff_member),
                        a.mission.title,
                        a.rate.code,
                        instalment.amount,
                        instalment.ninths or None,
                        instalment.arrears_label.removeprefix("dont ") or None,
                    ],
                )
            )
    lines.sort(key=lambda line: line[0])  # stable: people stay in name order within a month
    return MONTH_HEADERS, [row for _, row in lines]


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
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
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
        elif isinstance(value, date):
            element = TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
            value = value.strftime("%d/%m/%Y")
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
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(headers)
    for header_cell in sheet[1]:
        header_cell.font = Font(bold=True)
    amount_column = next(headers.index(name) for name in AMOUNT_HEADERS if name in headers) + 1
    for row in rows:
        sheet.append(row)
        for text_cell in sheet[sheet.max_row]:
            if isinstance(text_cell.value, str):
                # openpyxl writes a text starting with "=" as a formula: keep it text (formula injection)
                text_cell.data_type = "s"
            elif isinstance(text_cell.value, date):
                text_cell.number_format = "DD/MM/YYYY"
        sheet.cell(row=sheet.max_row, column=amount_column).number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(
            12, len(header) + 2
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
