"""Photos of use reports: the contributions photo pipeline (size and type checked by decoding,
EXIF removed, re-encoded, at most 1600 px) plus a small thumbnail, each with the alt text the
applicant wrote — the public budget page and the tracking page show them.

``Application.report_photos`` holds ``{"name", "thumb", "alt"}`` entries (older rows hold bare
file names; :func:`report_photos` reads both).
"""

from io import BytesIO

from flask_babel import gettext as _
from PIL import Image

from participation.budgets.services.applications import attachment_path, store_attachment
from participation.core.errors import ServiceError

THUMB_EDGE = 480
MAX_PHOTOS = 5


def make_thumbnail(name: str) -> str | None:
    """Write ``<name>-t.jpg`` (at most 480 px) beside a stored photo; return its name."""
    path = attachment_path(name)
    if path is None or not name.endswith(".jpg"):
        return None
    thumb = name[: -len(".jpg")] + "-t.jpg"
    with Image.open(path) as image:  # our own re-encoded JPEG: safe to decode
        image.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, "JPEG", quality=80, optimize=True)
    (path.parent / thumb).write_bytes(out.getvalue())
    return thumb


def store_report_photo(upload, alt: str) -> dict | None:
    """Check and store one photo with its alt text; a PDF is refused here (photos only)."""
    alt = (alt or "").strip()
    name = store_attachment(upload)
    if name is None:
        return None
    if not name.endswith(".jpg"):
        path = attachment_path(name)
        if path is not None:
            path.unlink(missing_ok=True)
        raise ServiceError(_("Please attach a photo (JPEG, PNG or WebP)."), "photo")
    if len(alt) < 5:
        path = attachment_path(name)
        if path is not None:
            path.unlink(missing_ok=True)
        raise ServiceError(
            _("Please describe the photo in a few words for people who cannot see it."), "photo_alt"
        )
    return {"name": name, "thumb": make_thumbnail(name), "alt": alt[:200]}


def report_photos(app) -> list[dict]:
    """The use report's photos as ``{"name", "thumb", "alt"}`` (old bare names included)."""
    photos = []
    for entry in app.report_photos or []:
        if isinstance(entry, str):
            entry = {"name": entry, "thumb": None, "alt": ""}
        if entry.get("name"):
            photos.append(
                {
                    "name": entry["name"],
                    "thumb": entry.get("thumb") or entry["name"],
                    "alt": entry.get("alt") or _("Photo of the project “%(t)s”", t=app.title),
                }
            )
    return photos


def photo_file(app, name: str):
    """Path of one of *app*'s report photos or thumbnails (never any other file), or None."""
    for entry in report_photos(app):
        if name in (entry["name"], entry["thumb"]):
            return attachment_path(name)
    return None
