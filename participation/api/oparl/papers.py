"""Paper (decisions and published council reports) and File (the reports' PDFs)."""

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from participation.api.oparl.base import (
    LICENSE_URL,
    Family,
    absolute,
    body_url,
    day,
    embedded,
    object_url,
    register,
    web_url,
)
from participation.api.oparl.meetings import public_decision_conditions
from participation.extensions import db
from participation.meetings.models import Decision, Meeting
from participation.reports.models import ReportVersion

#: Archived versions are immutable (reports package), so their SHA-512 never changes: computed
#: once per worker instead of reading every PDF for every list page.
_SHA512: dict[int, str] = {}


def sha512_of(ids) -> dict[int, str]:
    """SHA-512 of the PDFs *ids* (reads only the PDFs not seen before)."""
    missing = [i for i in ids if i not in _SHA512]
    if missing:
        rows = db.session.execute(
            select(ReportVersion.id, ReportVersion.pdf).where(ReportVersion.id.in_(missing))
        )
        for oid, pdf in rows:
            _SHA512[oid] = hashlib.sha512(pdf or b"").hexdigest()
    return {i: _SHA512[i] for i in ids if i in _SHA512}


def _title(text: str) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= 120 else line[:119].rstrip() + "…"


@register
class DecisionPaperFamily(Family):
    """A published decision of a meeting as oparl:Paper (paperType ``Beschluss``)."""

    kind = "paper"
    oparl_type = "Paper"
    model = Decision

    def public(self) -> list:
        """Published decisions."""
        return public_decision_conditions()

    def options(self) -> list:
        """The meeting (date, body) in the same query."""
        return [joinedload(Decision.meeting).joinedload(Meeting.body)]

    def serialize(self, obj: Decision, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Paper object with its consultation embedded."""
        meeting = obj.meeting
        return self.envelope(
            obj,
            body=body_url(),
            name=_title(obj.text),
            reference=f"B-{meeting.body.slug}-{obj.id}",
            date=day(meeting.starts_at),
            paperType="Beschluss",
            originatorOrganization=[object_url("organization", meeting.body_id)],
            consultation=embedded("consultation", [obj], omit=omit_internal),
            web=web_url("meetings.public_meeting", "meeting_id", meeting.id),
        )


class _PublishedReports(Family):
    model = ReportVersion

    def public(self) -> list:
        """Published versions only: drafts are for staff and council."""
        return [ReportVersion.state == "published"]

    def modified_col(self):
        """Publishing is the last change a version gets (its content is immutable)."""
        return func.coalesce(ReportVersion.published_at, ReportVersion.created_at)

    def prefetch(self, objects: list) -> dict:
        """SHA-512 of the PDFs (cached per worker)."""
        return {"sha512": sha512_of([o.id for o in objects])}


@register
class FileFamily(_PublishedReports):
    """The PDF of a published council report as oparl:File."""

    kind = "file"
    oparl_type = "File"

    def serialize(self, obj: ReportVersion, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:File object: inline access URL, attachment download URL, checksums."""
        sha512 = ctx.get("sha512", {}).get(obj.id) or sha512_of([obj.id]).get(obj.id)
        return self.envelope(
            obj,
            modified=obj.published_at or obj.created_at,
            name=obj.title,
            fileName=obj.filename,
            mimeType="application/pdf",
            date=day(obj.published_at or obj.created_at),
            size=obj.size,
            sha512Checksum=sha512,
            accessUrl=absolute("api.oparl_file_access", oid=obj.id),
            downloadUrl=absolute("api.oparl_file_download", oid=obj.id),
            fileLicense=LICENSE_URL,
            paper=[object_url("report", obj.id)],
        )


@register
class ReportPaperFamily(_PublishedReports):
    """A published council participation report as oparl:Paper (its PDF is the main file)."""

    kind = "report"
    oparl_type = "Paper"

    def serialize(self, obj: ReportVersion, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Paper object with the PDF embedded as ``mainFile``."""
        return self.envelope(
            obj,
            modified=obj.published_at or obj.created_at,
            body=body_url(),
            name=obj.title,
            reference=f"BB-{obj.id}",
            date=day(obj.published_at or obj.created_at),
            paperType="Beteiligungsbericht",
            mainFile=None if omit_internal else FileFamily().serialize(obj, ctx),
        )
