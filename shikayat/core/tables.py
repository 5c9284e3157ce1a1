"""Spreadsheets people upload (CSV in any common delimiter, or .xlsx), read into a header and numbered rows.

Every import reads its file here (portal complaints, the FIR register, the public search registers), so a
file saved the wrong way gets the same plain answer everywhere: which byte on which line is not UTF-8 and how to
save it from Excel, an old .xls, an empty file. Errors are InvalidInput on the form's "file" field."""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from shikayat.core.errors import InvalidInput


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list]]  # (row number as in the spreadsheet, cells); blank rows left out


def file_error(message: str) -> InvalidInput:
    """An error about the uploaded file as a whole, on the form's "file" field."""
    return InvalidInput(message, fields={"file": [message]})


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 3001234567.0 → "3001234567"
    if isinstance(value, datetime | date):
        return value
    return str(value).strip()


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise file_error(_("This file is saved as UTF-16 (“Unicode text”). Please save it as “CSV UTF-8” and "
                            "upload it again."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        raise file_error(_(
            "This file is not UTF-8 text: line %(line)d has the byte 0x%(byte)02X, which is not UTF-8 (the file "
            "was probably saved in a Windows code page). In Excel choose Save As → “CSV UTF-8 (Comma delimited)” "
            "and upload it again."
        ) % {"line": line, "byte": content[error.start]}) from error


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max((",", ";", "\t"), key=first.count) if first else ","


def _read_csv(content: bytes) -> list[tuple[int, list]]:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [(number, [_cell(v) for v in row]) for number, row in enumerate(reader, start=1)]
    except csv.Error as error:
        raise file_error(_("The CSV file is malformed near row %(row)d: %(error)s")
                          % {"row": reader.line_num, "error": error}) from error


def _read_xlsx(content: bytes) -> list[tuple[int, list]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise file_error(_("This is not a readable .xlsx workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [(number, [_cell(v) for v in row])
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()


def read_table(content: bytes) -> Table:
    """The first non-blank row is the header; blank rows are skipped but
    counted, so row numbers match what the spreadsheet shows."""
    if content.startswith(b"PK\x03\x04"):
        records = _read_xlsx(content)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise file_error(_("This is an old Excel .xls file. Please save it as .xlsx or “CSV UTF-8” and upload it "
                            "again."))
    else:
        records = _read_csv(content)
    records = [(number, cells) for number, cells in records if any(c != "" for c in cells)]
    if not records:
        raise file_error(_("The file is empty."))
    (_number, header), *rows = records
    return Table(header=[str(h).strip() for h in header], rows=rows)
