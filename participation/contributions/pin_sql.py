"""The pin's statements as driver SQL, built once per dialect and row shape (``fastwrite.py``).

On PostgreSQL the contribution, its areas and its map cells are one statement of data-modifying
CTEs (:attr:`Statements.combined`); :attr:`Statements.alone` adds the ``contributions`` version
bump for a pin committed on its own in autocommit, and :attr:`Statements.guarded` puts the
content-version guard of ``core/cache/guard.py`` in front of it. On SQLite they are separate
statements with ``executemany`` for the areas and cells.
"""

from participation.contributions.models import Contribution
from participation.core import pg_literals
from participation.core.cache import guard

_CONTRIBUTIONS = Contribution.__table__
#: Named parameter marks of the drivers the statements below are written for.
_MARKS = {"sqlite": ":{}", "postgresql": "%({})s"}


class Statements:
    """The inserts of a pin as driver SQL with named parameters, built once per dialect.

    Through ``connection.execute(table.insert(), row)`` SQLAlchemy compiled-cache-looked-up each
    statement and built every parameter set (15 map cells) with its bind processors, per pin:
    ~0.7 ms of CPU in the request, part of it inside the write lock. Here the SQL is text made
    once; the columns that have a bind processor (``UTCDateTime``) or a scalar default (which
    Core fills in) are applied by hand, so the stored rows stay those of ``table.insert()``
    (``tests/contributions/test_contrib_fastwrite.py`` compares them column by column).
    """

    def __init__(self, dialect, keys: tuple[str, ...]):
        mark = _MARKS[dialect.name]
        missing = [c for c in _CONTRIBUTIONS.c if c.name not in keys and c.default is not None]
        assert all(c.default.is_scalar for c in missing), "a callable default must be in the row"
        #: scalar defaults of the columns the row leaves out, as Core's insert() fills them in
        self.defaults = {c.name: c.default.arg for c in missing}
        names = [*keys, *self.defaults]
        self.processors = [
            (name, proc)
            for name in names
            if (proc := _CONTRIBUTIONS.c[name].type._cached_bind_processor(dialect)) is not None
        ]
        self.returning = dialect.name == "postgresql"
        self.contribution = (
            f"INSERT INTO contributions ({', '.join(names)}) "
            f"VALUES ({', '.join(mark.format(n) for n in names)})"
            + (" RETURNING id" if self.returning else "")
        )
        self.areas = (
            "INSERT INTO contribution_areas (contribution_id, area_id, level_id) "
            f"VALUES ({mark.format('contribution_id')}, {mark.format('area_id')}, "
            f"{mark.format('level_id')})"
        )
        key = ("process_id", "zoom", "gx", "gy", "shard")
        sums = ("count", "sum_lon", "sum_lat", "sum_id")
        self.cells = (
            f"INSERT INTO map_clusters ({', '.join(key + sums)}) "
            f"VALUES ({', '.join(mark.format(n) for n in key + sums)}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
            + ", ".join(f"{n} = map_clusters.{n} + excluded.{n}" for n in sums)
        )

        #: the ``contributions`` version bump of :func:`_commit_alone` (SQLite)
        self.version = (
            "INSERT INTO content_versions (name, shard, version) "
            f"VALUES ('contributions', {mark.format('fw_version_shard')}, 1) "
            "ON CONFLICT (name, shard) DO UPDATE SET version = content_versions.version + 1"
        )
        #: PostgreSQL: the three inserts as one statement (data-modifying CTEs), the areas and
        #: cells as arrays: one round trip instead of three while the row locks are held.
        self.combined = self.alone = self.guarded = None
        if dialect.name == "postgresql":
            self.combined = (
                f"WITH c AS ({self.contribution}), "
                "a AS (INSERT INTO contribution_areas (contribution_id, area_id, level_id) "
                "SELECT c.id, u.area_id, u.level_id FROM c, "
                "unnest(%(fw_area_ids)s::integer[], %(fw_level_ids)s::integer[]) "
                "AS u(area_id, level_id)), "
                f"m AS (INSERT INTO map_clusters ({', '.join(key + sums)}) "
                "SELECT %(process_id)s, u.zoom, u.gx, u.gy, u.shard, 1, %(lon)s, %(lat)s, c.id "
                "FROM c, unnest(%(fw_zooms)s::smallint[], %(fw_gxs)s::integer[], "
                "%(fw_gys)s::integer[], %(fw_shards)s::smallint[]) AS u(zoom, gx, gy, shard) "
                f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
                + ", ".join(f"{n} = map_clusters.{n} + excluded.{n}" for n in sums)
                + ") SELECT id FROM c"
            )
            #: ... and the version bump too: the whole pin in one statement, for autocommit
            #: (:func:`_commit_alone`). The cells are locked before the version row, as in the
            #: session's way (cells, then the version UPSERT at the commit): no lock-order
            #: deadlock between the two ways. Every sub-statement runs to completion.
            self.alone = self.combined.replace(
                ") SELECT id FROM c",
                f"), v AS ({self.version}) SELECT id FROM c",
            )
            #: ... guarded (``core/cache/guard.py``): the pin and the bump select from the
            #: guard's row, so nothing is stored when the process or areas have moved since
            #: this process read them; the statement then returns no row.
            values = f"VALUES ({', '.join(mark.format(n) for n in names)})"
            self.guarded = (
                "WITH "
                + guard.PG_CTE
                + ", "
                + self.alone[len("WITH ") :]
                .replace(values, f"SELECT {', '.join(mark.format(n) for n in names)} FROM g", 1)
                .replace(
                    "VALUES ('contributions', %(fw_version_shard)s, 1)",
                    "SELECT 'contributions', %(fw_version_shard)s, 1 FROM g",
                    1,
                )
            )
            # both inserts that could store something must select from the guard's row
            assert self.guarded.count(" FROM g") == 2 and values not in self.guarded

    def _params(self, row: dict) -> dict:
        params = row | self.defaults
        for name, proc in self.processors:
            params[name] = proc(params[name])
        return params

    def insert_contribution(self, connection, row: dict) -> int:
        """Insert *row* (the defaults and bind processors applied); return its id."""
        result = connection.exec_driver_sql(self.contribution, self._params(row))
        return result.scalar_one() if self.returning else result.lastrowid

    def array_params(self, row: dict, links, cells: list[dict]) -> dict:
        """The parameters of the PostgreSQL statements: the row, the areas and cells as arrays."""
        params = self._params(row)
        ints = pg_literals.ints  # text cast by the statement: cheaper than psycopg's lists
        params.update(
            fw_area_ids=ints([area for area, _level in links]),
            fw_level_ids=ints([level for _area, level in links]),
            fw_zooms=ints([c["zoom"] for c in cells]),
            fw_gxs=ints([c["gx"] for c in cells]),
            fw_gys=ints([c["gy"] for c in cells]),
            fw_shards=ints([c["shard"] for c in cells]),
        )
        return params

    def write(self, connection, row: dict, links, cells: list[dict]) -> int:
        """Insert the contribution, its areas and add it to its map cells; return its id."""
        if self.combined is not None:
            params = self.array_params(row, links, cells)
            return connection.exec_driver_sql(self.combined, params).scalar_one()
        cid = self.insert_contribution(connection, row)
        connection.exec_driver_sql(
            self.areas, [{"contribution_id": cid, "area_id": a, "level_id": lv} for a, lv in links]
        )
        if cells:
            # the hot rows last: on PostgreSQL they are locked from here to the COMMIT
            for cell in cells:
                cell["sum_id"] = cid
            connection.exec_driver_sql(self.cells, cells)
        return cid


_STATEMENTS: dict[tuple, Statements] = {}


def statements_for(dialect, keys: tuple[str, ...]) -> Statements | None:
    """The driver SQL for this dialect and row shape (None: another database, use Core)."""
    if dialect.name not in _MARKS or dialect.paramstyle not in ("named", "qmark", "pyformat"):
        return None
    found = _STATEMENTS.get((dialect.name, keys))
    if found is None:
        found = _STATEMENTS[(dialect.name, keys)] = Statements(dialect, keys)
    return found
