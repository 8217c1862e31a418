"""Council report demo: one archived, published Beteiligungsbericht of "Spielplatz Körnerpark"
(so the public archive and OParl have a Paper with a File).

One PDF only, to keep ``seed-demo`` quick; a draft for the council member (rat@example.org) is one
click away as ``planung@example.org`` on /manage/reports/."""

from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from participation.processes.models import Process
from participation.reports.models import ReportVersion
from participation.reports.services import generate_version, publish_version

DEMO_SLUG = "spielplatz-koernerpark"


def seed_reports() -> str:
    """Generate and publish the report of the demo process once (idempotent)."""
    process = db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG))
    if process is None:
        return ""
    if db.session.scalar(select(ReportVersion.id).where(ReportVersion.process_id == process.id)):
        return ""
    planner = db.session.scalar(select(User).where(User.email == "planung@example.org"))
    published = generate_version(process, language="de", user=planner)
    publish_version(published, planner)
    db.session.commit()
    return f"council report: /reports/ (published #{published.id}, sha256 {published.sha256[:12]}…)"
