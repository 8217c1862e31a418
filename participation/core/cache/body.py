"""A stored page body: split once at its per-response placeholders, with a gzip copy made once.

A hit used to scan the whole body for the placeholders (three passes over 134 KB on the area
profile) and copy it while filling them in. The body is now split when it is stored, so a hit
only joins the parts around this response's tokens.

For clients that accept gzip (every phone browser) the parts are also stored deflated, each
ended with a full flush so that no part refers back into the one before: a response is the gzip
header, the deflated parts with this response's tokens between them as *stored* (uncompressed)
deflate blocks, and the gzip trailer. Nothing is compressed per request. The trailer's CRC-32 of
the whole page follows from the CRC of the page with zeros in the token slots, because CRC-32 is
linear: each token adds the CRC of its own bytes, shifted over the bytes that follow it (a
32-column table per slot, made when the page is stored). A token of another length than the one
seen when storing falls back to computing the CRC over the whole body.
"""

import re
import struct
import zlib
from typing import NamedTuple

#: Bodies smaller than this are not worth a gzip copy (the header and trailer eat the gain).
GZIP_MIN_BYTES = 1024
#: zlib level for the stored copy: made once per page and content version, so the good ratio.
GZIP_LEVEL = 6
#: More slots than this: the trailer's CRC is computed per response (the tables cost 32 CRC
#: passes per slot when storing).
MAX_FAST_SLOTS = 8
#: Content types worth compressing (HTML, JSON, GeoJSON, CSV, SVG, JavaScript).
COMPRESSIBLE = re.compile(r"^(text/|application/(json|geo\+json|javascript|xml)|image/svg)")

_MASK = 0xFFFFFFFF
#: gzip member header: magic, deflate, no flags, no mtime, no extra flags, OS unknown.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


class Gzipped(NamedTuple):
    """The deflated parts and what the trailer's CRC needs."""

    #: ``parts[i]`` raw-deflated on its own; the last one ends the stream (BFINAL).
    parts: tuple[bytes, ...]
    #: Token length per slot seen when storing (the fast CRC assumes these lengths).
    lengths: tuple[int, ...]
    #: CRC-32 of the body with zero bytes of those lengths in the slots.
    crc_zero: int
    #: Per slot: four byte tables of "carry a CRC register over the bytes after this slot"
    #: (None with more than :data:`MAX_FAST_SLOTS` slots).
    shifts: tuple | None


class StoredBody(NamedTuple):
    """A page body between its placeholders (picklable: Redis stores it as it is)."""

    #: Static parts; ``len(parts) == len(kinds) + 1``.
    parts: tuple[bytes, ...]
    #: The placeholder of each slot between two parts (its bytes, e.g. the CSRF placeholder).
    kinds: tuple[bytes, ...]
    gzipped: Gzipped | None


def split(body: bytes, placeholders: tuple[bytes, ...]) -> tuple[tuple[bytes, ...], tuple]:
    """(parts, kinds): *body* cut at every occurrence of any of *placeholders*, in order."""
    pattern = re.compile(b"(" + b"|".join(re.escape(p) for p in placeholders) + b")")
    pieces = pattern.split(body)
    return tuple(pieces[0::2]), tuple(pieces[1::2])


def _shift_columns(count: int) -> tuple[int, ...]:
    """Columns of the linear map "CRC register after *count* more zero bytes"."""
    zeros = bytes(count)
    return tuple((~zlib.crc32(zeros, ~(1 << bit) & _MASK)) & _MASK for bit in range(32))


def _apply(columns: tuple[int, ...], value: int) -> int:
    result, bit = 0, 0
    while value:
        if value & 1:
            result ^= columns[bit]
        value >>= 1
        bit += 1
    return result


