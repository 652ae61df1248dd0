"""A spreadsheet (.xlsx, written and read with openpyxl) for translators without a CAT tool.

One sheet per report; one row per unit: id, ¶ number, 中文, English, status,
terms, figures, masks, and the fingerprint of the Chinese (hidden). The sheet
is protected (without a password: a guard, not a lock) with only English and
status open for editing, so the Chinese and the ids come back as they went.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from .storage import FileProblems, Problem, Returned, looks_chinese
from .units import FINAL, NEEDS_REVIEW, NEW, SIGNED_OFF, TRANSLATED_STATE, Unit

HEADER = ("id", "¶", "中文", "English", "status", "terms", "figures", "masks", "fingerprint")
WIDTHS = (24, 8, 60, 80, 24, 36, 36, 12, 14)
ENGLISH, STATUS = 4, 5  # 1-based columns: D and E
# A confirmed row goes out as "confirmed", not "final": a translator who edits its English and leaves the
# status as it was must not confirm the new text. Writing "final" (or "signed-off") is the sign-off.
CONFIRMED = "confirmed"
STATES = (NEW, NEEDS_REVIEW, TRANSLATED_STATE, CONFIRMED, FINAL, "signed-off")
# Fixed document dates: the same units give the same workbook.
FIXED_DATE = datetime.datetime(2000, 1, 1)


class XlsxFile:
    """Spreadsheet storage."""

    def write(self, units: list[Unit], yaml_paths: dict[str, str]) -> bytes:
        book = Workbook()
        book.remove(book.active)
        for slug in dict.fromkeys(u.report for u in units):
            self._sheet(book.create_sheet(slug), [u for u in units if u.report == slug])
        book.properties.creator = "gaobu_build"
        book.properties.created = book.properties.modified = FIXED_DATE
        out = io.BytesIO()
        book.save(out)
        return _fixed_dates(out.getvalue())

    def _sheet(self, sheet, units: list[Unit]) -> None:
        sheet.append(HEADER)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for u in units:
            sheet.append((u.id, u.number, u.zh, u.en or "", CONFIRMED if u.state == FINAL else u.state,
                          "\n".join(f"{t.zh} → {t.en}" for t in u.terms), "\n".join(u.figures), " ".join(u.masks), u.fingerprint))
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
            for column in (ENGLISH, STATUS):
                row[column - 1].protection = Protection(locked=False)
        for index, width in enumerate(WIDTHS):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.column_dimensions["I"].hidden = True
        sheet.freeze_panes = "A2"
        states = DataValidation(type="list", formula1='"' + ",".join(STATES) + '"', allow_blank=True)
        states.add(f"E2:E{max(2, len(units) + 1)}")
        sheet.add_data_validation(states)
        sheet.protection.sheet = True
        # Translators may still resize columns and rows to read long paragraphs.
        sheet.protection.formatColumns = sheet.protection.formatRows = False

    # -- reading ------------------------------------------------------------------
    def read(self, name: str, data: bytes) -> list[Returned]:
        try:
            book = load_workbook(io.BytesIO(data), data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
            raise FileProblems([Problem(name, f"Not an .xlsx workbook ({type(exc).__name__}: {exc})", "not-xlsx",
                                        "Save the spreadsheet as Excel Workbook (.xlsx) and import that file.")]) from None
        problems: list[Problem] = []
        returned: list[Returned] = []
        for sheet in book.worksheets:
            returned.extend(self._sheet_units(name, sheet, problems))
        if problems:
            raise FileProblems(problems)
        return returned

    def _sheet_units(self, name: str, sheet, problems: list[Problem]) -> list[Returned]:
        where = f"{name}!{sheet.title}"
        header = tuple(_text(c.value) for c in next(sheet.iter_rows(max_row=1), ()))
        if header[: len(HEADER)] != HEADER:
            problems.append(Problem(f"{where}!A1", f"Expected the columns {', '.join(HEADER)} but received: "
                                                   f"{', '.join(h for h in header if h) or 'nothing'}",
                                    "wrong-columns", "Keep the columns as exported: fill in English and status only."))
            return []
        seen: dict[str, int] = {}
        out = []
        for row in sheet.iter_rows(min_row=2):
            number = row[0].row
            ident, source, target, status, fp = (_text(row[i].value) for i in (0, 2, ENGLISH - 1, STATUS - 1, 8))
            if not ident:
                continue
            if ident in seen:
                problems.append(Problem(f"{where}!A{number}", f"Duplicate id '{ident}' (first in row {seen[ident]})",
                                        "duplicate-id", "Each unit may come back once: delete the copied row."))
                continue
            seen[ident] = number
            target = target.strip()
            if target and "".join(target.split()) == "".join(source.split()):
                target = ""  # the Chinese copied across: still untranslated
            elif target and looks_chinese(target):
                problems.append(Problem(f"{where}!D{number}", f"The English of '{ident}' is not English: "
                                                             f"{target[:30] + ('…' if len(target) > 30 else '')!r}",
                                        "wrong-language", "Write the English translation in column D, or leave it empty."))
                continue
            out.append(Returned(sheet.title, ident, source, target, status.strip().lower() in SIGNED_OFF,
                                fp.strip() or None, f"{where}!D{number}"))
        return out


def _fixed_dates(workbook: bytes) -> bytes:
    """The workbook dated FIXED_DATE throughout: openpyxl dates its zip entries and `modified` at saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "docProps/core.xml":
                core = etree.fromstring(data)
                for modified in core.iter("{http://purl.org/dc/terms/}modified"):
                    modified.text = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
                data = etree.tostring(core, xml_declaration=True, encoding="UTF-8", standalone=True)
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    return out.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value)
