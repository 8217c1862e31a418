"""Defect 3: decompression bombs are refused by their header, with the normal photo message."""

import struct
import time
import zlib
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from participation.contributions.photos import MAX_PIXELS, PhotoError, process_photo

PIXEL_MESSAGE = "The photo has too many pixels. Please choose a smaller one."


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int, *, color_type: int = 6, depth: int = 8) -> bytes:
    """A valid PNG of *width*×*height* zero pixels that is only a few hundred KB on disk."""
    channels = {0: 1, 2: 3, 6: 4}[color_type]
    row = b"\0" + bytes((width * channels * depth + 7) // 8)
    deflate = zlib.compressobj(9)
    body = b"".join(deflate.compress(row) for _ in range(height)) + deflate.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def test_7740_square_rgba_png_is_refused_before_decoding():
    bomb = png_bomb(7740, 7740)
    assert len(bomb) < 400_000  # small on disk, 240 MB decoded
    started = time.perf_counter()
    with pytest.raises(PhotoError) as info:
        process_photo(bomb)
    assert str(info.value) == PIXEL_MESSAGE
    assert time.perf_counter() - started < 1.0  # never decoded


def test_20000_square_png_gets_the_normal_photo_message():
    bomb = png_bomb(20000, 20000, color_type=0, depth=1)
    with pytest.raises(PhotoError) as info:
        process_photo(bomb)
    assert str(info.value) == PIXEL_MESSAGE


def test_cap_is_a_phone_photo():
    assert MAX_PIXELS <= 40_000_000


def test_large_jpeg_is_decoded_reduced_and_stored(app, tmp_path):
    app.config["INSTANCE_DIR"] = tmp_path
    out = BytesIO()
    Image.new("RGB", (6000, 4000), (10, 120, 200)).save(out, "JPEG", quality=60)
    name = process_photo(out.getvalue())
    with Image.open(tmp_path / "uploads" / "contributions" / name) as stored:
        assert max(stored.size) == 1600


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    width=st.integers(1, 60_000),
    height=st.integers(1, 60_000),
    color_type=st.sampled_from([0, 2, 6]),
)
def test_any_png_header_gives_a_photo_or_a_clean_refusal(width, height, color_type, app, tmp_path):
    """Property: size and pixel bombs (header only, truncated data) never raise anything else."""
    app.config["INSTANCE_DIR"] = tmp_path
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )
    try:
        process_photo(data)
    except PhotoError as exc:
        assert str(exc)
