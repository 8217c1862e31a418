"""Applications without an account: submit, edit until the window closes, eligibility check by
staff (a reason the applicant sees), use report through the tracking link."""

import math
import secrets
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from shapely.geometry import Point, shape
from sqlalchemy import select

from participation.budgets.links import new_salt, token_for
from participation.budgets.models import APPLICANT_TYPES, Application, Budget, CostLine
from participation.budgets.services import loop
from participation.budgets.services.common import bump_public, check_scope, clean, euros
from participation.contributions.photos import PhotoError, process_photo, read_limited
from participation.contributions.tokens import hash_token
from participation.core.addresses import consented_email
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.i18n import current_language
from participation.extensions import db

MAX_LINES = 20
TITLE_MAX = 120


def upload_dir() -> Path:
    """Folder for application attachments (created on demand)."""
    folder = Path(current_app.config["INSTANCE_DIR"]) / "uploads" / "budgets"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_attachment(upload) -> str | None:
    """Check and store a photo (re-encoded, EXIF removed) or a PDF; return the stored name.

    PDFs are recognised by their header, never by the file name; at most 10 MB.
    """
    try:
        data = read_limited(upload)
    except PhotoError as exc:
        raise ServiceError(
            _("The file is larger than 10 MB. Please choose a smaller one."), "attachment"
        ) from exc
    if not data:
        return None
    if data[:5] == b"%PDF-":
        name = f"{secrets.token_hex(16)}.pdf"
        (upload_dir() / name).write_bytes(data)
        return name
    try:
        photo = process_photo(data)
    except PhotoError as exc:
        raise ServiceError(
            _("Please attach a photo (JPEG, PNG, WebP) or a PDF document."), "attachment"
        ) from exc
    # process_photo stores in the contributions folder; keep budget files apart
    from participation.contributions.photos import photo_path

    source = photo_path(photo)
    target = upload_dir() / photo
    source.replace(target)
    return photo


def attachment_path(name: str | None) -> Path | None:
    """Path of a stored attachment, or None for a name we did not generate."""
    if not name or "/" in name or "\\" in name or not name.endswith((".jpg", ".pdf")):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None


def _lines(raw: list[tuple[str, object]]) -> list[CostLine]:
    rows = []
    for item, amount in raw:
        item = (item or "").strip()
        if not item and amount in (None, ""):
            continue
        if not item:
            raise ServiceError(_("Please name each cost item."), "cost_lines")
        rows.append(
            CostLine(
                item=clean(item, "cost_lines", 200),
                amount=euros(amount, "cost_lines"),
                position=len(rows),
            )
        )
    if not rows:
        raise ServiceError(_("Please list at least one cost item with its amount."), "cost_lines")
    if len(rows) > MAX_LINES:
        raise ServiceError(_("At most %(n)d cost lines, please.", n=MAX_LINES), "cost_lines")
    return rows


def _point(budget: Budget, lon, lat) -> tuple[float | None, float | None]:
    if lon in (None, "") and lat in (None, ""):
        return None, None
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("Please place the point on the map again."), "location") from exc
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ServiceError(_("Please place the point on the map again."), "location")
    if budget.area.geometry and not shape(budget.area.geometry).contains(Point(lon, lat)):
        raise ServiceError(
            _(
                "This place lies outside %(area)s. Please put the point inside the area.",
                area=budget.area.name,
            ),
            "location",
        )
    return round(lon, 6), round(lat, 6)


def _apply(app: Application, budget: Budget, data: dict) -> None:
    app.title = clean(
        data.get("title"), "title", TITLE_MAX, required=_("Please give your project a title.")
    )
    app.description = clean(
        data.get("description"), "description", 4000, required=_("Please describe what you plan.")
    )
    app.target_groups = clean(data.get("target_groups"), "target_groups", 300)
    app.when_text = clean(data.get("when_text"), "when_text", 200)
    app.applicant_name = clean(
        data.get("applicant_name"),
        "applicant_name",
        200,
        required=_("Please tell us who applies (a person or an initiative)."),
    )
    kind = data.get("applicant_type") or "resident"
    if kind not in APPLICANT_TYPES:
        raise ServiceError(_("Please choose who applies."), "applicant_type")
    if kind not in budget.applicant_types:
        raise ServiceError(
            _("This budget does not take applications from: %(kind)s.", kind=APPLICANT_TYPES[kind]),
            "applicant_type",
        )
    app.applicant_type = kind
    if "applicant_actor_id" in data:
        # the applying organisation from the stakeholder registry (conflicts of interest)
        app.applicant_actor_id = data.get("applicant_actor_id") or None
    app.lon, app.lat = _point(budget, data.get("lon"), data.get("lat"))
    lines = _lines(data.get("cost_lines") or [])
    total = sum(line.amount for line in lines)
    if total <= 0:
        raise ServiceError(_("The requested amount must be more than 0 €."), "cost_lines")
    if budget.max_per_application and total > budget.max_per_application:
        raise ServiceError(
            _(
                "At most %(n)s € per application; your cost plan adds up to %(t)s €.",
                n=budget.max_per_application,
                t=total,
            ),
            "cost_lines",
        )
    if total > budget.amount:
        raise ServiceError(_("The cost plan exceeds the whole budget."), "cost_lines")
    app.cost_lines = lines
    app.amount_requested = total


