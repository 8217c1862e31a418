"""Integers from URLs, query strings and form values: one rule for the whole application.

``str.isdigit()`` accepts superscripts ("²") and other Unicode digits that ``int()`` refuses, and
an id of 20 digits overflows SQLite's and PostgreSQL's integer columns. Everything numeric that a
request carries goes through :class:`BoundedIntConverter` (every ``<int:…>`` route) or
:func:`int_arg` / :func:`parse_int` (query and form values): ASCII ``[0-9]`` only, at most ten
digits, within the 32-bit range of an id column.
"""

import re
from collections.abc import Mapping

from flask import abort, request
from werkzeug.routing import IntegerConverter, ValidationError

#: Largest id a 32-bit INTEGER column holds (PostgreSQL ``integer``; SQLite is 64-bit, but ids
#: beyond this are never ours).
MAX_INT = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}", re.ASCII)
_SIGNED = re.compile(r"-?[0-9]{1,10}", re.ASCII)


class BoundedIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter limited to ASCII digits and ``0 … 2**31-1`` (else 404)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):
        """Same arguments as werkzeug's converter; *max* defaults to :data:`MAX_INT`."""
        super().__init__(map, fixed_digits, min, MAX_INT if max is None else max, signed)
        if signed:
            self.regex = r"-?[0-9]+"

    def to_python(self, value: str) -> int:
        """Parse *value*; more than ten digits never reach ``int()`` (no 4300-digit error)."""
        if not (_SIGNED if self.signed else _DIGITS).fullmatch(value):
            raise ValidationError()
        return super().to_python(value)


def parse_int(
    value, default=None, *, min: int | None = None, max: int | None = MAX_INT, signed=False
):
    """Return *value* as an int if it is plain ASCII digits within bounds, else *default*.

    Accepts str (surrounding spaces ignored) and int; everything else gives *default*.
    """
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    else:
        if not isinstance(value, str):
            return default
        text = value.strip()
        if not (_SIGNED if signed else _DIGITS).fullmatch(text):
            return default
        number = int(text)
    if (min is not None and number < min) or (max is not None and number > max):
        return default
    return number


def int_arg(
    name: str,
    default=None,
    *,
    min: int | None = None,
    max: int | None = MAX_INT,
    source: Mapping | None = None,
    strict: bool = False,
):
    """The integer query (or *source*) parameter *name*, or *default* when missing or invalid.

    :param source: where to read (``request.form``, a dict); ``request.args`` by default.
    :param strict: answer 400 instead of returning *default* for a present but invalid value.
    """
    values = request.args if source is None else source
    raw = values.get(name)
    if raw is None or raw == "":
        return default
    number = parse_int(raw, None, min=min, max=max, signed=min is not None and min < 0)
    if number is None:
        if strict:
            abort(400)
        return default
    return number


def int_list(raw: str | None, *, limit: int = 50, sep: str = ",") -> list[int]:
    """Ids from a comma-separated value (``?saved=3,5``); invalid parts are skipped."""
    numbers = (parse_int(part) for part in (raw or "").split(sep)[: limit * 2])
    return [n for n in numbers if n is not None][:limit]
