"""Photo uploads: size limit, type sniffed by decoding, EXIF removed, re-encoded and downscaled.

The stored file is always a fresh JPEG written by Pillow under a random name, so nothing the
resident's camera embedded (GPS position, device, owner) survives, and no user-chosen path or
file type is ever served.
"""

import secrets
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from participation.core.errors import ServiceError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_EDGE = 1600
#: Formats we accept after sniffing (decoding), whatever the file name or content type says.
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
#: Refuse larger images by their header, before any pixel is decoded (decompression bombs): a
#: phone photo has at most ~40 MP, and we keep only 1600 px anyway. A 40 MP RGBA PNG still
#: decodes to 160 MB, so this is the upper bound a worker must be able to afford.
MAX_PIXELS = 40_000_000


class PhotoError(ServiceError):
    """The upload is not a usable photo; the message is shown to the resident.

    A subclass because :func:`process_photo` tells its own refusals apart from Pillow's errors.
    """

    def __init__(self, message: str):
        super().__init__(message, field="photo")


def upload_dir() -> Path:
    """Folder for contribution photos (created on demand)."""
    folder = Path(current_app.config["INSTANCE_DIR"]) / "uploads" / "contributions"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_limited(photo) -> bytes:
    """Read bytes from *photo* (bytes or a file-like object), refusing more than 10 MB."""
    if isinstance(photo, bytes | bytearray):
        data = bytes(photo)
    else:
        data = photo.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(_("The photo is larger than 10 MB. Please choose a smaller one."))
    return data


def process_photo(photo) -> str | None:
    """Check, clean and store *photo*; return the stored file name (``None`` for no photo)."""
    data = read_limited(photo)
    if not data:
        return None
    too_many = _("The photo has too many pixels. Please choose a smaller one.")
    try:
        with Image.open(BytesIO(data)) as image:
            # Image.open reads only the header: check format and size before decoding pixels.
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoError(_("Please upload a photo (JPEG, PNG or WebP)."))
            width, height = image.size
            if width * height > MAX_PIXELS or getattr(image, "n_frames", 1) > 1000:
                raise PhotoError(too_many)
            # JPEG: decode at 1/2, 1/4 or 1/8 scale right away when that still exceeds MAX_EDGE.
            image.draft("RGB", (MAX_EDGE, MAX_EDGE))
            image.load()
            image = ImageOps.exif_transpose(image)  # keep the picture upright once EXIF is gone
            image = _flatten(image)
            image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
            out = BytesIO()
            # A fresh JPEG without exif/icc/xmp arguments: no metadata is written.
            image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    except PhotoError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own (higher) limit: same message
        raise PhotoError(too_many) from exc
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError) as exc:
        raise PhotoError(_("Please upload a photo (JPEG, PNG or WebP).")) from exc
    name = f"{secrets.token_hex(16)}.jpg"
    (upload_dir() / name).write_bytes(out.getvalue())
    return name


def _flatten(image: Image.Image) -> Image.Image:
    """Convert to RGB, putting transparent parts on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def photo_path(name: str) -> Path | None:
    """Full path of a stored photo, or None for a name we did not generate."""
    if not name or "/" in name or "\\" in name or not name.endswith(".jpg"):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None


def delete_photo(name: str | None) -> None:
    """Remove a stored photo (e.g. when the contribution that owned it was not stored)."""
    path = photo_path(name) if name else None
    if path is not None:
        path.unlink(missing_ok=True)
