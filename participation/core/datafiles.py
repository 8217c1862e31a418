"""Read the bundled open-data files (``data/``), plain or gzip-compressed.

The repository carries the Berlin and Köln files gzip-compressed (``*.geojson.gz``, ``*.csv.gz``);
a city may drop in uncompressed files instead. Callers name the file without ``.gz``;
:func:`find_data_file` picks whichever exists, and :func:`read_data_bytes` decompresses by the
gzip magic number, so a renamed file still works.
"""

import gzip
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"


class DataFileMissing(FileNotFoundError):
    """A data file the caller needs is neither there plain nor as ``.gz``.

    ``str(error)`` is one line naming the file, fit for a command-line message.
    """

    def __init__(self, path: Path):
        super().__init__(f"data file missing: {path} (nor {path.name}.gz)")
        self.path = path

    def __str__(self) -> str:
        return self.args[0]


def find_data_file(directory: Path | str, name: str) -> Path:
    """Return ``directory/name`` or ``directory/name.gz``, whichever exists.

    :raises DataFileMissing: when neither exists.
    """
    plain = Path(directory) / name
    for candidate in (plain, plain.with_name(plain.name + ".gz")):
        if candidate.is_file():
            return candidate
    raise DataFileMissing(plain)


def read_data_bytes(path: Path | str) -> bytes:
    """Return the content of *path*, decompressed when it is gzip data."""
    raw = Path(path).read_bytes()
    return gzip.decompress(raw) if raw[:2] == GZIP_MAGIC else raw


def read_data_text(path: Path | str, encoding: str = "utf-8-sig") -> str:
    """Return the text of *path* (plain or gzip), decoded with *encoding* (BOM-tolerant)."""
    return read_data_bytes(path).decode(encoding)


def load_data_bytes(directory: Path | str, name: str) -> bytes:
    """Find *name* in *directory* (plain or ``.gz``) and return its decompressed bytes."""
    return read_data_bytes(find_data_file(directory, name))