def submit_application(
    budget: Budget, *, email=None, consent=False, attachment=None, today: date | None = None, **data
) -> tuple[Application, str]:
    """Store an application; return it with its private tracking token (shown once).

    The first application freezes the criteria. When the budget has a process, the
    application also becomes a contribution (kind ``budget_application``) for the feedback loop.
    """
    if not budget.window_open(today):
        raise ServiceError(_("This budget does not take applications at the moment."))
    app = Application(
        budget=budget, budget_id=budget.id, token_salt=new_salt(), locale=current_language()
    )
    token = token_for(app)
    app.tracking_hash = hash_token(token)
    _apply(app, budget, data)
    email = consented_email(email, consent)
    app.email, app.email_consent_at = email, (utcnow() if email else None)
    if attachment is not None:
        app.attachment = store_attachment(attachment)
    if budget.criteria_frozen_at is None:
        budget.criteria_frozen_at = utcnow()
    db.session.add(app)
    db.session.flush()
    _as_contribution(budget, app)
    log_action("budgets.apply", app, budget_id=budget.id, amount=app.amount_requested)
    bump_public()
    return app, token


def _as_contribution(budget: Budget, app: Application) -> None:
    """Mirror the application as a contribution when the budget's process takes them."""
    process = budget.process
    if process is None:
        return
    from participation.contributions.services import create_contribution

    area = budget.area if any(budget.area.path.startswith(a.path) for a in process.areas) else None
    try:
        with db.session.begin_nested():
            contribution = create_contribution(
                process,
                kind="budget_application",
                channel="online",
                title=app.title,
                body=app.description[:2000],
                area=area,
                source_ref=f"budget-application:{app.id}",
            )
    except ServiceError:
        return  # the process takes no contributions now: the application stands on its own
    # The loop's digest writes to the contribution's address: the consent given on the
    # application form covers it (set here, so no second confirmation e-mail goes out).
    contribution.email, contribution.email_consent_at = app.email, app.email_consent_at
    app.contribution_id = contribution.id


def find_by_token(token: str) -> Application | None:
    """The application a tracking link points to, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(Application).where(Application.tracking_hash == hash_token(token))
    )


def edit_application(app: Application, today: date | None = None, **data) -> None:
    """The applicant changes the application while the window is open and nothing is decided."""
    if not app.budget.window_open(today) or app.status not in ("submitted", "eligible"):
        raise ServiceError(
            _("The application window has closed: the application can no longer be changed.")
        )
    _apply(app, app.budget, data)
    app.updated_at = utcnow()
    loop.sync_text(app)
    log_action("budgets.edit_application", app)
    bump_public()


def check_eligibility(app: Application, user, eligible: bool, reason: str = "") -> None:
    """Staff record the formal check; "not eligible" needs a reason the applicant sees."""
    check_scope(user, app.budget.area)
    if app.status not in ("submitted", "eligible", "not_eligible"):
        raise ServiceError(_("This application has been decided already."), "eligible")
    reason = clean(reason, "reason", 2000)
    if not eligible and len(reason) < 10:
        raise ServiceError(
            _("Please explain to the applicant why the application is not eligible."), "reason"
        )
    app.status = "eligible" if eligible else "not_eligible"
    app.reason = "" if eligible else reason
    app.updated_at = utcnow()
    log_action("budgets.eligibility", app, user=user, eligible=eligible)
    if eligible:
        loop.answer_in_review(app, user)
    else:
        loop.answer_not_taken_up(app, user, reason)
        if not loop.reaches_applicant(app):
            from participation.budgets.services.accounting import tell_applicant

            tell_applicant(app)
    bump_public()


def submit_use_report(app: Application, text: str, actuals: dict[int, object], photos=()) -> None:
    """The applicant's use report (Verwendungsnachweis): what was done, actual cost per line,
    photos as ``(upload, alt text)`` pairs (alt text required; thumbnails made)."""
    if app.status not in ("funded", "partly_funded"):
        raise ServiceError(_("A use report is possible once the project is funded."))
    app.use_report = clean(text, "use_report", 4000, required=_("Please describe what was done."))
    for line in app.cost_lines:
        value = actuals.get(line.id)
        line.actual = None if value in (None, "") else euros(value, f"actual_{line.id}")
    from participation.budgets.services.photos import MAX_PHOTOS, store_report_photo

    added = []
    for upload, alt in photos:
        if upload is not None:
            entry = store_report_photo(upload, alt)
            if entry:
                added.append(entry)
    app.report_photos = [*(app.report_photos or []), *added][:MAX_PHOTOS]
    app.use_report_at = utcnow()
    log_action("budgets.use_report", app)
    bump_public()
