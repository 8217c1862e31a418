"""Reading an uploaded CSV file: encoding by byte order mark or guess, delimiter sniffing, limits.

Spreadsheet programs write UTF-8 with or without a BOM, UTF-16, or Windows-1252; residents' and
staff's lists arrive in all of them. Binary files (images, .xlsx) are refused with a message that
says what to do. :func:`pack`/:func:`unpack` carry the text between the steps of an import inside
the form, so any worker on any host can take the next step.
"""

import base64
import codecs
import csv
import io
import zlib

from flask_babel import gettext as _

from participation.core.errors import ServiceError

#: Rows an import reads at most (a district's whole contact list fits many times).
MAX_ROWS = 20000
#: Characters of text, also after inflating a packed form field (a zip bomb stops here).
MAX_TEXT = 10 * 1024 * 1024


class CsvError(ServiceError):
    """The file cannot be read at all (shown on the upload field)."""

    def __init__(self, message: str):
        super().__init__(message, field="file")


def pack(text: str) -> str:
    """Compress *text* for the hidden form field."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def unpack(blob: str) -> str:
    """Inverse of :func:`pack`, refusing anything that inflates beyond ``MAX_TEXT``."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(base64.b64decode(blob, validate=True), MAX_TEXT).decode("utf-8")
    except (ValueError, zlib.error) as exc:
        raise CsvError(_("The uploaded data could not be read. Please upload again.")) from exc
    if inflater.unconsumed_tail:
        raise CsvError(_("The file is too large."))
    return raw


def decode(data: bytes) -> str:
    """Text of an uploaded CSV: UTF-16/32 by their byte order mark, UTF-8 (with or without BOM),
    else Windows-1252 as written by spreadsheet programs. Binary files are refused clearly.

    :raises CsvError: for files that are not text (images, archives, spreadsheets as .xlsx).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _text_only(data[len(bom) :].decode(codec))
            except UnicodeDecodeError as exc:
                raise CsvError(_not_text()) from exc
    if b"\x00" in data[:4096]:
        # UTF-16 without a byte order mark (every other byte NUL for Latin text), or binary
        for codec, zeros in (("utf-16-le", data[1:4096:2]), ("utf-16-be", data[0:4096:2])):
            if zeros and zeros.count(0) == len(zeros):
                try:
                    return _text_only(data.decode(codec))
                except UnicodeDecodeError:
                    break
        raise CsvError(_not_text())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _text_only(text)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _not_text() -> str:
    return _(
        "This file is not a CSV text file. Please save the list as CSV (UTF-8 or UTF-16) "
        "in your spreadsheet program and upload that file."
    )


def _text_only(text: str) -> str:
    """Refuse text with control characters that no contact list contains (binary data)."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(3, len(sample) // 200) or "\x00" in sample:
        raise CsvError(_not_text())
    return text


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows; the delimiter (comma, semicolon, tab) is detected."""
    sample = text[:5000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        raise CsvError(_("The first line of the file cannot be read as column names.")) from exc
    header = [h.strip() for h in fieldnames if h and h.strip()]
    if not header:
        raise CsvError(_("The file has no header row with column names."))
    rows = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise CsvError(_("The file has more than %(n)s rows.", n=MAX_ROWS))
            rows.append({(k or "").strip(): (v or "").strip() for k, v in row.items() if k})
    except csv.Error as exc:  # a field over csv.field_size_limit() (131,072), a NUL, bad quoting
        raise CsvError(
            _(
                "Line %(line)s of the file cannot be read (a field is longer than %(n)s "
                "characters or a quote is not closed). Please check the file.",
                line=reader.line_num,
                n=f"{csv.field_size_limit():,}".replace(",", "."),
            )
        ) from exc
    return header, rows