def _byte_tables(columns: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """The map of *columns* as four 256-entry tables, one per byte of the register."""
    tables = []
    for byte in range(4):
        table = [0] * 256
        for value in range(1, 256):
            low = value & -value
            table[value] = table[value ^ low] ^ columns[8 * byte + low.bit_length() - 1]
        tables.append(tuple(table))
    return tuple(tables)


def _slot_tables(parts, lengths) -> tuple:
    """Per slot, the tables that carry a CRC register over everything after that slot.

    Built from the last slot backwards, each from the next one's map and the short stretch in
    between: 32 CRC passes over the body in all, however many slots it has.
    """
    if not lengths:
        return ()
    columns = _shift_columns(len(parts[-1]))
    per_slot = [columns]
    for i in range(len(lengths) - 2, -1, -1):
        between = _shift_columns(len(parts[i + 1]) + lengths[i + 1])
        columns = tuple(_apply(columns, c) for c in between)
        per_slot.append(columns)
    return tuple(_byte_tables(c) for c in reversed(per_slot))


def _deflate(part: bytes, last: bool) -> bytes:
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(part) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


def store(
    body: bytes, placeholders: tuple[bytes, ...], lengths: dict[bytes, int], content_type: str
) -> StoredBody:
    """Split *body* and, for a compressible type of some size, make its gzip copy.

    *lengths*: the token length expected for each placeholder (what this response filled in).
    """
    parts, kinds = split(body, placeholders)
    if len(body) < GZIP_MIN_BYTES or not COMPRESSIBLE.match(content_type or ""):
        return StoredBody(parts, kinds, None)
    slot_lengths = tuple(lengths.get(kind, len(kind)) for kind in kinds)
    zero_body = b"".join(_interleave(parts, [bytes(n) for n in slot_lengths]))
    shifts = None
    if len(kinds) <= MAX_FAST_SLOTS:
        shifts = _slot_tables(parts, slot_lengths)
    deflated = tuple(_deflate(part, i == len(parts) - 1) for i, part in enumerate(parts))
    if sum(map(len, deflated)) > 0.9 * len(body):
        return StoredBody(parts, kinds, None)  # already dense (images, archives): not worth it
    return StoredBody(parts, kinds, Gzipped(deflated, slot_lengths, zlib.crc32(zero_body), shifts))


def _interleave(parts, tokens) -> list[bytes]:
    pieces = [parts[0]]
    for token, part in zip(tokens, parts[1:], strict=True):
        pieces += (token, part)
    return pieces


def identity(stored: StoredBody, tokens: list[bytes]) -> bytes:
    """The page with *tokens* (one per slot) in its slots."""
    if not tokens:
        return stored.parts[0]
    return b"".join(_interleave(stored.parts, tokens))


def _crc(gz: Gzipped, stored: StoredBody, tokens: list[bytes]) -> int:
    if gz.shifts is None or any(len(t) != n for t, n in zip(tokens, gz.lengths, strict=True)):
        crc = 0
        for piece in _interleave(stored.parts, tokens):
            crc = zlib.crc32(piece, crc)
        return crc
    crc = gz.crc_zero
    for token, (t0, t1, t2, t3) in zip(tokens, gz.shifts, strict=True):
        # the token's own CRC register (started at zero), carried over the bytes after it
        value = (~zlib.crc32(token, _MASK)) & _MASK
        crc ^= t0[value & 255] ^ t1[(value >> 8) & 255] ^ t2[(value >> 16) & 255] ^ t3[value >> 24]
    return crc


def gzip(stored: StoredBody, tokens: list[bytes]) -> bytes:
    """The gzip encoding of :func:`identity` for the same *tokens*, without compressing."""
    gz = stored.gzipped
    pieces = [GZIP_HEADER, gz.parts[0]]
    size = len(stored.parts[0])
    for token, part, deflated in zip(tokens, stored.parts[1:], gz.parts[1:], strict=True):
        # a stored block (BFINAL 0, type 00): the previous part ended byte-aligned
        pieces += (b"\x00" + struct.pack("<HH", len(token), len(token) ^ 0xFFFF), token, deflated)
        size += len(token) + len(part)
    pieces.append(struct.pack("<II", _crc(gz, stored, tokens), size & _MASK))
    return b"".join(pieces)
