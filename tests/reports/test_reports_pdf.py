"""The council PDF: produced, text-extractable, the right sections and hand-counted numbers,
non-ASCII text intact, metadata, and an archive that cannot be changed."""

import re
import shutil
import subprocess
import unicodedata
from io import BytesIO

import pytest
from _report_texts import ARABIC_WORD, MINORITY, TURKISH

from participation.extensions import db

pytestmark = pytest.mark.berlin

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (Debian poppler-utils) is missing; scripts/test.sh installs it",
)


def pdf_text(pdf: bytes, tmp_path) -> str:
    """pdftotext output, NFKC-normalised (Arabic presentation forms → letters), spaces squeezed."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", out))


@pytest.fixture
def version(report_process, planner):
    from participation.reports.services import generate_version

    v = generate_version(report_process, language="de", user=planner)
    db.session.commit()
    return v


@needs_pdftotext
def test_pdf_has_sections_and_hand_counted_figures(version, tmp_path):
    text = pdf_text(version.pdf, tmp_path)
    for heading in (
        "Inhalt",
        "Das Verfahren auf einen Blick",
        "Wer mitgemacht hat",
        "Beteiligung nach Weg",
        "Beteiligung nach Gebiet",
        "Zusammensetzung der Befragten",
        "Beiträge nach Kategorie und Ergebnis",
        "Beiträge mit der meisten Unterstützung",
        "Durchgeführte Sitzungen",
        "Maßnahmen",
        "Antworten und was noch offen ist",
        "Methode und Datenschutz",
    ):
        assert heading in text, heading
    assert "Beiträge insgesamt: 21" in text
    # by channel: 12 online; 2 by phone is a small cell; paper is hidden so it cannot be
    # worked out as 21 - 12 - 2
    assert re.search(r"Online 12 Papierkarte × Am Telefon <\s?5", text)
    # by area beside the population (Körnerpark 14, Glasower Straße 7)
    assert re.search(r"Körnerpark 14 [\d.]+ [\d,]+", text)
    assert re.search(r"Glasower Straße 7 [\d.]+", text)
    # the meeting: votes and the minority opinion
    assert "9 Ja, 2 Nein, 1 Enthaltungen" in text
    assert f"Minderheitsvotum: {MINORITY}" in text
    # the measure with the three contributions behind it
    assert "Sonnensegel über dem Sandkasten Vorgeschlagen 3" in text
    # table of contents and page numbers
    pages = int(re.search(r"Seite 2 von (\d+)", text).group(1))
    assert pages >= 3 and f"Seite {pages} von {pages}" in text
    assert "Seite 1 von" not in text  # no footer on the cover


@needs_pdftotext
def test_pdf_keeps_turkish_and_arabic_text(version, tmp_path):
    text = pdf_text(version.pdf, tmp_path)
    assert TURKISH in text  # ı ş ğ ü Ç as typed
    assert "ı" in TURKISH and "ş" in TURKISH and "ğ" in TURKISH and "ü" in TURKISH
    # Arabic is drawn shaped (joined letters); extracted and normalised it is the same word
    assert ARABIC_WORD in text


def test_pdf_metadata_and_embedded_font(version):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(version.pdf))
    assert reader.metadata.title == "Beteiligungsbericht: Spielplatz Körnerpark"
    assert reader.metadata.author
    assert reader.metadata.subject.startswith("Bericht an die")
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/TrueType":
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor  # the glyphs travel with the file
                embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded, embedded
    # the outline (bookmarks) mirrors the table of contents
    titles = [item.title for item in reader.outline if hasattr(item, "title")]
    assert "Das Verfahren auf einen Blick" in titles


@needs_pdftotext
def test_english_report(report_process, tmp_path):
    from participation.reports.services import generate_version

    v = generate_version(report_process, language="en")
    text = pdf_text(v.pdf, tmp_path)
    assert "Participation report: Spielplatz Körnerpark" in text
    assert "Who took part" in text and "Page 2 of" in text
    from pypdf import PdfReader

    assert PdfReader(BytesIO(v.pdf)).trailer["/Root"]["/Lang"] == "en-GB"


def test_archive_is_immutable(version):
    import hashlib

    from participation.reports.models import ImmutableVersionError, ReportVersion

    assert version.sha256 == hashlib.sha256(version.pdf).hexdigest()
    assert version.size == len(version.pdf) and version.state == "draft"
    for column, value in (("pdf", b"%PDF-forged"), ("sha256", "0" * 64), ("language", "en")):
        fresh = db.session.get(ReportVersion, version.id)
        setattr(fresh, column, value)
        with pytest.raises(ImmutableVersionError):
            db.session.flush()
        db.session.rollback()
    stored = db.session.get(ReportVersion, version.id)
    assert hashlib.sha256(stored.pdf).hexdigest() == stored.sha256 == version.sha256


def test_area_report_over_a_period(report_process, area):
    """An area report counts contributions of the area's subtree in the period only."""
    from datetime import date, timedelta

    from participation.reports.data import gather

    neukoelln = area("08")  # the whole district
    today = date.today()
    data = gather(area=neukoelln, start=today - timedelta(days=1), end=today)
    assert str(data.total) == "21"
    empty = gather(area=neukoelln, start=today - timedelta(days=30), end=today - timedelta(days=2))
    assert str(empty.total) == "0"


def test_draft_minutes_are_not_quoted(report_process):
    """Decisions from minutes that are not approved yet stay out of an archived report."""
    from flask_babel import force_locale

    from participation.meetings.models import Meeting
    from participation.reports.data import gather

    meeting = db.session.scalar(db.select(Meeting))
    meeting.minutes_status = "draft"
    db.session.commit()
    with force_locale("de"):
        data = gather(report_process)
    (held,) = data.meetings
    assert held["decisions"] == [] and held["unapproved"] is True
    assert held["public_attendees"] == 34
