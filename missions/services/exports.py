"""The one way to write the répartition as a file: what the secretariat types into STSWeb.

Columns follow what STSWeb asks for each IMP (person, mission, rate code 001…005, number) plus the amount and,
for a décharge, the ARE hours (décharges are entered in STSWeb as ARE, "activités à responsabilité
établissement"). Drafts are left out: they are not granted. CSV is for French spreadsheets (UTF-8 with BOM,
`;` separator, decimal comma); ODS and XLSX hold real numbers, so totals can be computed on them.
"""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

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
        .select_related("staff_member", "mission", "rate")
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
    ordered = allocations.order_by(*(person_order if by == "person" else mission_order))
    # Streamed in chunks: rows die young instead of piling up (3 000 live model instances made the garbage
    # collector rescan them all, again and again: 3 000 rows cost 18 times 300).
    for a in ordered.iterator(chunk_size=500):
        a.envelope = envelope  # loaded once, with its school year (the amounts' base), not joined per row
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


ODS_MIMETYPE = CONTENT_TYPES["ods"]
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"'
)
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
ODS_STYLES = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {ODS_NAMESPACES}/>'
# The header's style: bold on the DSFR's light blue.
ODS_HEADER_STYLE = (
    '<style:style style:name="entete" style:family="table-cell">'
    '<style:table-cell-properties fo:background-color="#e3e3fd"/>'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
)


QUOTE = {'"': "&quot;"}


def _ods_text(value) -> str:
    """A paragraph's text in ODF: escaped, tabs and line breaks as elements, runs of spaces kept."""
    text = xml_escape(str(value))
    text = text.replace("\t", "<text:tab/>").replace("\n", "<text:line-break/>")
    return text.replace("  ", " <text:s/>")


def _ods_cell(value, style="") -> str:
    style = f' table:style-name="{style}"' if style else ""
    if value is None:
        return f"<table:table-cell{style}/>"
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        kind = f'office:value-type="float" office:value="{value}"'
    elif isinstance(value, date):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
        value = value.strftime("%d/%m/%Y")
    else:
        kind = 'office:value-type="string"'
    return f"<table:table-cell{style} {kind}><text:p>{_ods_text(value)}</text:p></table:table-cell>"


def _ods(headers, rows) -> bytes:
    """The OpenDocument spreadsheet written directly (a zip of a few XML files), one line of XML per row:
    linear in the rows, where building it through odfpy's element tree cost 2 ms a row."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NAMESPACES}>',
        f"<office:automatic-styles>{ODS_HEADER_STYLE}</office:automatic-styles>",
        f'<office:body><office:spreadsheet><table:table table:name="{xml_escape(SHEET_TITLE, QUOTE)}">',
        "<table:table-row>"
        + "".join(_ods_cell(header, "entete") for header in headers)
        + "</table:table-row>",
    ]
    parts.extend("<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>" for row in rows)
    parts.append("</table:table></office:spreadsheet></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype comes first, stored uncompressed: that is how a reader recognises the format.
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("styles.xml", ODS_STYLES)
        archive.writestr("content.xml", "\n".join(parts))
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
    amount_column = next(headers.index(name) for name in AMOUNT_HEADERS if name in headers)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # openpyxl writes a text starting with "=" as a formula: keep it text (formula injection)
                cell.data_type = "s"
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            if index == amount_column:
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
