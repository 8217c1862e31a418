"""Archived council report versions (immutable PDFs) and the jobs that generate them."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db

#: Life cycle of an archived version: staff and council read drafts; everyone reads published ones.
VERSION_STATES = {"draft": _l("Draft"), "published": _l("Published")}
#: Life cycle of a generation job.
JOB_STATES = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "done": _l("Done"),
    "failed": _l("Failed"),
}
#: Languages a report can be written in.
LANGUAGES = {"de": "Deutsch", "en": "English"}
#: Columns that never change after the version was inserted (the archive is immutable).
IMMUTABLE_COLUMNS = (
    "pdf",
    "sha256",
    "size",
    "process_id",
    "area_id",
    "period_start",
    "period_end",
    "language",
    "created_at",
)


class ImmutableVersionError(RuntimeError):
    """Raised when code tries to change the content of an archived report version."""


class ReportVersion(db.Model):
    """One archived, dated, immutable council report (a PDF), per process or per area and period."""

    __tablename__ = "report_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The process reported on; NULL for an area report over a period.
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True
    )
    #: The area reported on (area report); NULL for a process report.
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("areas.id", ondelete="SET NULL"), index=True
    )
    #: Reporting period (inclusive); NULL means "the whole process".
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    #: ``de`` or ``en``: the language the PDF is written in.
    language: Mapped[str] = mapped_column(String(5), default="de")
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Staff member who asked for it; NULL when the scheduler made it.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: ``draft`` (staff and council only) → ``published`` (public archive, OParl).
    state: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Hex SHA-256 of ``pdf``; shown beside every download so readers can verify their copy.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: Size of ``pdf`` in bytes.
    size: Mapped[int] = mapped_column(Integer)
    #: The PDF itself, kept in the database so backup/restore covers it and every worker serves
    #: the same bytes.
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    process = relationship("Process", lazy="joined")
    area = relationship("Area", lazy="joined")

    @property
    def filename(self) -> str:
        """Download file name, e.g. ``beteiligungsbericht-12.pdf``."""
        return f"beteiligungsbericht-{self.id}-{self.language}.pdf"


@event.listens_for(ReportVersion, "before_update")
def _refuse_content_change(mapper, connection, target: ReportVersion) -> None:
    """Refuse any flush that would change the PDF, its hash or what it reports on."""
    state = inspect(target)
    for name in IMMUTABLE_COLUMNS:
        if name in state.unloaded:
            continue
        if state.attrs[name].history.has_changes():
            raise ImmutableVersionError(f"report version {target.id}: {name} is immutable")


class ReportJob(db.Model):
    """A request to generate a report, worked off by the scheduler or a background thread."""

    __tablename__ = "report_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(5), default="de")
    #: ``queued`` → ``running`` → ``done`` or ``failed``.
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    #: 0–100, shown as the progress bar on the job page.
    progress: Mapped[int] = mapped_column(Integer, default=0)
    #: Current step, or the error shown to staff when the job failed.
    message: Mapped[str] = mapped_column(Text, default="")
    #: The archived version the job produced (when done).
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_versions.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    version = relationship(ReportVersion)
