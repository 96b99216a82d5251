"""Spreadsheet safety: exported cells never start like a formula.

A CSV or spreadsheet export carries citizen text (and visitors' search terms); a
spreadsheet program that opens it would run a cell such as `=HYPERLINK(…)` (CSV
injection). One guard, `spreadsheet_safe`, puts an apostrophe before any text cell
that starts like a formula, and every export goes through it in one of two writers:

- `csv_writer`, `csv_response` and `xlsx_response` here, for the exports the
  project writes itself (the open-data CSV of a participation page, the
  accountability report);
- Wagtail's `SpreadsheetExportMixin`, which writes every admin listing's CSV and
  XLSX export (proposals, comments, questionnaire answers, users, search terms, site
  history…): `guard_admin_exports`, run once at start-up by `core.apps`, passes each
  of its headings and cells through the same guard, so that a listing added later,
  by the project or by Wagtail, is guarded too.

The same guard applies to XLSX: a cell starting like a formula is always written as
text there, and shows the apostrophe as in the CSV.

Nothing else writes CSV or XLSX (tests/security/test_spreadsheet_exports.py looks
through the code). This module imports Django only in the functions that answer a
request, so that pure code (budget.pabulib) may use the guard.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from io import BytesIO

# The characters that make a spreadsheet read a cell as a formula, in ASCII and in
# their full-width forms; also a tab, a carriage return or a line feed in front.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
LEADING_CONTROLS = ("\t", "\r", "\n")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def looks_like_formula(value) -> bool:
    if not isinstance(value, str) or not value:
        return False
    return value.startswith(LEADING_CONTROLS) or value.lstrip().startswith(FORMULA_STARTS)


def spreadsheet_safe(value):
    """`value`, with an apostrophe in front when it is text starting like a formula.
    Numbers, dates and other values pass unchanged; guarding twice changes nothing."""
    if looks_like_formula(value):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [spreadsheet_safe(cell) for cell in row]


class _GuardedWriter:
    """A `csv.writer` whose every cell goes through `spreadsheet_safe`."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> _GuardedWriter:
    """Like `csv.writer(file, **options)`, with every cell guarded."""
    return _GuardedWriter(file, **options)


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[Iterable], *, filename: str, bom: bool = True):
    """A CSV download of `rows` (the first one being the headings), every cell guarded.

    `bom`: starts with a byte-order mark, so that spreadsheet programs read UTF-8.
    """
    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    if bom:
        response.write("\ufeff")
    csv_writer(response).writerows(rows)
    return _attachment(response, filename)


def xlsx_bytes(rows: Iterable[Iterable], *, sheet_title: str) -> bytes:
    """An XLSX workbook of one sheet holding `rows`, every cell guarded and a cell
    starting like a formula always stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        cells = []
        for value in safe_row(row):
            cell = WriteOnlyCell(sheet, value)
            if cell.data_type == "f":
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(rows: Iterable[Iterable], *, filename: str, sheet_title: str):
    from django.http import HttpResponse

    response = HttpResponse(
        xlsx_bytes(rows, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE
    )
    return _attachment(response, filename)


def guard_admin_exports() -> None:
    """Pass every heading and cell of Wagtail's admin exports through the guard.

    `SpreadsheetExportMixin` turns each value into a cell with
    `preprocess_field_value` and each column's heading with `get_heading`, for CSV
    and XLSX alike; both are wrapped here, once for every subclass.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "agora_guarded", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(preprocess(self, field, value, export_format))

    def get_heading(self, queryset, field):
        return spreadsheet_safe(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin.agora_guarded = True
