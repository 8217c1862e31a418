"""PostgreSQL array literals for the one-statement writes (survey responses and pins).

The answers' columns go to psycopg as text such as ``{1,NULL,3}``, cast by the statement
(``%(a_option_id)s::integer[]``): built with ``str.join`` here, where psycopg's list dumper
costs a Python call per element (~0.15 ms CPU per response of 29 answers). PostgreSQL's array
input reads them into exactly the values the lists carried (``tests/surveys/test_stale_guard.py``
sends quotes, backslashes, braces and the word NULL).
"""


def ints(values) -> str:
    """A PostgreSQL array literal of integers (None: NULL)."""
    return "{" + ",".join("NULL" if v is None else str(int(v)) for v in values) + "}"


def floats(values) -> str:
    """A PostgreSQL array literal of doubles: ``repr`` is the shortest exact form (round trip)."""
    return "{" + ",".join("NULL" if v is None else repr(float(v)) for v in values) + "}"


def texts(values) -> str:
    """A PostgreSQL array literal of texts: each quoted, backslash and double quote escaped."""
    return (
        "{"
        + ",".join(
            "NULL" if v is None else '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
            for v in values
        )
        + "}"
    )
